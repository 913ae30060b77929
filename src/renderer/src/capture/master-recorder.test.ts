import { describe, expect, it } from 'vitest';
import { masterVideoBitrate, pickMasterMimeType } from './master-recorder';

describe('pickMasterMimeType', () => {
  it('prefers VP9, then VP8, then H.264 in WebM', () => {
    expect(pickMasterMimeType(() => true)).toBe('video/webm;codecs=vp9,opus');
    expect(pickMasterMimeType((t) => !t.includes('vp9'))).toBe('video/webm;codecs=vp8,opus');
    expect(pickMasterMimeType((t) => t.includes('h264'))).toBe('video/webm;codecs=h264,opus');
  });
  it('fails clearly without WebM', () => {
    expect(() => pickMasterMimeType(() => false)).toThrow(/WebM/);
  });
});

describe('masterVideoBitrate', () => {
  it('gives 1080p30 about 6 Mbps, with a floor and a cap', () => {
    expect(masterVideoBitrate(1920, 1080, 30)).toBe(6_220_800);
    expect(masterVideoBitrate(320, 240, 15)).toBe(2_000_000);
    expect(masterVideoBitrate(7680, 4320, 60)).toBe(40_000_000);
  });
});
