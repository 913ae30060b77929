// Small real media for the backfill's tests and benchmark, made with the bundled ffmpeg: a master that
// looks like MediaRecorder's (WebM VP8/VP9 + Opus, written as a stream: no cues, no duration, maybe a
// non-zero start) and a live rendition like the renderer's (720p H.264 + AAC, fMP4, 2 s segments).
import { chmodSync, constants, accessSync, openSync, closeSync, promises as fs } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Core } from '..';
import type { Recording } from '../../../shared/domain';
import { bundledFfmpegPath, requireHere } from './ffmpeg-path';
import { codecsOf, readTracks } from '../media/mp4';
import { parsePlaylist } from '../../../shared/hls/parse';

export function testFfmpeg(): string {
  const path = bundledFfmpegPath();
  if (!path) throw new Error('the bundled ffmpeg (@ffmpeg-installer) is not installed');
  return path;
}

/** the 2023 ffprobe from @ffprobe-installer, made executable (its tarball may lose the +x bit) */
export function testFfprobe(): string {
  const path = requireHere().resolve(`@ffprobe-installer/${process.platform}-${process.arch}/ffprobe`);
  try {
    accessSync(path, constants.X_OK);
  } catch {
    chmodSync(path, 0o755);
  }
  return path;
}

export function run(binary: string, args: string[], options: { stdoutFile?: string; cwd?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const fd = options.stdoutFile ? openSync(options.stdoutFile, 'w') : null;
    const child = spawn(binary, args, { cwd: options.cwd, stdio: ['ignore', fd ?? 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => {
      if (fd !== null) closeSync(fd);
      if (code === 0) resolve(out);
      else reject(new Error(`${binary} ${args.join(' ')} exited ${code}: ${err}`));
    });
  });
}

export interface MasterSpec {
  seconds: number;
  width: number;
  height: number;
  fps: number;
  codec: 'vp8' | 'vp9';
  /** MediaRecorder's first timestamp is not always 0 */
  startOffsetSec?: number;
  /** a desktop (still background, a window, a small playing video, a moving pointer) instead of testsrc2 */
  screenLike?: boolean;
  /** the video's target bits per second (2.5 Mbit/s unless told) */
  videoBitrate?: number;
}

/** a WebM written as a stream, like MediaRecorder's: no cues and no duration */
export async function makeMaster(dir: string, spec: MasterSpec): Promise<string> {
  const { seconds: d, width: w, height: h, fps } = spec;
  const path = join(dir, 'master.webm');
  const video = spec.screenLike
    ? [
        '-f', 'lavfi', '-i', `color=c=0x2b2d31:s=${w}x${h}:r=${fps}:d=${d}`,
        '-f', 'lavfi', '-i', `testsrc=s=${Math.round(w * 0.66)}x${Math.round(h * 0.74)}:r=${fps}:d=${d}`,
        '-f', 'lavfi', '-i', `testsrc2=s=${Math.round(w / 4)}x${Math.round(h / 4)}:r=${fps}:d=${d}`,
        '-f', 'lavfi', '-i', `color=c=white:s=20x28:r=${fps}:d=${d}`,
      ]
    : ['-f', 'lavfi', '-i', `testsrc2=s=${w}x${h}:r=${fps}:d=${d}`];
  const audioIndex = spec.screenLike ? 4 : 1;
  const graph = spec.screenLike
    ? ['-filter_complex', `[0][1]overlay=x=${Math.round(w / 16)}:y=${Math.round(h / 12)}[a];[a][2]overlay=x=${Math.round(w * 0.72)}:y=${Math.round(h * 0.7)}[b];[b][3]overlay=x='${Math.round(w / 6)}+${Math.round(w / 5)}*sin(t/3)':y='${Math.round(h / 2)}+${Math.round(h / 5)}*cos(t/2)'[v]`, '-map', '[v]']
    : ['-map', '0:v'];
  const bitrate = String(spec.videoBitrate ?? 2_500_000);
  const codec =
    spec.codec === 'vp9'
      ? ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-row-mt', '1', '-b:v', bitrate]
      : ['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', bitrate];
  await run(
    testFfmpeg(),
    [
      '-hide_banner', '-nostdin', '-loglevel', 'error', '-y',
      ...video,
      '-f', 'lavfi', '-i', `sine=f=440:r=48000:d=${d}`,
      ...graph, '-map', `${audioIndex}:a`,
      ...codec, '-g', String(fps * 4),
      '-c:a', 'libopus', '-b:a', '96k', '-ac', '2',
      ...(spec.startOffsetSec ? ['-output_ts_offset', String(spec.startOffsetSec)] : []),
      // 1 s clusters like a 1 s timeslice; pipe output: not seekable, so no cues and no duration
      '-cluster_time_limit', '1000', '-f', 'webm', 'pipe:1',
    ],
    { stdoutFile: path },
  );
  return path;
}

export interface LiveMedia {
  dir: string;
  init: Uint8Array;
  codecs: string;
  width: number;
  height: number;
  segments: { seq: number; durationSec: number; data: Uint8Array }[];
}

/** a live rendition like the renderer makes: 720p H.264 (no B-frames) + AAC, fMP4, keyframes every 2 s from 0 */
export async function makeLive(master: string, dir: string, fps = 30, size = { width: 1280, height: 720 }): Promise<LiveMedia> {
  await fs.mkdir(dir, { recursive: true });
  await run(
    testFfmpeg(),
    [
      '-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-i', master,
      '-vf', `fps=fps=${fps}:start_time=0,scale=${size.width}:${size.height},setsar=1`,
      '-c:v', 'libx264', '-preset', 'ultrafast', '-bf', '0', '-b:v', '1200k', '-pix_fmt', 'yuv420p',
      '-force_key_frames', 'expr:gte(t,n_forced*2)', '-sc_threshold', '0', '-g', String(fps * 2),
      '-c:a', 'aac', '-b:a', '128k', '-ar', '48000', '-ac', '2',
      '-f', 'hls', '-hls_time', '2', '-hls_playlist_type', 'vod', '-hls_segment_type', 'fmp4',
      '-hls_fmp4_init_filename', 'init.mp4', '-hls_segment_filename', 'seg-%05d.m4s', 'index.m3u8',
    ],
    { cwd: dir },
  );
  return readLiveFolder(dir);
}

export async function readLiveFolder(dir: string): Promise<LiveMedia> {
  const playlist = parsePlaylist(await fs.readFile(join(dir, 'index.m3u8'), 'utf8'));
  if (playlist.kind !== 'media' || !playlist.map) throw new Error('ffmpeg wrote no media playlist');
  const init = new Uint8Array(await fs.readFile(join(dir, playlist.map)));
  const tracks = readTracks(init);
  const video = tracks.find((t) => t.kind === 'video')!;
  const segments = [];
  for (const [seq, s] of playlist.segments.entries()) segments.push({ seq, durationSec: s.durationSec, data: new Uint8Array(await fs.readFile(join(dir, s.uri))) });
  return { dir, init, codecs: codecsOf(tracks), width: video.width!, height: video.height!, segments };
}

/** records a recording into the core the way the renderer does: live segments, master chunks, then Stop (unless told not to) */
export async function feedRecording(core: Core, master: string, live: LiveMedia | null, size: { width: number; height: number; fps: number }, stop = true): Promise<Recording> {
  const rec = await core.recordings.create({ title: 'backfill test', width: size.width, height: size.height, fps: size.fps });
  core.recordings.start(rec.id);
  if (live) {
    await core.recordings.putInit({ id: rec.id, rendition: 'live', codecs: live.codecs, width: live.width, height: live.height, frameRate: size.fps, bitrate: 1_200_000, data: live.init });
    for (const s of live.segments) await core.recordings.putSegment({ id: rec.id, rendition: 'live', seq: s.seq, durationSec: s.durationSec, data: s.data });
  }
  const bytes = await fs.readFile(master);
  const chunk = 256 * 1024;
  for (let seq = 0, off = 0; off < bytes.byteLength; seq++, off += chunk) {
    await core.recordings.putMasterChunk({ id: rec.id, seq, mimeType: 'video/webm;codecs=vp9,opus', data: new Uint8Array(bytes.subarray(off, off + chunk)) });
  }
  if (!stop) return core.recordings.get(rec.id);
  return core.recordings.stop(rec.id, liveDurationMs(live));
}

export function liveDurationMs(live: LiveMedia | null): number {
  return live ? Math.round(live.segments.reduce((s, x) => s + x.durationSec, 0) * 1000) : 0;
}
