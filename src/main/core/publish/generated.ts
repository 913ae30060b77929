// Files rendered from the database at the moment they are published: playlists and status.json.
// A file rendered for upload N describes exactly what uploads before N published, so a viewer never
// sees a playlist naming a segment that isn't there yet.
import type { RecordingRow, RenditionRow, SegmentRow } from '../library/recordings-repo';
import { writeMediaPlaylist } from '../../../shared/hls/media-playlist';
import { writeMasterPlaylist, type SubtitlesRendition, type VariantStream } from '../../../shared/hls/master-playlist';
import { writeSubtitlesPlaylist } from '../../../shared/hls/subtitles-playlist';
import { risingBandwidth } from '../../../shared/hls/bandwidth-order';
import { LIVE_RENDITION } from '../../../shared/domain';
import type { Chapter, ChaptersFile } from '../../../shared/chapters';
import { PUBLISHED, RENDITION_FILES, SEGMENT_SECONDS, segmentName, type PublishedStatus } from '../../../shared/published';
import type { CaptionsRow } from '../library/captions-repo';
import { uris } from '../recording/layout';


/** generator names: "name" or "name:argument"; the part before ':' picks the renderer */
export const GENERATORS = {
  mediaPlaylist: (rendition: string) => `media-playlist:${rendition}`,
  master: 'master',
  status: 'status',
  captions: 'captions',
  captionsPlaylist: 'captions-playlist',
  chapters: 'chapters',
} as const;

export function parseGenerator(generator: string): { name: string; argument: string } {
  const i = generator.indexOf(':');
  return i === -1 ? { name: generator, argument: '' } : { name: generator.slice(0, i), argument: generator.slice(i + 1) };
}

const STOPPED_STATES = new Set(['finishing', 'ready', 'interrupted']);

export function renderMediaPlaylist(rec: RecordingRow, rendition: RenditionRow, all: readonly SegmentRow[], uploadId: number): string {
  const published = all.filter((s) => s.upload_id < uploadId);
  const complete = published.length === all.length;
  const ended = complete && (rendition.state !== 'live' || STOPPED_STATES.has(rec.state));
  return writeMediaPlaylist({
    initUri: RENDITION_FILES.init,
    segments: published.map((s) => ({ uri: segmentName(s.seq), durationSec: s.duration_sec })),
    ended,
    targetDurationSec: SEGMENT_SECONDS,
  });
}

/** peak and mean bit rate of a rendition's segments, bits/s */
export function measureBitrate(segments: readonly SegmentRow[]): { peak: number; average: number } | null {
  let bytes = 0;
  let seconds = 0;
  let peak = 0;
  for (const s of segments) {
    if (s.duration_sec <= 0) continue;
    bytes += s.bytes;
    seconds += s.duration_sec;
    // very short segments (the tail) overstate the rate; judge them as if they were full length
    peak = Math.max(peak, (s.bytes * 8) / Math.max(s.duration_sec, SEGMENT_SECONDS / 2));
  }
  if (seconds === 0) return null;
  return { peak, average: (bytes * 8) / seconds };
}

/**
 * The renditions master.m3u8 names as of upload `uploadId`: those whose playlist went out before it,
 * except the live rendition once a finished rung of its size is listed. The live encoder runs at a
 * constant rate, so on a still screen it costs more bits than the backfill's quality-driven 1080p; its
 * replacement (the same grid, the same sound, bits that follow the content) keeps the ladder's bits
 * rising with the picture. The live playlist stays published: viewers already playing it keep it.
 */
export function listedRenditions(renditions: readonly RenditionRow[], uploadId: number): RenditionRow[] {
  const listed = renditions.filter((r) => r.listed_after_upload_id !== null && r.listed_after_upload_id < uploadId);
  const live = listed.find((r) => r.name === LIVE_RENDITION);
  const replaced = live !== undefined && listed.some((r) => r !== live && r.state === 'ready' && r.width === live.width && r.height === live.height);
  return replaced ? listed.filter((r) => r !== live) : listed;
}

/**
 * `captions`: the recording's captions, if any; the master names them once their playlist was queued
 * before this upload (as a rendition is named once its playlist is)
 */
export function renderMaster(renditions: readonly RenditionRow[], segmentsOf: (name: string) => SegmentRow[], uploadId: number, captions?: CaptionsRow): string | null {
  const listed = listedRenditions(renditions, uploadId);
  if (listed.length === 0) return null;
  const variants: VariantStream[] = listed.map((r) => {
    const measured = measureBitrate(segmentsOf(r.name).filter((s) => s.upload_id < uploadId));
    // while live, few segments are measured: never claim less than the encoder's target
    const peak = Math.max(measured?.peak ?? 0, r.state === 'live' ? r.bitrate : 0) || r.bitrate;
    const v: VariantStream = { uri: uris.mediaPlaylistFromMaster(r.name), bandwidth: Math.ceil(peak), codecs: r.codecs };
    if (measured) v.averageBandwidth = Math.ceil(measured.average);
    if (r.width !== null && r.height !== null) {
      v.width = r.width;
      v.height = r.height;
      v.name = `${r.height}p`;
    }
    if (r.frame_rate !== null) v.frameRate = r.frame_rate;
    return v;
  });
  return writeMasterPlaylist(risingBandwidth(variants), subtitlesOf(captions, uploadId));
}

function subtitlesOf(captions: CaptionsRow | undefined, uploadId: number): SubtitlesRendition | undefined {
  if (!captions || captions.listed_after_upload_id === null || captions.listed_after_upload_id >= uploadId) return undefined;
  const s: SubtitlesRendition = { uri: PUBLISHED.captionsPlaylist, name: captions.label };
  if (captions.language !== null) s.language = captions.language;
  return s;
}

/** the captions' VTT as kept; once they are removed, an empty WebVTT file takes the old text's place */
export function renderCaptions(captions: CaptionsRow | undefined): string {
  return captions?.vtt ?? 'WEBVTT\n';
}

export function renderCaptionsPlaylist(durationSec: number): string {
  return writeSubtitlesPlaylist({ uri: PUBLISHED.captions, durationSec });
}

export function renderChapters(chapters: readonly Chapter[]): string {
  const file: ChaptersFile = { chapters: chapters.map((c) => ({ atSec: c.atSec, title: c.title })) };
  return JSON.stringify(file);
}

export type StatusExtras = Pick<PublishedStatus, 'backfill' | 'poster' | 'thumbnails' | 'download'>;

export function renderStatus(rec: RecordingRow, extras: StatusExtras): string {
  const status: PublishedStatus = {
    title: rec.title,
    state: rec.state,
    durationMs: rec.duration_ms,
    createdAt: rec.created_at,
    width: rec.width,
    height: rec.height,
    ...extras,
  };
  return JSON.stringify(status);
}
