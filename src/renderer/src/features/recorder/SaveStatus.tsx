// What the send queue is doing, in words: waiting bytes, a retry in progress, a put that failed.
import type { ReactNode } from 'react';
import type { SendQueueStatus } from '../../capture/send-queue';
import { formatBytes } from '../library/format';

const EXPLAIN: Record<string, string> = {
  'disk-full': 'The disk is full. Free some space; nothing recorded so far is lost.',
  'storage-unreachable': 'The storage cannot be reached.',
  internal: 'Reelay is not answering.',
};

export function SaveStatus({ upload, stopping }: { upload: SendQueueStatus; stopping: boolean }): ReactNode {
  if (upload.failed) {
    return (
      <p className="status status-error" role="alert">
        {upload.failed.label} could not be saved: {upload.failed.error.message}
      </p>
    );
  }
  if (upload.retrying) {
    const { error, retryInMs } = upload.retrying;
    return (
      <p className="status status-warning" role="alert">
        Saving is held up: {EXPLAIN[error.code] ?? error.message} Trying again in {Math.max(1, Math.round(retryInMs / 1000))} s.{' '}
        {upload.pending > 0 && `${formatBytes(upload.pendingBytes)} waiting, kept in memory.`}
      </p>
    );
  }
  if (stopping && upload.pending > 0) {
    return (
      <p className="status" role="status">
        Saving the last {upload.pending} piece{upload.pending === 1 ? '' : 's'} ({formatBytes(upload.pendingBytes)})…
      </p>
    );
  }
  return null;
}
