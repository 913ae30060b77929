// The ffmpeg command lines of the backfill. Pure, so the benchmark runs exactly what the app runs.
//
// One run makes every rung (and the thumbnail sheet): the master is decoded once, split, scaled and
// encoded N times, and the HLS muxer writes one fMP4 rendition per rung (-var_stream_map). Normally
// the rungs are video only and get the live rendition's audio afterwards (shared-audio.ts); `audio`
// encodes the master's audio into each rung instead, for a recording whose live rendition is unreadable. The
// bundled 2018 ffmpeg crashes writing a master playlist, so none is asked for: ours is rendered from
// the database.
//
// Alignment with the live rendition, which starts at 0 and cuts a segment about every 2 s:
// - the input's start time is subtracted (ffmpeg's default without -copyts), so a MediaRecorder file
//   that starts at 0.5 s starts at 0 here, audio and video shifted together (A/V sync kept): the
//   master's first instant is the live rendition's 0, and live times are the output's times;
// - fps=...:start_time=0 makes the video constant-rate from exactly t=0 (MediaRecorder's screen
//   video is variable-rate, with frames only when the screen changes);
// - keyframes are forced exactly where the live rendition's segments start (`liveCuts`), and only
//   there: the renderer puts a key frame on the first frame it encodes at or after each multiple of
//   2 s, so a loaded machine that dropped the frames at 2.0 s starts live segment 1 at 2.2 s. The
//   instants reach ffmpeg as the chapters of an ffmetadata file (`-force_key_frames chapters`), so
//   the command line stays the same length for a recording of any length (a list of times for a
//   2-hour recording is ~28 KB, near Windows' 32,767-character limit for a whole command line); x264
//   makes no key frame of its own, and the HLS muxer starts a segment at every key frame;
// - without a live rendition, keyframes go on the 2 s grid;
// - scene cuts are off, so every rung has the same key frames;
// - negative timestamps are left alone (-avoid_negative_ts disabled), so AAC priming does not push
//   the video later than the live rendition's;
// - no B-frames: with them the first frame is presented 2 frames after its decode time and the
//   rungs would sit 66 ms off the live rendition (a browser encoder makes none).
import type { LadderRung, VideoSize } from '../../../shared/hls/ladder';
import type { ThumbnailPlan } from './thumbnails';
import { SEGMENT_SECONDS } from '../../../shared/published';


export interface AudioFormat {
  sampleRate: number;
  channels: number;
}

export interface LadderJob {
  input: string;
  source: VideoSize;
  rungs: readonly LadderRung[];
  /** encode the master's audio into every rung in this format; null: video only */
  audio: AudioFormat | null;
  /** also write a sprite sheet of thumbnails to `thumbnails.path` */
  thumbnails?: { plan: ThumbnailPlan; path: string; frameRate: number };
  /** x264 preset; veryfast measured best for speed against size on two cores */
  preset?: string;
  /**
   * Cut the rungs where the live rendition's segments start rather than on the 2 s grid: those
   * starts (seconds on the live timeline, the first one 0), and the file in ffmpeg's working folder
   * that carries them, written from liveCutsMetadata(starts, frameRate). Video-only rungs only.
   */
  liveCuts?: { starts: readonly number[]; file: string };
}

/** the file name job.ts writes the live rendition's cut instants to */
export const LIVE_CUTS_FILE = 'live-cuts.ffmeta';

/** x264's longest interval between key frames when the live rendition decides them: never on its own */
const KEYINT_NEVER = 1 << 20;

/** where the HLS muxer writes rung i (relative to ffmpeg's working directory) */
export const rungDir = (index: number): string => String(index);
export const LADDER_PLAYLIST = 'index.m3u8';

/**
 * Bicubic keeps text crisp when a screen shrinks a little (4K → 1440p, 1440p → 1080p). Shrinking by
 * more than 2x per side (1080p → 480p) loses that detail anyway, and swscale's bilinear, which
 * widens its filter with the ratio (unlike fast_bilinear, which aliases text), costs less: on the
 * 60 s benchmark ladder, 29.8 CPU-seconds against 31.7.
 */
