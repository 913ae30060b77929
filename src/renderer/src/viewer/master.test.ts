import { describe, expect, it } from 'vitest';
import { masterVariantUris, variantsChanged } from './master';

const MASTER = 'http://h/v/abc/master.m3u8';
const text = (...variants: string[]) =>
  ['#EXTM3U', '#EXT-X-VERSION:7', ...variants.flatMap((v, i) => [`#EXT-X-STREAM-INF:BANDWIDTH=${(i + 1) * 1e6}`, v])].join('\n');

describe('masterVariantUris', () => {
  it('resolves variant URIs against the master', () => {
    expect(masterVariantUris(text('live/index.m3u8', '1080p/index.m3u8'), MASTER)).toEqual([
      'http://h/v/abc/live/index.m3u8',
      'http://h/v/abc/1080p/index.m3u8',
    ]);
  });
  it('is null for a media playlist or garbage', () => {
    expect(masterVariantUris('#EXTM3U\n#EXTINF:2,\na.m4s\n', MASTER)).toBeNull();
    expect(masterVariantUris('<html>', MASTER)).toBeNull();
  });
});

describe('variantsChanged', () => {
  const a = 'http://h/v/abc/live/index.m3u8';
  const b = 'http://h/v/abc/1080p/index.m3u8';
  it('notices a new rung and a dropped one, not a reorder', () => {
    expect(variantsChanged([a], [a, b])).toBe(true);
    expect(variantsChanged([a, b], [a])).toBe(true);
    expect(variantsChanged([a, b], [b, a])).toBe(false);
    expect(variantsChanged([a], [a])).toBe(false);
  });
});
