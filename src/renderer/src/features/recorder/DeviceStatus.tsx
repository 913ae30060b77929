// What happened to the recorder's devices, in words (device-notice.ts decides them).
import type { ReactNode } from 'react';
import type { DeviceNotice } from '../../capture/device-loss';
import type { RecorderState } from '../../capture/recorder-state';
import { deviceNotices } from './device-notice';

export function DeviceStatus({ notices, state }: { notices: readonly DeviceNotice[]; state: RecorderState }): ReactNode {
  return deviceNotices(notices, state).map(({ notice, text }) => (
    <p key={notice} className="status status-warning" role="alert" data-notice={notice}>
      {text}
    </p>
  ));
}
