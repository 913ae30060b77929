import { describe, expect, it } from 'vitest';
import { captionsChoice, captionsFileIn, captionsInMaster, savedCaptionsOn } from './captions-source';
import { writeMasterPlaylist } from '../../../shared/hls/master-playlist';
import { writeSubtitlesPlaylist } from '../../../shared/hls/subtitles-playlist';

const variants = [{ uri: 'live/index.m3u8', bandwidth: 1_000_000, codecs: 'avc1.640028,mp4a.40.2' }];
const MASTER = 'https://cdn.example.com/r/abc/master.m3u8';

describe('captionsInMaster', () => {
  it('finds the subtitles rendition, its name and language, resolved against the master', () => {
    const text = writeMasterPlaylist(variants, { uri: 'captions.m3u8', name: 'English', language: 'en' });
    expect(captionsInMaster(text, MASTER)).toEqual({ playlistUrl: 'https://cdn.example.com/r/abc/captions.m3u8', label: 'English', language: 'en' });
  });
  it('is null without captions or for text that is not a master', () => {
    expect(captionsInMaster(writeMasterPlaylist(variants), MASTER)).toBeNull();
    expect(captionsInMaster('<html>', MASTER)).toBeNull();
  });
});

describe('captionsFileIn', () => {
  it('is the one VTT file of the playlist', () => {
    expect(captionsFileIn(writeSubtitlesPlaylist({ uri: 'captions.vtt', durationSec: 9 }), 'https://h/r/abc/captions.m3u8')).toBe('https://h/r/abc/captions.vtt');
    // a bucket link on a server: the playlist names a presigned URL
    expect(captionsFileIn(writeSubtitlesPlaylist({ uri: 'https://b.example/k/captions.vtt?X-Amz=1', durationSec: 9 }), 'https://h/v/abc/captions.m3u8')).toBe('https://b.example/k/captions.vtt?X-Amz=1');
  });
  it('is null for a segmented or broken playlist', () => {
    expect(captionsFileIn('#EXTM3U\n#EXTINF:2,\na.vtt\n#EXTINF:2,\nb.vtt\n', 'https://h/c.m3u8')).toBeNull();
    expect(captionsFileIn('nope', 'https://h/c.m3u8')).toBeNull();
  });
});

describe('the remembered choice', () => {
  it('is off unless the viewer turned captions on', () => {
    expect(savedCaptionsOn(null)).toBe(false);
    expect(savedCaptionsOn('garbage')).toBe(false);
    expect(savedCaptionsOn(captionsChoice(true))).toBe(true);
    expect(savedCaptionsOn(captionsChoice(false))).toBe(false);
  });
});
