import { describe, expect, it } from 'vitest';
import { bitrateForArea, fitArea, planLadder } from './ladder';

const LIVE_720 = { width: 1280, height: 720 };
const names = (source: { width: number; height: number }, live: { width: number; height: number } | null = LIVE_720): string[] =>
  planLadder({ source, sourceFrameRate: 30, live }).map((r) => `${r.name}:${r.width}x${r.height}`);

describe('planLadder', () => {
  it('adds the source at 1080p, the live size (which replaces the live rung in the master) and a 480p rung to a 1080p recording', () => {
    const rungs = planLadder({ source: { width: 1920, height: 1080 }, sourceFrameRate: 30, live: LIVE_720 });
    expect(rungs.map((r) => [r.name, r.width, r.height, r.maxBitrate, r.crf])).toEqual([
      ['r1080', 1920, 1080, 4_500_000, 23],
      ['r720', 1280, 720, 2_400_000, 23],
      ['r480', 854, 480, 600_000, 26],
    ]);
    expect(rungs[1]!.reason).toContain('replaces the live rung');
  });

  it('never upscales: a 720p source gets only the 480p rung', () => {
    expect(names({ width: 1280, height: 720 })).toEqual(['r480:854x480']);
  });

  it('gives 1440p and 4K sources their own size and the standard steps below', () => {
    expect(names({ width: 2560, height: 1440 })).toEqual(['r1440:2560x1440', 'r1080:1920x1080', 'r720:1280x720', 'r480:854x480']);
    expect(names({ width: 3840, height: 2160 })).toEqual(['r2160:3840x2160', 'r1440:2560x1440', 'r1080:1920x1080', 'r720:1280x720', 'r480:854x480']);
  });

  it('keeps a screen between the standard sizes at its native size, where text is sharp', () => {
    expect(names({ width: 1680, height: 1050 }, { width: 1150, height: 718 })).toEqual(['r1050:1680x1050', 'r718:1150x718', 'r480:810x506']);
    expect(names({ width: 2560, height: 1600 }, { width: 1214, height: 758 })).toEqual(['r1600:2560x1600', 'r1080:1822x1138', 'r758:1214x758', 'r480:810x506']);
  });

  it('caps a 5K screen at the 4K pixel budget, keeping its shape', () => {
    const [top] = planLadder({ source: { width: 5120, height: 2880 }, sourceFrameRate: 60, live: LIVE_720 });
    expect(top).toMatchObject({ name: 'r2160', width: 3840, height: 2160, frameRate: 30 });
    expect(top!.reason).toContain('4K');
  });

  it('keeps ultrawide and portrait screens in shape, with even sides, never above the source', () => {
    for (const source of [
      { width: 3440, height: 1440 },
      { width: 1080, height: 1920 },
      { width: 1366, height: 768 },
      { width: 1921, height: 1081 },
    ]) {
      const rungs = planLadder({ source, sourceFrameRate: 30, live: fitArea(source, 1280 * 720) });
      expect(rungs.length).toBeGreaterThan(0);
      for (const r of rungs) {
        expect(r.width % 2).toBe(0);
        expect(r.height % 2).toBe(0);
        expect(r.width).toBeLessThanOrEqual(source.width);
        expect(r.height).toBeLessThanOrEqual(source.height);
        expect(Math.abs(r.width / r.height - source.width / source.height)).toBeLessThan(0.02);
        expect(r.name).toMatch(/^[a-z0-9]{1,16}$/);
      }
      expect(new Set(rungs.map((r) => r.name)).size).toBe(rungs.length);
    }
  });

  it('adds nothing to a small recording the live rung already covers', () => {
    expect(names({ width: 854, height: 480 }, { width: 854, height: 480 })).toEqual([]);
    expect(names({ width: 640, height: 360 }, { width: 640, height: 360 })).toEqual([]);
  });

  it('fills the 720p slot itself when there is no live rendition', () => {
    expect(names({ width: 1920, height: 1080 }, null)).toEqual(['r1080:1920x1080', 'r720:1280x720', 'r480:854x480']);
  });

  it('runs at the capture rate up to 30 fps', () => {
    expect(planLadder({ source: { width: 1920, height: 1080 }, sourceFrameRate: 60, live: LIVE_720 })[0]!.frameRate).toBe(30);
    expect(planLadder({ source: { width: 1920, height: 1080 }, sourceFrameRate: 24, live: LIVE_720 })[0]!.frameRate).toBe(24);
    expect(planLadder({ source: { width: 1920, height: 1080 }, sourceFrameRate: null, live: LIVE_720 })[0]!.frameRate).toBe(30);
  });

  it('scales caps with area^0.75 from 4.5 Mbps at 1080p', () => {
    expect(bitrateForArea(1920 * 1080)).toBe(4_500_000);
    expect(bitrateForArea(3840 * 2160)).toBe(12_700_000);
    expect(bitrateForArea(2560 * 1440)).toBe(6_900_000);
  });
});
