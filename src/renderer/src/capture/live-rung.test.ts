import { describe, expect, it } from 'vitest';
import { liveRung, liveRungSize } from './live-rung';

describe('liveRungSize', () => {
  it('keeps a 720p source as it is', () => {
    expect(liveRungSize({ width: 1280, height: 720 })).toEqual({ width: 1280, height: 720 });
  });
  it('scales 1080p and 4K down to 720p', () => {
    expect(liveRungSize({ width: 1920, height: 1080 })).toEqual({ width: 1280, height: 720 });
    expect(liveRungSize({ width: 3840, height: 2160 })).toEqual({ width: 1280, height: 720 });
  });
  it('never upscales a small source, and makes odd sizes even', () => {
    expect(liveRungSize({ width: 801, height: 451 })).toEqual({ width: 800, height: 450 });
    expect(liveRungSize({ width: 640, height: 480 })).toEqual({ width: 640, height: 480 });
  });
  it('keeps the aspect ratio of ultrawide and portrait screens within the pixel budget', () => {
    for (const source of [
      { width: 3440, height: 1440 },
      { width: 1080, height: 1920 },
      { width: 2560, height: 1600 },
      { width: 1366, height: 768 },
    ]) {
      const out = liveRungSize(source);
      expect(out.width % 2).toBe(0);
      expect(out.height % 2).toBe(0);
      expect(out.width * out.height).toBeLessThanOrEqual(1280 * 720);
      expect(out.width).toBeLessThanOrEqual(source.width);
      expect(Math.abs(out.width / out.height - source.width / source.height)).toBeLessThan(0.02);
    }
  });
  it('rejects an empty source', () => {
    expect(() => liveRungSize({ width: 0, height: 720 })).toThrow(RangeError);
  });
});

describe('liveRung', () => {
  it('caps the frame rate at 30 and spends ~1.2 Mbps on 720p', () => {
    expect(liveRung({ width: 1920, height: 1080 }, 60)).toEqual({ width: 1280, height: 720, frameRate: 30, bitrate: 1_200_000 });
  });
  it('spends fewer bits on fewer pixels, with a floor', () => {
    const small = liveRung({ width: 640, height: 360 }, 30);
    expect(small.bitrate).toBeLessThan(1_200_000);
    expect(small.bitrate).toBeGreaterThanOrEqual(200_000);
    expect(liveRung({ width: 16, height: 16 }, 30).bitrate).toBe(200_000);
  });
  it('keeps a low source frame rate and survives a missing one', () => {
    expect(liveRung({ width: 1280, height: 720 }, 15).frameRate).toBe(15);
    expect(liveRung({ width: 1280, height: 720 }, Number.NaN).frameRate).toBe(30);
  });
});
