import { describe, expect, it } from 'vitest';
import { HlsSegmentCollector } from './hls-segment-collector';

const playlist = (durations: number[], ended = false) =>
  [
    '#EXTM3U',
    '#EXT-X-VERSION:6',
    '#EXT-X-TARGETDURATION:2',
    '#EXT-X-INDEPENDENT-SEGMENTS',
    '#EXT-X-MAP:URI="init-1.mp4"',
    '',
    ...durations.flatMap((d, i) => [`#EXTINF:${d},`, `segment-1-${i + 1}.m4s`]),
    ...(ended ? ['#EXT-X-ENDLIST'] : []),
  ].join('\n');

const bytes = (n: number) => new Uint8Array([n]);

describe('HlsSegmentCollector', () => {
  it('releases a segment once its duration is in the playlist', () => {
    const c = new HlsSegmentCollector();
    expect(c.addSegment(1, 1, bytes(1))).toEqual([]);
    expect(c.pendingCount).toBe(1);
    expect(c.addPlaylist(1, playlist([2]))).toEqual([{ playlist: 1, seq: 0, durationSec: 2, data: bytes(1) }]);
    expect(c.pendingCount).toBe(0);
  });

  it('releases in order, also when the playlist came first', () => {
    const c = new HlsSegmentCollector();
    c.addPlaylist(1, playlist([2, 1.966666]));
    expect(c.addSegment(1, 2, bytes(2))).toEqual([]);
    const out = c.addSegment(1, 1, bytes(1));
    expect(out.map((s) => [s.seq, s.durationSec])).toEqual([
      [0, 2],
      [1, 1.966666],
    ]);
  });

  it('keeps media playlists apart', () => {
    const c = new HlsSegmentCollector();
    c.addSegment(1, 1, bytes(1));
    c.addSegment(2, 1, bytes(9));
    expect(c.addPlaylist(2, playlist([2]))).toEqual([{ playlist: 2, seq: 0, durationSec: 2, data: bytes(9) }]);
    expect(c.pendingCount).toBe(1);
  });

  it('releases each segment once across playlist rewrites', () => {
    const c = new HlsSegmentCollector();
    c.addSegment(1, 1, bytes(1));
    expect(c.addPlaylist(1, playlist([2]))).toHaveLength(1);
    expect(c.addPlaylist(1, playlist([2], true))).toEqual([]);
  });

  it('ignores master playlists', () => {
    const c = new HlsSegmentCollector();
    expect(c.addPlaylist(1, '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nplaylist-1.m3u8\n')).toEqual([]);
  });
});
