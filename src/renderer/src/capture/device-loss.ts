// What the recorder does when a device goes away while it records, and what it tells the user:
// one table, so the controller only carries it out. Nothing recorded is ever dropped:
// - the screen share ended (the browser's "Stop sharing", the shared window closed): the recording
//   stops as if Stop was pressed, and is published; before it started, Stop means Cancel
// - the camera went away: the recording goes on without the bubble (another camera brings it back)
// - the microphone went away: the recording goes on, its audio track silent from then on (the
//   mix keeps producing samples), so the file's timeline stays whole
import type { RecorderState } from './recorder-state';

export type CaptureDevice = 'screen' | 'camera' | 'microphone';

/** What the recorder tells the user about its devices; the words are in features/recorder. */
export type DeviceNotice = 'screen-ended' | 'screen-ended-before-start' | 'camera-lost' | 'microphone-lost' | 'microphone-silent';

export type DeviceLossAction = 'stop' | 'drop-camera' | 'record-silence';

export interface DeviceLossDecision {
  action: DeviceLossAction;
  notice: DeviceNotice;
}

const BEFORE_START: readonly RecorderState[] = ['preparing', 'countdown'];
const CAPTURING: readonly RecorderState[] = ['recording', 'paused'];

const LOSS: Record<CaptureDevice, DeviceLossDecision> = {
  screen: { action: 'stop', notice: 'screen-ended' },
  camera: { action: 'drop-camera', notice: 'camera-lost' },
  microphone: { action: 'record-silence', notice: 'microphone-lost' },
};

/** What to do when a device's track ended in this state; null: nothing (the recording is over). */
export function deviceLost(device: CaptureDevice, state: RecorderState): DeviceLossDecision | null {
  if (BEFORE_START.includes(state)) {
    return device === 'screen' ? { action: 'stop', notice: 'screen-ended-before-start' } : LOSS[device];
  }
  return CAPTURING.includes(state) ? LOSS[device] : null;
}

/** The notices with one more (each once); a lost microphone is no longer merely silent. */
export function withNotice(notices: readonly DeviceNotice[], notice: DeviceNotice): readonly DeviceNotice[] {
  if (notice === 'microphone-silent' && notices.includes('microphone-lost')) return notices;
  const rest = notice === 'microphone-lost' ? withoutNotice(notices, 'microphone-silent') : notices;
  return rest.includes(notice) ? rest : [...rest, notice];
}

export function withoutNotice(notices: readonly DeviceNotice[], notice: DeviceNotice): readonly DeviceNotice[] {
  return notices.includes(notice) ? notices.filter((n) => n !== notice) : notices;
}
