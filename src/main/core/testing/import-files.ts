// Video files for the import's tests, e2e spec and benchmark, made with the bundled ffmpeg: a good
// H.264/AAC MP4 (testsrc2 and a tone), and one file of each kind an import must refuse.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { run, testFfmpeg } from '../backfill/test-media';

export interface VideoSpec {
  seconds: number;
  width: number;
  height: number;
  fps?: number;
  /** x264 preset of the file itself (ultrafast: quick to make, large like a camera's file) */
  preset?: string;
  audio?: boolean;
}

/** an MP4 as cameras and screen recorders write it: its index (moov) after the media */
export async function makeVideo(path: string, spec: VideoSpec): Promise<string> {
  const { seconds: d, width, height } = spec;
  const fps = spec.fps ?? 30;
  const audio = spec.audio ?? true;
  await run(testFfmpeg(), [
    '-hide_banner', '-nostdin', '-y', '-loglevel', 'error',
    '-f', 'lavfi', '-i', `testsrc2=s=${width}x${height}:r=${fps}:d=${d}`,
    ...(audio ? ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${d}`] : []),
    '-c:v', 'libx264', '-preset', spec.preset ?? 'ultrafast', '-pix_fmt', 'yuv420p',
    ...(audio ? ['-c:a', 'aac', '-b:a', '128k', '-shortest'] : []),
    path,
  ]);
  return path;
}

/** the kinds of file an import refuses, and the words its error must use */
export const BAD_KINDS = {
  text: /is not a video file/,
  image: /is not a video file Reelay imports \(ffmpeg reads it as a JPEG image\)/,
  audioOnly: /has no video, only sound/,
  truncated: /is corrupt: .*"moov" box, is missing/,
  garbage: /is corrupt: its video could not be decoded/,
  unknownCodec: /uses a video codec Reelay cannot decode \(zzzz\)/,
} as const;
export type BadKind = keyof typeof BAD_KINDS;

/** every bad kind, as `<kind>.mp4` in `dir` (the names say MP4: the bytes are judged, not the name), from `good` (an MP4 from makeVideo) */
export async function makeBadFiles(dir: string, good: string): Promise<Record<BadKind, string>> {
  const ffmpeg = testFfmpeg();
  const at = (kind: BadKind) => join(dir, `${kind}.mp4`);
  await fs.writeFile(at('text'), 'These are my meeting notes, not a video.\n'.repeat(50));
  await run(ffmpeg, ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=s=320x240:d=1', '-frames:v', '1', '-f', 'image2', at('image')]);
  await run(ffmpeg, ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=d=2', '-c:a', 'aac', '-f', 'mp4', at('audioOnly')]);
  const bytes = await fs.readFile(good);
  const moov = bytes.indexOf('moov');
  const mdat = bytes.indexOf('mdat');
  if (moov < mdat) throw new Error('the good file must have its index after its media');
  // a copy that stopped early: the index at the end never arrived
  await fs.writeFile(at('truncated'), bytes.subarray(0, Math.floor(mdat + (moov - mdat) / 2)));
  // the index intact, the media behind it noise
  const garbage = Buffer.from(bytes);
  let seed = 1;
  for (let i = mdat + 8; i < moov - 4; i++) garbage[i] = (seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16;
  await fs.writeFile(at('garbage'), garbage);
  // the video's sample entry renamed: a codec no decoder knows
  const unknown = Buffer.from(bytes);
  const entry = unknown.indexOf('avc1', unknown.indexOf('stsd'));
  unknown.write('zzzz', entry, 'latin1');
  await fs.writeFile(at('unknownCodec'), unknown);
  return { text: at('text'), image: at('image'), audioOnly: at('audioOnly'), truncated: at('truncated'), garbage: at('garbage'), unknownCodec: at('unknownCodec') };
}
