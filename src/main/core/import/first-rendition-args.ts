// The ffmpeg command that makes an imported file's first rendition: what the live encoder makes while
// recording (H.264 + AAC in fMP4 HLS segments, key frames on the 2 s grid, 720p worth of pixels or
// less), so the link, the publisher and the backfill treat it as a live rendition. The playlist is an
// EVENT one, rewritten after each segment, so segments can be taken (and published) as they are made.
// Pure, so the benchmark runs exactly what the app runs.
import { bitrateForArea, MAX_FRAME_RATE, type VideoSize } from '../../../shared/hls/ladder';
import { RENDITION_FILES, SEGMENT_SECONDS } from '../../../shared/published';

/** the live rendition's pixel budget (the renderer's LIVE_PIXEL_BUDGET): 1280x720 worth */
export const FIRST_RENDITION_AREA = 1280 * 720;
/** ffmpeg's own playlist, in its working folder (ours is rendered from the database) */
export const FIRST_RENDITION_PLAYLIST = 'index.m3u8';
export const FIRST_RENDITION_SEGMENT = /^seg-(\d{5})\.m4s$/;

export interface FirstRendition extends VideoSize {
  frameRate: number;
  /** the video's cap, bits per second */
  maxBitrate: number;
}

export const AUDIO = { sampleRate: 48_000, channels: 2, bitrate: 128_000 } as const;

/** 720p worth of pixels or fewer, the source's shape, never upscaled; at most 30 fps */
export function planFirstRendition(source: VideoSize, sourceFrameRate: number | null): FirstRendition {
  // rounded down, to even sides (H.264 needs them): never a pixel over the budget or the source
  const scale = Math.min(1, Math.sqrt(FIRST_RENDITION_AREA / (source.width * source.height)));
  const side = (n: number): number => Math.max(16, 2 * Math.floor((n * scale + 1e-6) / 2));
  const size = { width: side(source.width), height: side(source.height) };
  const rate = sourceFrameRate && Number.isFinite(sourceFrameRate) && sourceFrameRate >= 1 ? sourceFrameRate : MAX_FRAME_RATE;
  return { ...size, frameRate: Math.min(MAX_FRAME_RATE, Math.round(rate)), maxBitrate: bitrateForArea(size.width * size.height) };
}

/** run with the scratch folder as working directory */
export function firstRenditionArgs(input: string, source: VideoSize, r: FirstRendition, hasAudio: boolean, preset = 'veryfast'): string[] {
  const gop = r.frameRate * SEGMENT_SECONDS;
  const same = r.width === source.width && r.height === source.height;
  const video = `fps=fps=${r.frameRate}:start_time=0${same ? '' : `,scale=${r.width}:${r.height}:flags=bicubic`},setsar=1`;
  return [
    '-hide_banner', '-nostdin', '-y', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1',
    '-fflags', '+genpts', '-i', input,
    '-map', '0:v:0', ...(hasAudio ? ['-map', '0:a:0'] : []),
    '-vf', video,
    '-c:v', 'libx264', '-preset', preset, '-profile:v', 'high', '-pix_fmt', 'yuv420p',
    // no B-frames and key frames only on the grid, as the backfill's rungs: they line up with this one
    '-bf', '0', '-g', String(gop), '-keyint_min', String(gop), '-sc_threshold', '0',
    '-force_key_frames', `expr:gte(t,n_forced*${SEGMENT_SECONDS})`,
    '-crf', '23', '-maxrate', String(r.maxBitrate), '-bufsize', String(r.maxBitrate * 2),
    ...(hasAudio ? ['-c:a', 'aac', '-ar', String(AUDIO.sampleRate), '-ac', String(AUDIO.channels), '-b:a', String(AUDIO.bitrate)] : []),
    '-max_muxing_queue_size', '4096',
    '-avoid_negative_ts', 'disabled',
    '-f', 'hls',
    '-hls_time', String(SEGMENT_SECONDS),
    '-hls_playlist_type', 'event',
    '-hls_segment_type', 'fmp4',
    '-hls_flags', 'independent_segments',
    '-hls_fmp4_init_filename', RENDITION_FILES.init,
    '-hls_segment_filename', 'seg-%05d.m4s',
    FIRST_RENDITION_PLAYLIST,
  ];
}

export interface MadeSegment {
  seq: number;
  name: string;
  durationSec: number;
}

/**
 * The segments ffmpeg's playlist names, in order. ffmpeg rewrites it in place after closing each
 * segment, so a read may catch it half-written: only an EXTINF followed by a whole segment name
 * counts (a cut-off name does not match).
 */
export function madeSegments(playlist: string): { segments: MadeSegment[]; ended: boolean } {
  const lines = playlist.split('\n');
  const segments: MadeSegment[] = [];
  let duration: number | null = null;
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    const extinf = /^#EXTINF:([\d.]+),/.exec(line);
    if (extinf) {
      duration = Number(extinf[1]);
      continue;
    }
    const seg = FIRST_RENDITION_SEGMENT.exec(line);
    // the last line without its newline may still be being written
    if (seg && duration !== null && duration > 0 && i < lines.length - 1) segments.push({ seq: Number(seg[1]), name: line, durationSec: duration });
    if (!line.startsWith('#')) duration = null;
  }
  return { segments, ended: lines.some((l) => l.trim() === '#EXT-X-ENDLIST') };
}
