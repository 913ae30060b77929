// The import's pure parts: how ffmpeg's words about a file become a verdict that names the problem,
// which segments of a half-written playlist are complete, the first rendition's size, the title.
import { describe, expect, it } from 'vitest';
import { titleFromFileName, looksImportable } from '../../../shared/import';
import { madeSegments, planFirstRendition, firstRenditionArgs } from './first-rendition-args';
import { judgeDecode, judgeListing, looksLikeVideoContainer } from './probe';

const MP4_HEAD = new Uint8Array([0, 0, 0, 0x20, ...Buffer.from('ftypisom')]);
const MKV_HEAD = new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 0, 0, 0, 0]);
const TEXT_HEAD = new Uint8Array(Buffer.from('hello, world'));

const listing = (format: string, streams: string[]) =>
  [`Input #0, ${format}, from 'x':`, '  Duration: 00:01:00.00, start: 0.000000, bitrate: 2000 kb/s', ...streams.map((s, i) => `    Stream #0:${i}(und): ${s}`), 'At least one output file must be specified'].join('\n');
const H264 = 'Video: h264 (High) (avc1 / 0x31637661), yuv420p, 1920x1080 [SAR 1:1 DAR 16:9], 5000 kb/s, 29.97 fps, 29.97 tbr, 30k tbn, 59.94 tbc (default)';
const AAC = 'Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz, stereo, fltp, 128 kb/s (default)';

describe('judgeListing', () => {
  it('takes an MP4 with H.264 and AAC: its size, rate, length and sound', () => {
    expect(judgeListing(listing('mov,mp4,m4a,3gp,3g2,mj2', [H264, AAC]), MP4_HEAD, 'a.mov')).toEqual({
      container: 'mp4', mimeType: 'video/mp4', width: 1920, height: 1080, frameRate: 29.97, durationSec: 60, videoCodec: 'h264', hasAudio: true,
    });
  });
  it('takes WebM and MKV, and says which it is', () => {
    const vp9 = 'Video: vp9 (Profile 0), yuv420p(tv), 1280x720, SAR 1:1 DAR 16:9, 30 fps, 30 tbr, 1k tbn, 1k tbc (default)';
    expect(judgeListing(listing('matroska,webm', [vp9]), MKV_HEAD, 'clip.webm')).toMatchObject({ container: 'webm', mimeType: 'video/webm', hasAudio: false });
    expect(judgeListing(listing('matroska,webm', [vp9]), MKV_HEAD, 'clip.mkv')).toMatchObject({ container: 'mkv', mimeType: 'video/x-matroska' });
  });
  it('refuses what ffmpeg cannot read: not a video when it does not start like one, corrupt when it does', () => {
    const unreadable = "[mov,mp4,m4a,3gp,3g2,mj2 @ 0x1] moov atom not found\nx.mp4: Invalid data found when processing input";
    expect(() => judgeListing('x: Invalid data found when processing input', TEXT_HEAD, 'notes.mp4')).toThrow('"notes.mp4" is not a video file. Reelay imports MP4, MOV, WebM and MKV videos.');
    expect(() => judgeListing(unreadable, MP4_HEAD, 'cut.mp4')).toThrow(/"cut.mp4" is corrupt: .*the "moov" box, is missing: the file was cut short/);
    expect(() => judgeListing('x: Invalid data found when processing input', MKV_HEAD, 'cut.mkv')).toThrow(/"cut.mkv" is corrupt: it starts like a video but cannot be read\. /);
  });
  it('refuses other containers, naming what the file is', () => {
    const mjpeg = 'Video: mjpeg (Baseline), yuvj444p(pc), 64x64 [SAR 1:1 DAR 1:1], 25 tbr, 25 tbn, 25 tbc';
    expect(() => judgeListing(listing('jpeg_pipe', [mjpeg]), TEXT_HEAD, 'p.mp4')).toThrow('"p.mp4" is not a video file Reelay imports (ffmpeg reads it as a JPEG image). Reelay imports MP4, MOV, WebM and MKV videos.');
    expect(() => judgeListing(listing('avi', [H264]), TEXT_HEAD, 'old.avi')).toThrow(/reads it as AVI/);
  });
  it('refuses a file with no picture, and one whose video codec no decoder knows', () => {
    expect(() => judgeListing(listing('mov,mp4,m4a,3gp,3g2,mj2', [AAC]), MP4_HEAD, 'talk.m4a')).toThrow('"talk.m4a" has no video, only sound');
    const unknown = 'Video: none (zzzz / 0x7A7A7A7A), none, 640x360, 190 kb/s, SAR 1:1 DAR 16:9, 30 fps, 30 tbr, 15360 tbn, 15360 tbc (default)';
    expect(() => judgeListing(listing('mov,mp4,m4a,3gp,3g2,mj2', [unknown, AAC]), MP4_HEAD, 'z.mp4')).toThrow('"z.mp4" uses a video codec Reelay cannot decode (zzzz)');
  });
  it('refuses a picture larger than a recording may be', () => {
    const huge = H264.replace('1920x1080', '10240x4320');
    expect(() => judgeListing(listing('mov,mp4,m4a,3gp,3g2,mj2', [huge]), MP4_HEAD, 'big.mp4')).toThrow(/is 10240x4320, larger than Reelay takes/);
  });
});

