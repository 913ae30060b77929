import { describe, expect, it } from 'vitest';
import { firstVariant, renderViewerStart, startFilesOf, underLink, withVideoPoster } from './viewer-start';
import type { PublishedStatus } from '../../../shared/published';

const MASTER = `#EXTM3U
#EXT-X-VERSION:7
#EXT-X-STREAM-INF:BANDWIDTH=700000,RESOLUTION=854x480,CODECS="avc1.64001f,mp4a.40.2"
r480/index.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=1400000,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2"
live/index.m3u8
`;
const MEDIA = `#EXTM3U
#EXT-X-VERSION:7
#EXT-X-TARGETDURATION:2
#EXT-X-MAP:URI="init.mp4"
#EXTINF:2.000,
seg-00000.m4s
#EXTINF:2.000,
seg-00001.m4s
`;
const STATUS: PublishedStatus = {
  title: '</script><script>alert(1)</script>',
  state: 'ready',
  durationMs: 10_000,
  createdAt: 1,
  width: 1280,
  height: 720,
  backfill: 'done',
  poster: true,
  thumbnails: true,
  download: false,
};

describe('the files a player reads first', () => {
  it('are the first (lowest) variant, its init segment and its first segment', () => {
    const variant = firstVariant(MASTER);
    expect(variant).toBe('r480/index.m3u8');
    expect(startFilesOf(variant!, MEDIA)).toEqual({ mediaPlaylist: 'r480/index.m3u8', init: 'r480/init.mp4', firstSegment: 'r480/seg-00000.m4s' });
  });

  it('are nothing for text that is not the playlist expected, or URIs outside the link', () => {
    expect(firstVariant(MEDIA)).toBeNull();
    expect(firstVariant('not a playlist')).toBeNull();
    expect(firstVariant('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nhttps://elsewhere.example/a.m3u8\n')).toBeNull();
    expect(startFilesOf('r480/index.m3u8', '#EXTM3U\n#EXT-X-TARGETDURATION:2\n')).toEqual({ mediaPlaylist: 'r480/index.m3u8', init: null, firstSegment: null });
    expect(startFilesOf('r480/index.m3u8', '#EXTM3U\n#EXTINF:2,\nhttps://elsewhere.example/s.m4s\n').firstSegment).toBeNull();
    expect(underLink('//evil.example/x.m4s', 'r480/index.m3u8')).toBeNull();
    expect(underLink('seg.m4s?sig=1', 'r480/index.m3u8')).toBeNull();
  });
});

describe('renderViewerStart', () => {
  const files = { mediaPlaylist: 'r480/index.m3u8', init: 'r480/init.mp4', firstSegment: 'r480/seg-00000.m4s' };
  const hrefsOf = (tags: string) => [...tags.matchAll(/<link rel="preload" href="([^"]+)" as="fetch" crossorigin="anonymous">/g)].map((m) => m[1]);

  it('preloads the master, playlist, init and first segment under the link, in the order hls.js reads them, then carries the status', () => {
    const tags = renderViewerStart({ base: '/v/abc', status: STATUS, files, fromStart: true });
    expect(hrefsOf(tags)).toEqual(['/v/abc/master.m3u8', '/v/abc/r480/index.m3u8', '/v/abc/r480/init.mp4', '/v/abc/r480/seg-00000.m4s']);
    expect(tags).toContain('<script type="application/json" id="reelay-status">');
    // the title cannot end the element: one </script>, the element's own
    expect(tags.match(/<\/script>/gi)).toHaveLength(1);
  });

  it('leaves the first segment out for a page that starts elsewhere (?t=)', () => {
    expect(hrefsOf(renderViewerStart({ base: '/v/abc', status: null, files, fromStart: false }))).toEqual(['/v/abc/master.m3u8', '/v/abc/r480/index.m3u8', '/v/abc/r480/init.mp4']);
  });

  it('leaves out everything it does not have', () => {
    expect(renderViewerStart({ base: '/v/abc', status: null, files: null, fromStart: true })).toBe('');
  });
});

describe('withVideoPoster', () => {
  it('names the poster on the player, escaped', () => {
    const html = '<div><video id="video" playsinline preload="auto"></video></div>';
    expect(withVideoPoster(html, '/v/a"b/poster.jpg')).toBe('<div><video id="video" poster="/v/a&quot;b/poster.jpg" playsinline preload="auto"></video></div>');
  });
});
