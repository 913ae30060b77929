// Reading renditions back from disk: what ffmpeg wrote for each rung, and the live rendition the
// renderer sent, measured the same way so they can be compared.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { parsePlaylist } from '../../../shared/hls/parse';
import { codecsOf, readTracks, videoStartSec, type TrackInfo } from '../media/mp4';
import type { Timeline } from './alignment';

export interface RenditionFiles {
  initPath: string;
  segments: { path: string; durationSec: number; bytes: number }[];
}

export interface MeasuredRendition extends RenditionFiles {
  name: string;
  /** RFC 6381, from the init segment: e.g. "avc1.640028,mp4a.40.2" */
  codecs: string;
  width: number;
  height: number;
  tracks: TrackInfo[];
  timeline: Timeline;
}

/** the start of a file: enough for a media segment's styp/sidx/moof */
async function head(path: string, bytes = 256 * 1024): Promise<Uint8Array> {
  const handle = await fs.open(path, 'r');
  try {
    const buf = new Uint8Array(bytes);
    const { bytesRead } = await handle.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** a segment's video decode start, reading its whole file if the moof is not in the first part */
async function segmentStart(tracks: readonly TrackInfo[], path: string): Promise<number | null> {
  try {
    return videoStartSec(tracks, await head(path));
  } catch {
    return videoStartSec(tracks, await fs.readFile(path));
  }
}

export async function measure(name: string, files: RenditionFiles, frameRate: number | null): Promise<MeasuredRendition> {
  const tracks = readTracks(await fs.readFile(files.initPath));
  const video = tracks.find((t) => t.kind === 'video');
  if (!video || video.width === null || video.height === null) throw new Error(`rendition ${name} has no video track`);
  const starts: number[] = [];
  for (const s of files.segments) {
    const start = await segmentStart(tracks, s.path);
    if (start === null) throw new Error(`segment ${s.path} of rendition ${name} has no video fragment`);
    starts.push(start);
  }
  const totalSec = files.segments.reduce((sum, s) => sum + s.durationSec, 0);
  return {
    name,
    ...files,
    codecs: codecsOf(tracks),
    width: video.width,
    height: video.height,
    tracks,
    timeline: { name, starts, totalSec, frameRate },
  };
}

/** the files of an HLS rendition folder as ffmpeg wrote it (its media playlist names them) */
export async function readHlsFolder(dir: string, playlist = 'index.m3u8'): Promise<RenditionFiles> {
  const parsed = parsePlaylist(await fs.readFile(join(dir, playlist), 'utf8'));
  if (parsed.kind !== 'media' || !parsed.map || !parsed.ended || parsed.segments.length === 0) {
    throw new Error(`${join(dir, playlist)} is not a complete fMP4 media playlist`);
  }
  const segments = [];
  for (const s of parsed.segments) {
    const path = join(dir, s.uri);
    segments.push({ path, durationSec: s.durationSec, bytes: (await fs.stat(path)).size });
  }
  return { initPath: join(dir, parsed.map), segments };
}