export function scalerFor(source: VideoSize, rung: VideoSize): 'bicubic' | 'bilinear' {
  return rung.width * rung.height * 4 < source.width * source.height ? 'bilinear' : 'bicubic';
}

export function audioBitrate(rung: LadderRung): number {
  return rung.maxBitrate <= 1_000_000 ? 64_000 : 128_000;
}

/**
 * The command for the one-run ladder; run it with the output folder as working directory. With no
 * rungs it makes only the thumbnail sheet (a recording no larger than its live rendition, such as a
 * small window, gets no rungs).
 */
export function ladderArgs(job: LadderJob): string[] {
  const { rungs } = job;
  if (rungs.length === 0 && !job.thumbnails) throw new RangeError('nothing to make: no rungs and no thumbnails');
  const frameRate = rungs[0]?.frameRate ?? job.thumbnails!.frameRate;
  const outs = rungs.length + (job.thumbnails ? 1 : 0);
  const graph: string[] = [`[0:v]fps=fps=${frameRate}:start_time=0,split=${outs}${Array.from({ length: outs }, (_, i) => `[s${i}]`).join('')}`];
  rungs.forEach((r, i) => {
    const same = r.width === job.source.width && r.height === job.source.height;
    graph.push(same ? `[s${i}]setsar=1[v${i}]` : `[s${i}]scale=${r.width}:${r.height}:flags=${scalerFor(job.source, r)},setsar=1[v${i}]`);
  });
  if (job.thumbnails) {
    const { plan, frameRate: fps } = job.thumbnails;
    const every = Math.max(1, Math.round(plan.intervalSec * fps));
    graph.push(`[s${rungs.length}]select='not(mod(n\\,${every}))',scale=${plan.tile.width}:${plan.tile.height}:flags=bicubic,setsar=1,tile=${plan.columns}x${plan.rows}[thumbs]`);
  }

  const args = ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1'];
  args.push('-fflags', '+genpts', '-i', job.input);
  // input 1: the live rendition's cut instants, as chapters (none to add with a single segment)
  if (rungs.length > 0 && cutsOf(job).length > 0) args.push('-f', 'ffmetadata', '-i', job.liveCuts!.file);
  args.push('-filter_complex', graph.join(';'));
  if (rungs.length > 0) args.push(...hlsOutputs(job, frameRate));
  if (job.thumbnails) args.push('-map', '[thumbs]', '-frames:v', '1', '-q:v', '5', '-f', 'image2', job.thumbnails.path);
  return args;
}

