// What the recorder says about its devices, in words: the screen share ended, the camera or the
// microphone went away, the microphone is silent. While recording the words say what happens
// now; once the recording is over, what happened to it. Pure, so it is tested in Node;
// DeviceStatus only renders it.
import type { DeviceNotice } from '../../capture/device-loss';
import type { RecorderState } from '../../capture/recorder-state';
import { SILENCE_WARN_AFTER_MS } from '../../capture/silence-detector';

export interface DeviceNoticeText {
  notice: DeviceNotice;
  text: string;
}

const SILENT_SECONDS = Math.round(SILENCE_WARN_AFTER_MS / 1000);

/** the words while recording (or counting down), then once it is over; null: not said then */
const WORDS: Record<DeviceNotice, { during: string | null; after: string | null }> = {
  'screen-ended': {
    during: null,
    after: 'Screen sharing ended, so the recording stopped. Everything recorded until then is kept.',
  },
  'screen-ended-before-start': {
    during: null,
    after: 'Screen sharing ended before the recording started, so nothing was recorded.',
  },
  'camera-lost': {
    during: 'The camera was disconnected; recording continues without it. Choose a camera to bring the bubble back.',
    after: 'The camera was disconnected during the recording; from then on it has no camera bubble.',
  },
  'microphone-lost': {
    during: 'The microphone was disconnected; recording continues without your voice.',
    after: 'The microphone was disconnected during the recording; your voice is missing from then on.',
  },
  'microphone-silent': {
    during: `Your microphone seems silent (no sound for ${SILENT_SECONDS} s). Check it is not muted.`,
    after: null,
  },
};

const DURING: readonly RecorderState[] = ['preparing', 'countdown', 'recording', 'paused'];

export function deviceNotices(notices: readonly DeviceNotice[], state: RecorderState): DeviceNoticeText[] {
  const when = DURING.includes(state) ? 'during' : 'after';
  return notices.flatMap((notice) => {
    const text = WORDS[notice][when];
    return text ? [{ notice, text }] : [];
  });
}
