import { describe, expect, it } from 'vitest';
import { autoLabel, autoLevelCap, formatBitrate, levelLabel, qualityOptions } from './levels';

const p360 = { width: 640, height: 360, bitrate: 500_000 };
const p720 = { width: 1280, height: 720, bitrate: 1_200_000 };
const p1080 = { width: 1920, height: 1080, bitrate: 4_000_000 };

describe('levelLabel', () => {
  it('names a rendition by its lines', () => {
    expect(levelLabel(p1080, [p360, p720, p1080])).toBe('1080p');
  });
  it('uses the shorter side for portrait captures', () => {
    const portrait = { width: 1080, height: 1920, bitrate: 3_000_000 };
    expect(levelLabel(portrait, [portrait])).toBe('1080p');
  });
  it('adds the bit rate when two renditions share a size', () => {
    const high = { ...p720, bitrate: 2_500_000 };
    expect(levelLabel(p720, [p720, high])).toBe('720p · 1.2 Mbps');
    expect(levelLabel(high, [p720, high])).toBe('720p · 2.5 Mbps');
  });
  it('falls back to NAME, then the bit rate, without a resolution', () => {
    expect(levelLabel({ bitrate: 800_000, name: 'Live' }, [])).toBe('Live');
    expect(levelLabel({ bitrate: 800_000 }, [])).toBe('800 kbps');
  });
});

describe('formatBitrate', () => {
  it('rounds to something readable', () => {
    expect(formatBitrate(4_000_000)).toBe('4 Mbps');
    expect(formatBitrate(1_250_000)).toBe('1.3 Mbps');
    expect(formatBitrate(96_000)).toBe('96 kbps');
    expect(formatBitrate(10)).toBe('1 kbps');
  });
});

describe('qualityOptions', () => {
  it('lists Auto then every level, highest first, keeping hls.js indexes', () => {
    expect(qualityOptions([p360, p720, p1080])).toEqual([
      { level: -1, label: 'Auto' },
      { level: 2, label: '1080p' },
      { level: 1, label: '720p' },
      { level: 0, label: '360p' },
    ]);
  });
  it('is just Auto before the manifest is known', () => {
    expect(qualityOptions([])).toEqual([{ level: -1, label: 'Auto' }]);
  });
  it('follows a master that gained a rung', () => {
    expect(qualityOptions([p720, p1080, p360]).map((o) => o.label)).toEqual(['Auto', '1080p', '720p', '360p']);
  });
});

describe('autoLabel', () => {
  it('shows what Auto is playing', () => {
    expect(autoLabel([p360, p720], 1)).toBe('Auto (720p)');
    expect(autoLabel([p360, p720], -1)).toBe('Auto');
  });
});

describe('autoLevelCap', () => {
  // hls.js order for a screen recording after its backfill: the live 720p rung costs more than 1080p
  const r480 = { width: 854, height: 480, bitrate: 308_000 };
  const live720 = { width: 1280, height: 720, bitrate: 1_414_000 };
  const r1080 = { width: 1920, height: 1080, bitrate: 901_000 };
  const screen = [r480, live720, r1080];

  it('caps at the smallest level that covers the player, like hls.js', () => {
    expect(autoLevelCap([p360, p720, p1080], 640, 360)).toBe(0);
    expect(autoLevelCap([p360, p720, p1080], 1280, 720)).toBe(1);
    expect(autoLevelCap([p360, p720, p1080], 1000, 562)).toBe(1);
    expect(autoLevelCap([p360, p720, p1080], 2560, 1440)).toBe(2);
  });

  it('lets Auto reach a larger level that costs no more than the covering one', () => {
    // a 1280-pixel player would be held at the live 720p rung, which costs more than 1080p
    expect(autoLevelCap(screen, 1280, 720)).toBe(2);
    // a small player stays small: 1080p costs more than 480p
    expect(autoLevelCap(screen, 640, 360)).toBe(0);
  });

  it('takes the dearest of levels that share a size, and nothing without levels', () => {
    const p720b = { ...p720, bitrate: 2_500_000 };
    expect(autoLevelCap([p360, p720, p720b, p1080], 1280, 720)).toBe(2);
    expect(autoLevelCap([], 1280, 720)).toBe(-1);
  });
});
