// The ffmpeg wrapper's pure parts: which binary, what the master holds, the command lines.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { bundledFfmpegPath, chooseFfmpeg, unpackedAsarPath } from './ffmpeg-path';
import { parseInputListing } from './probe';
import { ladderArgs, liveCutsMetadata, posterArgs, downloadArgs } from './ffmpeg-args';
import { planLadder } from '../../../shared/hls/ladder';
import { planThumbnails } from './thumbnails';

describe('which ffmpeg', () => {
  it('finds the bundled binary, and its unpacked copy inside a packaged app', () => {
    const path = bundledFfmpegPath();
    expect(path).not.toBeNull();
    expect(existsSync(path!)).toBe(true);
    expect(unpackedAsarPath('/opt/Reelay/resources/app.asar/node_modules/@ffmpeg-installer/linux-x64/ffmpeg')).toBe(
      '/opt/Reelay/resources/app.asar.unpacked/node_modules/@ffmpeg-installer/linux-x64/ffmpeg',
    );
    expect(unpackedAsarPath('C:\\Program Files\\Reelay\\resources\\app.asar\\node_modules\\x\\ffmpeg.exe')).toBe(
      'C:\\Program Files\\Reelay\\resources\\app.asar.unpacked\\node_modules\\x\\ffmpeg.exe',
    );
    expect(unpackedAsarPath('/home/me/app.asarx/ffmpeg')).toBe('/home/me/app.asarx/ffmpeg');
    expect(unpackedAsarPath('/r/app.asar.unpacked/ffmpeg')).toBe('/r/app.asar.unpacked/ffmpeg');
  });

  it('prefers the setting, then REELAY_FFMPEG, then the option, then the bundled one', () => {
    const env = { REELAY_FFMPEG: '/env/ffmpeg' };
    expect(chooseFfmpeg('/set/ffmpeg', env, '/opt/ffmpeg')).toEqual({ path: '/set/ffmpeg', source: 'setting' });
    expect(chooseFfmpeg(null, env, '/opt/ffmpeg')).toEqual({ path: '/env/ffmpeg', source: 'REELAY_FFMPEG' });
    expect(chooseFfmpeg('  ', {}, '/opt/ffmpeg')).toEqual({ path: '/opt/ffmpeg', source: 'option' });
    expect(chooseFfmpeg(null, { REELAY_FFMPEG: '' }, undefined)).toEqual({ path: bundledFfmpegPath(), source: 'bundled' });
  });
});

describe('reading the master', () => {
  it("understands ffmpeg's listing of a MediaRecorder WebM (no duration, non-zero start)", () => {
    const listing = `Input #0, matroska,webm, from 'master.webm':
  Metadata:
    encoder         : Chrome
  Duration: N/A, start: 0.300000, bitrate: N/A
    Stream #0:0(eng): Video: vp9 (Profile 0), yuv420p(tv, bt709), 1920x1080, SAR 1:1 DAR 16:9, 30.30 fps, 30 tbr, 1k tbn, 1k tbc (default)
    Stream #0:1(eng): Audio: opus, 48000 Hz, stereo, fltp (default)
At least one output file must be specified`;
    expect(parseInputListing(listing)).toEqual({ videoCodec: 'vp9', width: 1920, height: 1080, frameRate: 30.3, hasAudio: true, durationSec: null });
  });

  it('handles a video-only MP4 with a duration, and a file with no video', () => {
    const mp4 = `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'master.mp4':
  Duration: 00:01:02.50, start: 0.000000, bitrate: 2000 kb/s
    Stream #0:0(und): Video: h264 (Constrained Baseline) (avc1 / 0x31637661), yuv420p, 2560x1600, 1999 kb/s, 1k tbr, 1k tbn (default)`;
    expect(parseInputListing(mp4)).toMatchObject({ videoCodec: 'h264', width: 2560, height: 1600, frameRate: 1000, hasAudio: false, durationSec: 62.5 });
    expect(parseInputListing("Input #0, ogg, from 'a.ogg':\n    Stream #0:0: Audio: opus, 48000 Hz, mono")).toBeNull();
  });
});

