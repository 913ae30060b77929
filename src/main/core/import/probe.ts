// What an imported file is, and whether Reelay can make a recording of it: read from ffmpeg's listing
// of the file (the container, its streams), then a second of it decoded (a header can look right and
// the media behind it be garbage, or name a codec this ffmpeg has no decoder for). Every refusal names
// the problem in the user's words and says what to do. The judging is pure (unit-tested); probeImport
// runs ffmpeg and hands its output to it.
import { promises as fs } from 'node:fs';
import { ReelayError } from '../errors';
import { FfmpegError, runFfmpeg } from '../backfill/ffmpeg-process';
import { parseInputListing } from '../backfill/probe';

/** what the import goes on with */
export interface ImportedFile {
  container: 'mp4' | 'webm' | 'mkv';
  /** the master's type (layout.ts names the master file from it) */
  mimeType: string;
  width: number;
  height: number;
  frameRate: number | null;
  durationSec: number | null;
  videoCodec: string;
  hasAudio: boolean;
}

/** a file an import cannot take; the message says why and what to do */
export class ImportRejected extends ReelayError {
  constructor(message: string) {
    super('unsupported-media', message);
  }
}

const TAKES = 'Reelay imports MP4, MOV, WebM and MKV videos.';
/** ffmpeg's names of the containers an import takes */
const CONTAINERS: Record<string, ImportedFile['container']> = { 'mov,mp4,m4a,3gp,3g2,mj2': 'mp4', 'matroska,webm': 'mkv' };
/** the largest picture a recording may have (the contract's dimension bound) */
const MAX_SIDE = 8192;

/** the first bytes of an MP4/MOV (a box type at offset 4) or a Matroska/WebM file (the EBML magic) */
export function looksLikeVideoContainer(head: Uint8Array): boolean {
  if (head.length >= 4 && head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return true;
  if (head.length < 8) return false;
  const box = String.fromCharCode(...head.subarray(4, 8));
  return ['ftyp', 'moov', 'mdat', 'wide', 'free', 'skip', 'pnot'].includes(box);
}

/** judges `ffmpeg -i`'s listing of the file; throws ImportRejected naming the problem */
export function judgeListing(stderr: string, head: Uint8Array, fileName: string): ImportedFile {
  const format = /Input #0, ([^ ]+), from/.exec(stderr)?.[1];
  if (!format) {
    if (!looksLikeVideoContainer(head)) throw new ImportRejected(`"${fileName}" is not a video file. ${TAKES}`);
    const why = /moov atom not found/.test(stderr) ? ' (its index, the "moov" box, is missing: the file was cut short, perhaps by a copy or a download that stopped)' : '';
    throw new ImportRejected(`"${fileName}" is corrupt: it starts like a video but cannot be read${why}. Export or copy it again, then import it.`);
  }
  const container = CONTAINERS[format];
  if (!container) throw new ImportRejected(`"${fileName}" is not a video file Reelay imports (ffmpeg reads it as ${formatName(format)}). ${TAKES}`);
  const info = parseInputListing(stderr);
  if (!info) {
    const audioOnly = /Stream #0:\d+[^:]*: Audio: /.test(stderr);
    throw new ImportRejected(`"${fileName}" has no video${audioOnly ? ', only sound' : ''}: there is no picture to make a recording of. ${TAKES}`);
  }
  if (info.videoCodec === 'none') {
    const tag = /Video: none \(([^ /)]+)/.exec(stderr)?.[1] ?? 'unknown';
    throw new ImportRejected(`"${fileName}" uses a video codec Reelay cannot decode (${tag}). Convert it to H.264 (for example, export it again as MP4), then import it.`);
  }
  if (info.width > MAX_SIDE || info.height > MAX_SIDE) {
    throw new ImportRejected(`"${fileName}" is ${info.width}x${info.height}, larger than Reelay takes (at most ${MAX_SIDE} pixels a side). Scale it down, then import it.`);
  }
  const mimeType = container === 'mp4' ? 'video/mp4' : /\.webm$/i.test(fileName) ? 'video/webm' : 'video/x-matroska';
  const mkv = container === 'mkv' && mimeType === 'video/webm' ? 'webm' : container;
  return { ...info, container: mkv, mimeType };
}

/** judges a decode of the file's first second: the frames it made, or how it failed */
export function judgeDecode(outcome: { frames: number | null; error: string | null }, listing: string, fileName: string): void {
  if (outcome.error !== null) {
    const missing = /Decoder \(codec ([^)]+)\) not found for input stream #0:(\d+)/.exec(outcome.error);
    if (missing) {
      const stream = new RegExp(`Stream #0:${missing[2]}[^:]*: (Video|Audio): ([^\\n]*)`).exec(listing);
      const kind = stream?.[1] === 'Audio' ? 'an audio codec' : stream?.[1] === 'Video' ? 'a video codec' : 'a codec';
      const tag = /\(([^ /)]+) \//.exec(stream?.[2] ?? '')?.[1] ?? missing[1];
      throw new ImportRejected(`"${fileName}" uses ${kind} Reelay cannot decode (${tag}). Convert it to H.264 and AAC (for example, export it again as MP4), then import it.`);
    }
    throw new ImportRejected(`"${fileName}" is corrupt: its video could not be decoded (${firstProblem(outcome.error)}). Export or copy it again, then import it.`);
  }
  if (!outcome.frames) throw new ImportRejected(`"${fileName}" is corrupt: not one picture in its first second could be decoded. Export or copy it again, then import it.`);
}

