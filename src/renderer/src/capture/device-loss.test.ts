import { describe, expect, it } from 'vitest';
import { deviceLost, withNotice, withoutNotice } from './device-loss';
import { RECORDER_STATES } from './recorder-state';

describe('deviceLost', () => {
  it('stops the recording when the screen share ends, and cancels it before it started', () => {
    expect(deviceLost('screen', 'recording')).toEqual({ action: 'stop', notice: 'screen-ended' });
    expect(deviceLost('screen', 'paused')).toEqual({ action: 'stop', notice: 'screen-ended' });
    expect(deviceLost('screen', 'countdown')).toEqual({ action: 'stop', notice: 'screen-ended-before-start' });
    expect(deviceLost('screen', 'preparing')).toEqual({ action: 'stop', notice: 'screen-ended-before-start' });
  });

  it('goes on without the camera, and with a silent microphone track', () => {
    for (const state of ['preparing', 'countdown', 'recording', 'paused'] as const) {
      expect(deviceLost('camera', state)).toEqual({ action: 'drop-camera', notice: 'camera-lost' });
      expect(deviceLost('microphone', state)).toEqual({ action: 'record-silence', notice: 'microphone-lost' });
    }
  });

  it('does nothing once the recording is over (our own release ends the tracks too)', () => {
    for (const state of RECORDER_STATES.filter((s) => !['preparing', 'countdown', 'recording', 'paused'].includes(s))) {
      for (const device of ['screen', 'camera', 'microphone'] as const) expect(deviceLost(device, state)).toBeNull();
    }
  });
});

describe('notices', () => {
  it('holds each notice once, in the order they came', () => {
    let notices = withNotice([], 'camera-lost');
    notices = withNotice(notices, 'microphone-silent');
    notices = withNotice(notices, 'camera-lost');
    expect(notices).toEqual(['camera-lost', 'microphone-silent']);
    expect(withoutNotice(notices, 'camera-lost')).toEqual(['microphone-silent']);
    expect(withoutNotice(notices, 'screen-ended')).toBe(notices);
  });

  it('a lost microphone replaces its silence warning, and is not called silent afterwards', () => {
    let notices = withNotice(['microphone-silent'], 'microphone-lost');
    expect(notices).toEqual(['microphone-lost']);
    notices = withNotice(notices, 'microphone-silent');
    expect(notices).toEqual(['microphone-lost']);
  });
});
