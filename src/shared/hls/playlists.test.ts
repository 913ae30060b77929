import { describe, expect, it } from 'vitest';
import { writeMediaPlaylist } from './media-playlist';
import { writeMasterPlaylist } from './master-playlist';
import { parsePlaylist, PlaylistParseError } from './parse';

describe('media playlist', () => {
  const segments = [
    { uri: 'seg-00000.m4s', durationSec: 2 },
    { uri: 'seg-00001.m4s', durationSec: 2.0333 },
    { uri: 'seg-00002.m4s', durationSec: 0.9 },
  ];

  it('grows as an EVENT playlist while live and closes with ENDLIST', () => {
    const live = writeMediaPlaylist({ initUri: 'init.mp4', segments: segments.slice(0, 2), ended: false, targetDurationSec: 2 });
    expect(live).toContain('#EXT-X-PLAYLIST-TYPE:EVENT');
    expect(live).not.toContain('#EXT-X-ENDLIST');
    const done = writeMediaPlaylist({ initUri: 'init.mp4', segments, ended: true, targetDurationSec: 2 });
    expect(done.trimEnd().endsWith('#EXT-X-ENDLIST')).toBe(true);
    const parsed = parsePlaylist(done);
    expect(parsed.kind).toBe('media');
    if (parsed.kind !== 'media') return;
    expect(parsed.map).toBe('init.mp4');
    expect(parsed.ended).toBe(true);
    expect(parsed.segments.map((s) => s.uri)).toEqual(segments.map((s) => s.uri));
    expect(parsed.segments.reduce((a, s) => a + s.durationSec, 0)).toBeCloseTo(4.9333, 3);
  });

  it('keeps every rounded EXTINF within TARGETDURATION', () => {
    const text = writeMediaPlaylist({ initUri: 'i.mp4', segments: [{ uri: 'a', durationSec: 2.6 }], ended: true, targetDurationSec: 2 });
    const parsed = parsePlaylist(text);
    if (parsed.kind !== 'media') throw new Error('expected media');
    expect(parsed.targetDuration).toBe(3);
  });

  it('an empty live playlist is valid and names its init', () => {
    const parsed = parsePlaylist(writeMediaPlaylist({ initUri: 'init.mp4', segments: [], ended: false, targetDurationSec: 2 }));
    expect(parsed).toMatchObject({ kind: 'media', segments: [], ended: false, map: 'init.mp4' });
  });
});

describe('master playlist', () => {
  it('lists variants lowest first with their attributes', () => {
    const text = writeMasterPlaylist([
      { uri: 'r1080/index.m3u8', bandwidth: 4_700_000, averageBandwidth: 4_000_000, codecs: 'avc1.640028,mp4a.40.2', width: 1920, height: 1080, frameRate: 30, name: '1080p' },
      { uri: 'live/index.m3u8', bandwidth: 1_300_000, codecs: 'avc1.64001f,mp4a.40.2', width: 1280, height: 720, frameRate: 30 },
    ]);
    const parsed = parsePlaylist(text);
    if (parsed.kind !== 'master') throw new Error('expected master');
    expect(parsed.variants.map((v) => v.uri)).toEqual(['live/index.m3u8', 'r1080/index.m3u8']);
    expect(parsed.variants[1]!.attributes).toMatchObject({
      BANDWIDTH: '4700000',
      'AVERAGE-BANDWIDTH': '4000000',
      CODECS: 'avc1.640028,mp4a.40.2',
      RESOLUTION: '1920x1080',
      'FRAME-RATE': '30.000',
    });
  });

  it('refuses to write a master without variants', () => {
    expect(() => writeMasterPlaylist([])).toThrow(/at least one/);
  });
});

describe('parser', () => {
  it('rejects text that is not a playlist', () => {
    expect(() => parsePlaylist('<html>')).toThrow(PlaylistParseError);
    expect(() => parsePlaylist('#EXTM3U\n#EXTINF:x,\nseg')).toThrow(/EXTINF/);
    expect(() => parsePlaylist('#EXTM3U\nseg.m4s')).toThrow(/no EXTINF/);
  });

  it('round-trips random playlists', () => {
    let seed = 7;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let n = 0; n < 200; n++) {
      const segments = Array.from({ length: Math.floor(rand() * 20) }, (_, i) => ({ uri: `seg-${i}.m4s`, durationSec: Math.round(rand() * 4_000_000) / 1_000_000 + 0.001 }));
      const ended = rand() > 0.5;
      const parsed = parsePlaylist(writeMediaPlaylist({ initUri: 'init.mp4', segments, ended, targetDurationSec: 2 }));
      if (parsed.kind !== 'media') throw new Error('expected media');
      expect(parsed.ended).toBe(ended);
      expect(parsed.segments).toHaveLength(segments.length);
      parsed.segments.forEach((s, i) => expect(s.durationSec).toBeCloseTo(segments[i]!.durationSec, 5));
      const longest = Math.max(0, ...segments.map((s) => s.durationSec));
      expect(parsed.targetDuration!).toBeGreaterThanOrEqual(Math.round(longest));
    }
  });
});