/** the first thing the decoder said, without its "[h264 @ 0x...]" prefix */
function firstProblem(stderr: string): string {
  const line = stderr.split(/\r?\n/).map((l) => l.replace(/^\[[^\]]*\]\s*/, '').trim()).find((l) => l !== '');
  return (line ?? 'no detail').slice(0, 200);
}

function formatName(format: string): string {
  const known: Record<string, string> = { image2: 'an image', jpeg_pipe: 'a JPEG image', png_pipe: 'a PNG image', gif: 'a GIF', mp3: 'MP3 audio', wav: 'WAV audio', ogg: 'Ogg', avi: 'AVI', mpegts: 'MPEG-TS', tty: 'text' };
  return known[format] ?? format;
}

/** reads the file with ffmpeg and judges it; ImportRejected when it cannot be imported */
export async function probeImport(ffmpeg: string, path: string, fileName: string): Promise<ImportedFile> {
  const listing = await listInput(ffmpeg, path);
  const head = await readHead(path);
  const info = judgeListing(listing, head, fileName);
  judgeDecode(await decodeFirstSecond(ffmpeg, path), listing, fileName);
  return info;
}

async function listInput(ffmpeg: string, path: string): Promise<string> {
  // with no output ffmpeg lists the input and exits 1: that listing is all we want
  try {
    return (await runFfmpeg(ffmpeg, ['-hide_banner', '-nostdin', '-i', path], { stderrLimit: 64_000 }).done).stderr;
  } catch (e) {
    if (e instanceof FfmpegError && e.failure === 'failed') return e.stderrTail;
    throw e;
  }
}

async function readHead(path: string): Promise<Uint8Array> {
  const handle = await fs.open(path, 'r');
  try {
    const buf = Buffer.alloc(16);
    const { bytesRead } = await handle.read(buf, 0, 16, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** decodes the first second of the video (and the sound, if any) to nowhere */
async function decodeFirstSecond(ffmpeg: string, path: string): Promise<{ frames: number | null; error: string | null }> {
  let frames: number | null = null;
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1', '-i', path, '-map', '0:v:0', '-map', '0:a:0?', '-t', '1', '-f', 'null', '-'];
  try {
    await runFfmpeg(ffmpeg, args, { onProgress: (b) => (frames = b.frame ?? frames), stderrLimit: 16_000 }).done;
    return { frames, error: null };
  } catch (e) {
    if (e instanceof FfmpegError && e.failure === 'failed') return { frames, error: e.stderrTail || e.message };
    throw e;
  }
}