describe('judgeDecode', () => {
  const list = listing('mov,mp4,m4a,3gp,3g2,mj2', [H264, 'Audio: none (xyzw / 0x77), 48000 Hz']);
  it('passes a file whose first second decodes', () => {
    expect(() => judgeDecode({ frames: 30, error: null }, list, 'a.mp4')).not.toThrow();
  });
  it('names the stream whose decoder is missing', () => {
    expect(() => judgeDecode({ frames: null, error: 'Decoder (codec none) not found for input stream #0:1' }, list, 'a.mp4')).toThrow('"a.mp4" uses an audio codec Reelay cannot decode (xyzw)');
  });
  it('calls a decode failure or no picture at all corrupt, with what the decoder said', () => {
    const error = '[h264 @ 0x18762cc0] Invalid NAL unit size (1713484256 > 685).\n[h264 @ 0x1] Error splitting the input into NAL units.';
    expect(() => judgeDecode({ frames: 0, error }, list, 'a.mp4')).toThrow('"a.mp4" is corrupt: its video could not be decoded (Invalid NAL unit size (1713484256 > 685).)');
    expect(() => judgeDecode({ frames: 0, error: null }, list, 'a.mp4')).toThrow(/not one picture in its first second could be decoded/);
  });
});

describe('looksLikeVideoContainer', () => {
  it('knows MP4/MOV boxes and the EBML magic, and nothing else', () => {
    expect(looksLikeVideoContainer(MP4_HEAD)).toBe(true);
    expect(looksLikeVideoContainer(MKV_HEAD)).toBe(true);
    expect(looksLikeVideoContainer(new Uint8Array([0, 0, 0, 8, ...Buffer.from('wide')]))).toBe(true);
    expect(looksLikeVideoContainer(TEXT_HEAD)).toBe(false);
    expect(looksLikeVideoContainer(new Uint8Array(3))).toBe(false);
  });
});

describe('madeSegments', () => {
  const full = '#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:2\n#EXT-X-MAP:URI="init.mp4"\n#EXTINF:2.000000,\nseg-00000.m4s\n#EXTINF:1.500000,\nseg-00001.m4s\n#EXT-X-ENDLIST\n';
  it('reads every segment and the end', () => {
    expect(madeSegments(full)).toEqual({
      segments: [
        { seq: 0, name: 'seg-00000.m4s', durationSec: 2 },
        { seq: 1, name: 'seg-00001.m4s', durationSec: 1.5 },
      ],
      ended: true,
    });
  });
  it('counts nothing a half-written playlist may have cut off', () => {
    for (let cut = 0; cut < full.length; cut++) {
      const { segments } = madeSegments(full.slice(0, cut));
      const whole = full.slice(0, cut).split('\n').slice(0, -1);
      for (const s of segments) expect(whole).toContain(s.name);
    }
    expect(madeSegments(full.slice(0, full.indexOf('seg-00001') + 9)).segments.map((s) => s.seq)).toEqual([0]);
  });
});

describe('planFirstRendition', () => {
  it('is 720p worth of pixels or less, the source shape, never upscaled, at most 30 fps', () => {
    expect(planFirstRendition({ width: 1920, height: 1080 }, 59.94)).toMatchObject({ width: 1280, height: 720, frameRate: 30 });
    expect(planFirstRendition({ width: 640, height: 360 }, 25)).toMatchObject({ width: 640, height: 360, frameRate: 25 });
    expect(planFirstRendition({ width: 1080, height: 1920 }, null)).toMatchObject({ width: 720, height: 1280, frameRate: 30 });
    expect(planFirstRendition({ width: 3440, height: 1440 }, 30).width * planFirstRendition({ width: 3440, height: 1440 }, 30).height).toBeLessThanOrEqual(1280 * 720);
  });
  it('puts key frames on the 2 s grid and scales only when it must', () => {
    const plan = planFirstRendition({ width: 1920, height: 1080 }, 30);
    const args = firstRenditionArgs('in.mp4', { width: 1920, height: 1080 }, plan, true).join(' ');
    expect(args).toContain('-g 60 -keyint_min 60 -sc_threshold 0 -force_key_frames expr:gte(t,n_forced*2)');
    expect(args).toContain('scale=1280:720');
    expect(args).toContain('-hls_time 2 -hls_playlist_type event -hls_segment_type fmp4');
    expect(firstRenditionArgs('in.mp4', { width: 640, height: 360 }, planFirstRendition({ width: 640, height: 360 }, 30), false).join(' ')).not.toMatch(/scale=|0:a:0/);
  });
});

describe('titleFromFileName', () => {
  it('is the file name without folder and extension', () => {
    expect(titleFromFileName('Team demo.mp4')).toBe('Team demo');
    expect(titleFromFileName('C:\\Users\\me\\clip.final.MOV')).toBe('clip.final');
    expect(titleFromFileName('.mp4')).toBe('.mp4');
    expect(titleFromFileName('   ')).toBe('Imported video');
    expect(titleFromFileName(`${'a'.repeat(300)}.mkv`)).toHaveLength(200);
  });
  it('looksImportable goes by the extension, in any case', () => {
    expect(['a.MP4', 'b.mov', 'c.webm', 'd.mkv', 'e.m4v'].every(looksImportable)).toBe(true);
    expect(looksImportable('notes.txt')).toBe(false);
  });
});
