import { describe, expect, it } from 'vitest';
import { writeMasterPlaylist } from '../../../shared/hls/master-playlist';
import { firstVariantOf, planQuickStart } from './quick-start-plan';

const LINK = 'https://share.example/v/abc';
const master = writeMasterPlaylist([
  { uri: 'live/index.m3u8', bandwidth: 1_300_000, codecs: 'avc1.64001f,mp4a.40.2', width: 1280, height: 720 },
  { uri: 'r480/index.m3u8', bandwidth: 500_000, codecs: 'avc1.64001e,mp4a.40.2', width: 854, height: 480 },
]);
const media = (ended = true) => ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-TARGETDURATION:2', '#EXT-X-MAP:URI="init.mp4"', '#EXTINF:2.0,', 'seg-00000.m4s', '#EXTINF:1.5,', 'seg-00001.m4s', ...(ended ? ['#EXT-X-ENDLIST'] : [])].join('\n');
const preloads = new Set([`${LINK}/master.m3u8`, `${LINK}/r480/index.m3u8`, `${LINK}/r480/init.mp4`, `${LINK}/r480/seg-00000.m4s`]);

describe('the quick start before hls.js', () => {
  it('appends the lowest rung (the first the master lists, where hls.js starts), typed as hls.js names its SourceBuffer', () => {
    const variant = firstVariantOf(master, `${LINK}/master.m3u8`);
    expect(variant).toEqual({ mediaPlaylistUrl: `${LINK}/r480/index.m3u8`, codecs: 'mp4a.40.2,avc1.64001e', track: 'audiovideo' });
    expect(planQuickStart(variant!, media(), preloads)).toEqual({
      ...variant,
      initUrl: `${LINK}/r480/init.mp4`,
      segmentUrl: `${LINK}/r480/seg-00000.m4s`,
      mimeType: 'video/mp4; codecs="mp4a.40.2,avc1.64001e"',
      durationSec: 3.5,
    });
  });

  it('a recording without sound is one video track', () => {
    const silent = writeMasterPlaylist([{ uri: 'live/index.m3u8', bandwidth: 1_000_000, codecs: 'avc1.64001f' }]);
    expect(firstVariantOf(silent, `${LINK}/master.m3u8`)).toMatchObject({ codecs: 'avc1.64001f', track: 'video' });
  });

  it('does not try where hls.js would not start from these files: alternate audio, unknown or missing codecs, not a master', () => {
    const url = `${LINK}/master.m3u8`;
    expect(firstVariantOf('#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="x",URI="a.m3u8"\n#EXT-X-STREAM-INF:BANDWIDTH=1,CODECS="avc1.64001f",AUDIO="a"\nv.m3u8\n', url)).toBeNull();
    expect(firstVariantOf('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8\n', url)).toBeNull();
    expect(firstVariantOf('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,CODECS="avc1.64001f,stpp.ttml.im1t"\nv.m3u8\n', url)).toBeNull();
    expect(firstVariantOf('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,CODECS="mp4a.40.2"\nv.m3u8\n', url)).toBeNull();
    expect(firstVariantOf(media(), url)).toBeNull();
    expect(firstVariantOf('<html>not found</html>', url)).toBeNull();
  });

  it('does not try a live recording, a playlist without an init segment, or files the page did not preload (a ?t= link)', () => {
    const variant = firstVariantOf(master, `${LINK}/master.m3u8`)!;
    expect(planQuickStart(variant, media(false), preloads)).toBeNull();
    expect(planQuickStart(variant, media().replace('#EXT-X-MAP:URI="init.mp4"\n', ''), preloads)).toBeNull();
    const noSegment = new Set([...preloads].filter((u) => !u.endsWith('.m4s')));
    expect(planQuickStart(variant, media(), noSegment)).toBeNull();
    expect(planQuickStart(variant, '#EXTM3U\n#EXT-X-ENDLIST\n', preloads)).toBeNull();
    expect(planQuickStart(variant, 'garbage', preloads)).toBeNull();
  });
});