describe('command lines', () => {
  const source = { width: 1920, height: 1080 };
  const rungs = planLadder({ source, sourceFrameRate: 30, live: { width: 1280, height: 720 } });
  const args = ladderArgs({ input: '/data/master.webm', source, rungs, audio: { sampleRate: 48000, channels: 2 }, thumbnails: { plan: planThumbnails(60, source), path: 'thumbs.jpg', frameRate: 30 } });
  const value = (flag: string): string | undefined => args[args.indexOf(flag) + 1];

  it('decodes once and encodes every rung in one run, each with its own audio', () => {
    expect(args.filter((a) => a === '-i')).toHaveLength(1);
    expect(value('-filter_complex')).toBe(
      // 1080p, the live size's twin (720p, which replaces the live rung in the master), 480p, the thumbnails
      "[0:v]fps=fps=30:start_time=0,split=4[s0][s1][s2][s3];[s0]setsar=1[v0];[s1]scale=1280:720:flags=bicubic,setsar=1[v1];" +
        "[s2]scale=854:480:flags=bilinear,setsar=1[v2];[s3]select='not(mod(n\\,60))',scale=160:90:flags=bicubic,setsar=1,tile=10x3[thumbs]",
    );
    expect(value('-var_stream_map')).toBe('v:0,a:0 v:1,a:1 v:2,a:2');
    expect(args.filter((a) => a === '0:a:0')).toHaveLength(3);
    expect(value('-hls_segment_type')).toBe('fmp4');
    expect(args).not.toContain('-master_pl_name'); // the bundled 2018 ffmpeg crashes writing one
  });

  it('puts keyframes on the live rendition’s 2 s grid, with no B-frames', () => {
    expect(value('-force_key_frames')).toBe('expr:gte(t,n_forced*2)');
    expect(value('-sc_threshold')).toBe('0');
    expect(value('-g')).toBe('60');
    expect(value('-bf')).toBe('0');
    expect(value('-hls_time')).toBe('2');
    expect(value('-maxrate:v:0')).toBe('4500000');
    expect(value('-maxrate:v:1')).toBe('2400000');
    expect(value('-maxrate:v:2')).toBe('600000');
  });

  it('cuts every rung where the live rendition’s segments start, the instants in a file', () => {
    const liveCuts = { starts: [0, 2.2, 4, 6.1], file: 'live-cuts.ffmeta' };
    const cut = ladderArgs({ input: '/data/master.webm', source, rungs, audio: null, liveCuts });
    const at = (flag: string): string | undefined => cut[cut.indexOf(flag) + 1];
    // the master stays input 0; the cut instants are input 1's chapters
    expect(cut.slice(cut.indexOf('-fflags'), cut.indexOf('-filter_complex'))).toEqual(['-fflags', '+genpts', '-i', '/data/master.webm', '-f', 'ffmetadata', '-i', 'live-cuts.ffmeta']);
    expect(at('-map_chapters')).toBe('1');
    expect(at('-force_key_frames')).toBe('chapters');
    // no key frame but those: x264 makes none of its own, and the muxer cuts at every one
    expect(Number(at('-g'))).toBeGreaterThan(30 * 3600);
    expect(at('-sc_threshold')).toBe('0');
    expect(at('-hls_time')).toBe('0.001');
    // a recording of any length: the command line does not grow with it
    const twoHours = ladderArgs({ input: '/data/master.webm', source, rungs, audio: null, liveCuts: { starts: Array.from({ length: 3600 }, (_, k) => 2 * k + 0.1), file: 'live-cuts.ffmeta' } });
    expect(twoHours.join(' ').length).toBe(cut.join(' ').length);
    // with audio, its first packet (before the first frame) would start an empty first segment
    expect(() => ladderArgs({ input: 'm.webm', source, rungs, audio: { sampleRate: 48000, channels: 2 }, liveCuts })).toThrow(/video only/);
  });

  it('leaves the key frames to the first frame when the live rendition is one segment', () => {
    const one = ladderArgs({ input: 'm.webm', source, rungs, audio: null, liveCuts: { starts: [0], file: 'live-cuts.ffmeta' } });
    expect(one.filter((a) => a === '-i')).toHaveLength(1);
    expect(one).not.toContain('-force_key_frames');
    expect(one).not.toContain('-map_chapters');
  });

  it('writes the cut instants as chapters, a quarter frame early, in microseconds', () => {
    expect(liveCutsMetadata([0, 2.2, 4, 6.1], 30)).toBe(
      ';FFMETADATA1\n' +
        '[CHAPTER]\nTIMEBASE=1/1000000\nSTART=2191667\nEND=3991667\n' +
        '[CHAPTER]\nTIMEBASE=1/1000000\nSTART=3991667\nEND=6091667\n' +
        '[CHAPTER]\nTIMEBASE=1/1000000\nSTART=6091667\nEND=6091668\n',
    );
    expect(liveCutsMetadata([0], 30)).toBe(';FFMETADATA1\n');
    // 2 hours of 2 s segments: a file of ~220 KB that ffmpeg reads, where a list of times would have
    // been a ~28-32 KB argument (Windows allows 32,767 characters for a whole command line)
    const twoHours = liveCutsMetadata(Array.from({ length: 3600 }, (_, k) => 2 * k + 1 / 30), 30);
    expect(twoHours.length).toBeGreaterThan(200_000);
    expect(twoHours.length).toBeLessThan(250_000);
  });

  it('writes a video-only ladder for a master without audio', () => {
    const silent = ladderArgs({ input: 'm.webm', source, rungs, audio: null });
    expect(silent[silent.indexOf('-var_stream_map') + 1]).toBe('v:0 v:1 v:2');
    expect(silent).not.toContain('0:a:0');
    expect(silent).not.toContain('[thumbs]');
  });

  it('makes only the thumbnail sheet when there are no rungs to add (a small window)', () => {
    const small = { width: 800, height: 600 };
    expect(planLadder({ source: small, sourceFrameRate: 30, live: small })).toEqual([]);
    const only = ladderArgs({ input: 'm.webm', source: small, rungs: [], audio: { sampleRate: 48000, channels: 2 }, thumbnails: { plan: planThumbnails(60, small), path: 'thumbs.jpg', frameRate: 30 } });
    expect(only[only.indexOf('-filter_complex') + 1]).toMatch(/^\[0:v\]fps=fps=30:start_time=0,split=1\[s0\];\[s0\]select=/);
    expect(only).not.toContain('-var_stream_map');
    expect(only).not.toContain('0:a:0');
    expect(only.slice(-2)).toEqual(['image2', 'thumbs.jpg']);
    expect(() => ladderArgs({ input: 'm.webm', source: small, rungs: [], audio: null })).toThrow(/nothing to make/);
  });

  it('makes the poster and the download without surprises', () => {
    expect(posterArgs('m.webm', 1, source, 'poster.jpg')).toEqual(expect.arrayContaining(['-ss', '1.000', '-frames:v', '1', 'poster.jpg']));
    expect(downloadArgs('joined.mp4', 'download.mp4')).toEqual(expect.arrayContaining(['-c', 'copy', '-movflags', '+faststart']));
  });
});
