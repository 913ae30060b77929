import { describe, expect, it } from 'vitest';
import { writeMasterPlaylist } from '../../../shared/hls/master-playlist';
import { writeMediaPlaylist } from '../../../shared/hls/media-playlist';
import { parsePlaylist } from '../../../shared/hls/parse';
import { isMasterPlaylist, keyOfUri, mediaPlaylistUris, rewriteMediaPlaylist, rewriteThumbnailsVtt, safeRelativePath, thumbnailsVttUris } from './bucket-playlists';

const media = writeMediaPlaylist({
  initUri: 'init.mp4',
  segments: [
    { uri: 'seg-00000.m4s', durationSec: 2 },
    { uri: 'seg-00001.m4s', durationSec: 1.5 },
  ],
  ended: true,
  targetDurationSec: 2,
});
const bucket = (uri: string): string => `https://cdn.example/rec/abc/live/${uri}?X-Amz-Signature=00`;

describe('keyOfUri', () => {
  it('resolves a plain relative URI against the folder of the file naming it', () => {
    expect(keyOfUri('abc/live/index.m3u8', 'seg-00001.m4s', 'abc/')).toBe('abc/live/seg-00001.m4s');
    expect(keyOfUri('abc/thumbs.vtt', 'thumbs.jpg', 'abc/')).toBe('abc/thumbs.jpg');
    expect(keyOfUri('abc/master.m3u8', '1080p/index.m3u8', 'abc/')).toBe('abc/1080p/index.m3u8');
  });

  it('leaves alone what is not a plain relative path inside the recording', () => {
    for (const uri of ['https://elsewhere.example/seg.m4s', '/abc/live/seg.m4s', '../other/seg.m4s', './seg.m4s', 'seg.m4s?x=1', 'a//b', '', 'data:,x', 'a\\b']) {
      expect(keyOfUri('abc/live/index.m3u8', uri, 'abc/'), uri).toBeNull();
    }
    expect(keyOfUri('abc/live/index.m3u8', 'seg.m4s', 'xyz/')).toBeNull();
  });
});

describe('safeRelativePath', () => {
  it('accepts published names only', () => {
    expect(safeRelativePath('live/seg-00001.m4s')).toEqual(['live', 'seg-00001.m4s']);
    for (const p of ['', '..', 'live/..', '.hidden', 'a//b', '/abs', 'a b', 'a%2Fb', 'x'.repeat(1025)]) expect(safeRelativePath(p), p).toBeNull();
  });
});

describe('rewriteMediaPlaylist', () => {
  it('names the init and every segment by the URL given, and keeps every other line', () => {
    expect(mediaPlaylistUris(media)).toEqual(['init.mp4', 'seg-00000.m4s', 'seg-00001.m4s']);
    const out = rewriteMediaPlaylist(media, bucket);
    const parsed = parsePlaylist(out);
    if (parsed.kind !== 'media') throw new Error('not a media playlist');
    expect(parsed.map).toBe(bucket('init.mp4'));
    expect(parsed.segments).toEqual([
      { uri: bucket('seg-00000.m4s'), durationSec: 2 },
      { uri: bucket('seg-00001.m4s'), durationSec: 1.5 },
    ]);
    expect(parsed.ended).toBe(true);
    const tags = (text: string): string[] => text.split('\n').filter((l) => l.startsWith('#') && !l.startsWith('#EXT-X-MAP'));
    expect(tags(out)).toEqual(tags(media));
  });

  it('keeps a URI it has no URL for (outside the recording) as it is', () => {
    const out = rewriteMediaPlaylist(media, (uri) => (uri === 'seg-00001.m4s' ? undefined : bucket(uri)));
    expect(out).toContain('\nseg-00001.m4s\n');
    expect(out).toContain(bucket('seg-00000.m4s'));
  });

  it('reads CRLF playlists', () => {
    expect(mediaPlaylistUris(media.replace(/\n/g, '\r\n'))).toEqual(['init.mp4', 'seg-00000.m4s', 'seg-00001.m4s']);
  });

  it('refuses a URL that would break the playlist', () => {
    expect(() => rewriteMediaPlaylist(media, () => 'https://x.example/a"b')).toThrow(/quote or white space/);
    expect(() => rewriteMediaPlaylist(media, () => 'https://x.example/a\nb')).toThrow(/quote or white space/);
  });
});

describe('isMasterPlaylist', () => {
  it('tells a master from a media playlist', () => {
    expect(isMasterPlaylist(writeMasterPlaylist([{ uri: 'live/index.m3u8', bandwidth: 1e6, codecs: 'avc1.640028' }]))).toBe(true);
    expect(isMasterPlaylist(media)).toBe(false);
  });
});

describe('rewriteThumbnailsVtt', () => {
  const vtt = ['WEBVTT', '', '00:00:00.000 --> 00:00:02.000', 'thumbs.jpg#xywh=0,0,160,90', '', 'cue-2', '00:00:02.000 --> 00:00:04.000', 'thumbs.jpg#xywh=160,0,160,90', ''].join('\n');

  it('names the sprite by the URL given and keeps each tile', () => {
    expect(thumbnailsVttUris(vtt)).toEqual(['thumbs.jpg']);
    const out = rewriteThumbnailsVtt(vtt, (uri) => `https://cdn.example/rec/abc/${uri}?X-Amz-Signature=00`);
    expect(out.split('\n')).toEqual([
      'WEBVTT',
      '',
      '00:00:00.000 --> 00:00:02.000',
      'https://cdn.example/rec/abc/thumbs.jpg?X-Amz-Signature=00#xywh=0,0,160,90',
      '',
      'cue-2',
      '00:00:02.000 --> 00:00:04.000',
      'https://cdn.example/rec/abc/thumbs.jpg?X-Amz-Signature=00#xywh=160,0,160,90',
      '',
    ]);
  });

  it('leaves text cues and unknown images alone', () => {
    const text = ['WEBVTT', '', '00:00:00.000 --> 00:00:02.000', 'Hello there', ''].join('\n');
    expect(thumbnailsVttUris(text)).toEqual([]);
    expect(rewriteThumbnailsVtt(vtt, () => undefined)).toBe(vtt);
  });
});
