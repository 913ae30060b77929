// What the master file holds, read from `ffmpeg -i` (so the backfill needs one binary, not two), and
// whether a given ffmpeg can do the job at all.
import { FfmpegError, lastLines, runFfmpeg } from './ffmpeg-process';

export interface MasterInfo {
  width: number;
  height: number;
  /** the container's nominal rate; MediaRecorder's WebM is variable-rate, so treat it as a hint */
  frameRate: number | null;
  videoCodec: string;
  hasAudio: boolean;
  /** seconds; MediaRecorder's WebM has none */
  durationSec: number | null;
}

/** parses the stream listing ffmpeg prints for its first input */
export function parseInputListing(stderr: string): MasterInfo | null {
  const input = stderr.slice(stderr.indexOf('Input #0'));
  const video = /Stream #0:\d+[^:]*: Video: ([a-z0-9_]+)[^\n]*?, (\d{2,5})x(\d{2,5})[^\n]*/.exec(input);
  if (!video) return null;
  const fps = /, ([\d.]+)(k?) fps/.exec(video[0]) ?? /, ([\d.]+)(k?) tbr/.exec(video[0]);
  const duration = /Duration: (\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(input);
  return {
    videoCodec: video[1]!,
    width: Number(video[2]),
    height: Number(video[3]),
    frameRate: fps ? Number(fps[1]) * (fps[2] === 'k' ? 1000 : 1) : null,
    hasAudio: /Stream #0:\d+[^:]*: Audio: /.test(input),
    durationSec: duration ? Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3]) : null,
  };
}

export async function probeMaster(ffmpeg: string, path: string): Promise<MasterInfo> {
  // with no output ffmpeg lists the input and exits 1: that listing is all we want
  const run = runFfmpeg(ffmpeg, ['-hide_banner', '-nostdin', '-i', path], { stderrLimit: 64_000 });
  let stderr: string;
  try {
    stderr = (await run.done).stderr;
  } catch (e) {
    if (!(e instanceof FfmpegError) || e.failure !== 'failed') throw e;
    stderr = e.stderrTail;
  }
  const info = parseInputListing(stderr);
  if (!info) throw new FfmpegError('failed', `ffmpeg found no video in the full-quality recording: ${lastLines(stderr, 2)}`, stderr);
  return info;
}

/** the encoders the backfill uses; a build without them fails every job, so say so once, clearly */
export const REQUIRED_ENCODERS = ['libx264', 'aac', 'mjpeg'] as const;

export async function checkFfmpeg(ffmpeg: string): Promise<{ version: string }> {
  const { stdout } = await runFfmpeg(ffmpeg, ['-hide_banner', '-nostdin', '-version']).done;
  const version = /^ffmpeg version (\S+)/m.exec(stdout);
  if (!version) throw new FfmpegError('missing', 'this program does not look like ffmpeg (its -version output is not ffmpeg\'s)');
  const encoders = (await runFfmpeg(ffmpeg, ['-hide_banner', '-nostdin', '-encoders']).done).stdout;
  const missing = REQUIRED_ENCODERS.filter((e) => !new RegExp(`^\\s*[A-Z.]{6}\\s+${e}\\s`, 'm').test(encoders));
  if (missing.length > 0) throw new FfmpegError('missing', `this ffmpeg (${version[1]}) has no ${missing.join(', ')} encoder`);
  return { version: version[1]! };
}

/**
 * The master's duration when nothing else knows it (MediaRecorder's WebM has none in its header and
 * the renderer may not have said): copy its video to nowhere, which reads every packet without
 * decoding, and keep the last time ffmpeg reports.
 */
export async function measureDuration(ffmpeg: string, path: string): Promise<number | null> {
  let last: number | null = null;
  await runFfmpeg(ffmpeg, ['-hide_banner', '-nostdin', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1', '-i', path, '-map', '0:v:0', '-c', 'copy', '-f', 'null', '-'], {
    onProgress: (block) => {
      if (block.outTimeSec !== null) last = block.outTimeSec;
    },
  }).done;
  return last;
}
