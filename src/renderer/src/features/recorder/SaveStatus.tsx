// What the send queue is doing, in words (save-notice.ts decides them).
import type { ReactNode } from 'react';
import type { SendQueueStatus } from '../../capture/send-queue';
import { saveNotice } from './save-notice';

const CLASS = { error: 'status status-error', warning: 'status status-warning', info: 'status' } as const;

export function SaveStatus({ upload, stopping }: { upload: SendQueueStatus; stopping: boolean }): ReactNode {
  const notice = saveNotice(upload, stopping);
  if (!notice) return null;
  return (
    <p className={CLASS[notice.tone]} role={notice.tone === 'info' ? 'status' : 'alert'}>
      {notice.text}
    </p>
  );
}