/** every rung's encoders and the HLS muxer that writes them, one fMP4 rendition per rung */
function hlsOutputs(job: LadderJob, frameRate: number): string[] {
  const { rungs } = job;
  const args: string[] = [];
  rungs.forEach((_, i) => args.push('-map', `[v${i}]`));
  if (job.audio) rungs.forEach(() => args.push('-map', '0:a:0'));
  if (job.liveCuts && job.audio) throw new RangeError('rungs cut like the live rendition are video only');
  const cuts = cutsOf(job);
  const gop = frameRate * SEGMENT_SECONDS;
  args.push(
    '-c:v', 'libx264',
    '-preset', job.preset ?? 'veryfast',
    '-profile:v', 'high',
    '-pix_fmt', 'yuv420p',
    '-bf', '0',
    '-g', String(job.liveCuts ? KEYINT_NEVER : gop),
    '-keyint_min', String(gop),
    '-sc_threshold', '0',
  );
  if (!job.liveCuts) args.push('-force_key_frames', `expr:gte(t,n_forced*${SEGMENT_SECONDS})`);
  else if (cuts.length > 0) args.push('-map_chapters', '1', '-force_key_frames', 'chapters');
  rungs.forEach((r, i) => {
    args.push(`-crf:v:${i}`, String(r.crf), `-maxrate:v:${i}`, String(r.maxBitrate), `-bufsize:v:${i}`, String(r.maxBitrate * 2));
  });
  if (job.audio) {
    // the live rendition's sample rate and channels, so an ABR switch doesn't change the audio format
    args.push('-c:a', 'aac', '-ar', String(job.audio.sampleRate), '-ac', String(job.audio.channels));
    rungs.forEach((r, i) => args.push(`-b:a:${i}`, String(audioBitrate(r))));
  }
  args.push(
    '-max_muxing_queue_size', '4096',
    // AAC's priming makes the first audio timestamp negative; the default shifts every stream later by
    // it, which put all the rungs' video one AAC frame behind the live rendition's
    '-avoid_negative_ts', 'disabled',
    '-f', 'hls',
    // the muxer cuts at the first key frame at or after hls_time x (segments so far): at 1 ms, at
    // every key frame, here the live rendition's (a live segment may be 0.1 s long after a stall).
    // Video only: an audio packet before the first frame would start an empty first segment
    '-hls_time', job.liveCuts ? '0.001' : String(SEGMENT_SECONDS),
    '-hls_playlist_type', 'vod',
    '-hls_segment_type', 'fmp4',
    '-hls_flags', 'independent_segments',
    '-hls_fmp4_init_filename', 'init.mp4',
    '-hls_segment_filename', '%v/seg-%05d.m4s',
    '-var_stream_map', rungs.map((_, i) => (job.audio ? `v:${i},a:${i}` : `v:${i}`)).join(' '),
    `%v/${LADDER_PLAYLIST}`,
  );
  return args;
}

/** the live segment starts that need a forced key frame: all but the first (a stream starts with one) */
function cutsOf(job: LadderJob): readonly number[] {
  return job.liveCuts ? job.liveCuts.starts.slice(1) : [];
}

/**
 * The ffmetadata file whose chapters start where the live rendition's segments start, for
 * `-force_key_frames chapters`. Each instant is moved a quarter of a rung frame earlier, so the rung
 * frame nearest the live segment's first frame becomes the key frame whether ffmpeg compares times
 * exactly (the first frame at or after it) or rounds them to its 1/fps time base first (the 2018
 * build); times in microseconds. The first start is left out: a stream starts with a key frame.
 */
export function liveCutsMetadata(starts: readonly number[], frameRate: number): string {
  const us = starts.slice(1).map((s) => Math.max(0, Math.round((s - 0.25 / frameRate) * 1e6)));
  const lines = [';FFMETADATA1'];
  us.forEach((start, i) => lines.push('[CHAPTER]', 'TIMEBASE=1/1000000', `START=${start}`, `END=${us[i + 1] ?? start + 1}`));
  return `${lines.join('\n')}\n`;
}

/** a poster frame `atSec` into the master, within `box` (never upscaled) */
export function posterArgs(input: string, atSec: number, size: VideoSize, output: string): string[] {
  return [
    '-hide_banner', '-nostdin', '-y', '-loglevel', 'error',
    '-i', input,
    // seeking after -i decodes up to the frame: exact, and cheap for a second or two of a file
    // without cues (MediaRecorder's WebM cannot be seeked by index)
    '-ss', atSec.toFixed(3),
    '-frames:v', '1',
    '-vf', `scale=${size.width}:${size.height}:flags=bicubic,setsar=1`,
    '-q:v', '3',
    '-f', 'image2',
    output,
  ];
}

/** a single MP4 for download from an fMP4 rendition (init + segments, concatenated): no re-encode */
export function downloadArgs(concatenated: string, output: string): string[] {
  return [
    '-hide_banner', '-nostdin', '-y', '-loglevel', 'error',
    '-i', concatenated,
    '-map', '0',
    '-c', 'copy',
    // the moov before the media, so a browser can start playing the download before it has it all
    '-movflags', '+faststart',
    '-f', 'mp4',
    output,
  ];
}
