// The captions' subtitles rendition as players read it: named once in the master, its group on every
// variant, off unless asked for; its playlist one VTT segment over the whole recording.
import { describe, expect, it } from 'vitest';
import { writeMasterPlaylist } from './master-playlist';
import { parsePlaylist } from './parse';
import { writeSubtitlesPlaylist } from './subtitles-playlist';

const variants = [
  { uri: 'live/index.m3u8', bandwidth: 1_200_000, codecs: 'avc1.640028,mp4a.40.2' },
  { uri: 'r1080/index.m3u8', bandwidth: 4_000_000, codecs: 'avc1.640028,mp4a.40.2' },
];

describe('subtitles in the master playlist', () => {
  it('names the rendition once, off by default, and puts its group on every variant', () => {
    const text = writeMasterPlaylist(variants, { uri: 'captions.m3u8', name: 'English "CC"', language: 'en' });
    expect(text).toContain('#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English \'CC\'",LANGUAGE="en",DEFAULT=NO,AUTOSELECT=NO,URI="captions.m3u8"\n');
    const parsed = parsePlaylist(text);
    if (parsed.kind !== 'master') throw new Error('not a master');
    expect(parsed.media).toEqual([{ TYPE: 'SUBTITLES', 'GROUP-ID': 'subs', NAME: "English 'CC'", LANGUAGE: 'en', DEFAULT: 'NO', AUTOSELECT: 'NO', URI: 'captions.m3u8' }]);
    expect(parsed.variants.map((v) => v.attributes['SUBTITLES'])).toEqual(['subs', 'subs']);
  });

  it('without captions names no group and no rendition; without a language says none', () => {
    const none = writeMasterPlaylist(variants);
    expect(none).not.toContain('SUBTITLES');
    const parsed = parsePlaylist(writeMasterPlaylist(variants, { uri: 'captions.m3u8', name: 'Captions' }));
    expect(parsed.kind === 'master' && parsed.media[0]).not.toHaveProperty('LANGUAGE');
  });
});

describe('subtitles playlist', () => {
  it('is one VTT segment covering the whole recording, closed', () => {
    const parsed = parsePlaylist(writeSubtitlesPlaylist({ uri: 'captions.vtt', durationSec: 12.4 }));
    expect(parsed).toMatchObject({ kind: 'media', targetDuration: 13, playlistType: 'VOD', ended: true, map: null, segments: [{ uri: 'captions.vtt', durationSec: 12.4 }] });
  });
});
