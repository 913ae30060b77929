import { describe, expect, it } from 'vitest';
import { missingCapabilities } from './capabilities';

describe('missingCapabilities', () => {
  const fn = () => undefined;
  const chromium = {
    navigator: { mediaDevices: { getDisplayMedia: fn } },
    MediaStreamTrackProcessor: fn,
    MediaStreamTrackGenerator: fn,
    VideoEncoder: fn,
    VideoFrame: fn,
    MediaRecorder: fn,
    AudioContext: fn,
  };
  it('finds nothing missing in Chromium', () => {
    expect(missingCapabilities(chromium)).toEqual([]);
  });
  it('names what a browser without breakout-box streams lacks', () => {
    const { MediaStreamTrackProcessor: _p, MediaStreamTrackGenerator: _g, ...firefox } = chromium;
    expect(missingCapabilities(firefox)).toEqual(['MediaStreamTrackProcessor', 'MediaStreamTrackGenerator']);
  });
  it('notices a missing screen capture', () => {
    expect(missingCapabilities({ ...chromium, navigator: {} })).toContain('screen capture (getDisplayMedia)');
  });
});
