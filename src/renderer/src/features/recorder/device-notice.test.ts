import { describe, expect, it } from 'vitest';
import { deviceNotices } from './device-notice';

const texts = (...args: Parameters<typeof deviceNotices>) => deviceNotices(...args).map((n) => n.text);

describe('deviceNotices', () => {
  it('says the recording stopped because sharing ended, once it is stopping or stopped', () => {
    for (const state of ['stopping', 'stopped'] as const) {
      expect(texts(['screen-ended'], state)).toEqual(['Screen sharing ended, so the recording stopped. Everything recorded until then is kept.']);
    }
    expect(texts(['screen-ended-before-start'], 'cancelled')).toEqual(['Screen sharing ended before the recording started, so nothing was recorded.']);
  });

  it('says the recording goes on without a lost camera or microphone, and warns of a silent microphone', () => {
    expect(texts(['camera-lost', 'microphone-lost'], 'recording')).toEqual([
      'The camera was disconnected; recording continues without it. Choose a camera to bring the bubble back.',
      'The microphone was disconnected; recording continues without your voice.',
    ]);
    expect(texts(['microphone-silent'], 'paused')).toEqual(['Your microphone seems silent (no sound for 10 s). Check it is not muted.']);
  });

  it('tells what happened once the recording is over, and drops the silence warning', () => {
    expect(texts(['camera-lost', 'microphone-silent', 'screen-ended'], 'stopped')).toEqual([
      'The camera was disconnected during the recording; from then on it has no camera bubble.',
      'Screen sharing ended, so the recording stopped. Everything recorded until then is kept.',
    ]);
    expect(texts(['microphone-lost'], 'failed')).toEqual(['The microphone was disconnected during the recording; your voice is missing from then on.']);
  });
});
