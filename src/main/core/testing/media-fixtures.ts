// Real media for tests: short fMP4 HLS made by the bundled ffmpeg, the same shape the renderer sends.
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parsePlaylist } from '../../../shared/hls/parse';

const run = promisify(execFile);

export function bundledFfmpeg(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
}

export interface LiveFixture {
  init: Uint8Array;
  segments: { data: Uint8Array; durationSec: number }[];
  codecs: string;
  width: number;
  height: number;
}

/** `seconds` of 2 s-segmented H.264 + AAC fMP4, like the live variant */
/** `videoBitrate` (e.g. '1300k'): capped like the live encoder's constant bit rate; default: whatever x264 ultrafast makes of the test pattern (~7 Mbit/s at 720p) */
export async function makeLiveFixture(dir: string, seconds = 6, size = '320x180', videoBitrate?: string): Promise<LiveFixture> {
  await fs.mkdir(dir, { recursive: true });
  await run(bundledFfmpeg(), [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=30`,
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', String(seconds),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '60', '-keyint_min', '60', '-sc_threshold', '0',
    ...(videoBitrate ? ['-b:v', videoBitrate, '-maxrate', videoBitrate, '-bufsize', videoBitrate] : []),
    '-c:a', 'aac', '-b:a', '64k',
    '-f', 'hls', '-hls_time', '2', '-hls_segment_type', 'fmp4', '-hls_playlist_type', 'vod',
    '-hls_fmp4_init_filename', 'init.mp4', '-hls_segment_filename', join(dir, 'seg-%d.m4s'),
    join(dir, 'index.m3u8'),
  ]);
  const playlist = parsePlaylist(await fs.readFile(join(dir, 'index.m3u8'), 'utf8'));
  if (playlist.kind !== 'media') throw new Error('ffmpeg wrote a master playlist');
  const [w, h] = size.split('x').map(Number) as [number, number];
  return {
    init: await fs.readFile(join(dir, 'init.mp4')),
    segments: await Promise.all(playlist.segments.map(async (s) => ({ data: await fs.readFile(join(dir, s.uri)), durationSec: s.durationSec }))),
    codecs: 'avc1.42c00d,mp4a.40.2',
    width: w,
    height: h,
  };
}
