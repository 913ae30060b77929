// The published layout of a recording: every file name a viewer may fetch under the link, and the
// schema of status.json. The core writes these files, the backfill makes some of them, the viewer
// reads them: all three take the names and the schema from here.
// zod/mini: the viewer bundles this schema, and the mini build adds little to it
import * as z from 'zod/mini';

/** files directly under `<link>/` */
export const PUBLISHED = {
  master: 'master.m3u8',
  status: 'status.json',
  poster: 'poster.jpg',
  thumbnailsVtt: 'thumbs.vtt',
  thumbnailsSheet: 'thumbs.jpg',
  download: 'download.mp4',
  /** the captions' WebVTT file and the subtitles playlist the master names (one segment: the whole file) */
  captions: 'captions.vtt',
  captionsPlaylist: 'captions.m3u8',
  /** the chapters the viewer reads (shared/chapters.ts: chaptersFileSchema) */
  chapters: 'chapters.json',
} as const;

/** files under `<link>/<rendition>/` */
export const RENDITION_FILES = {
  init: 'init.mp4',
  mediaPlaylist: 'index.m3u8',
} as const;

/** the live rendition's segments, and every rung's: their target duration, seconds */
export const SEGMENT_SECONDS = 2;

export const segmentName = (seq: number): string => `seg-${String(seq).padStart(5, '0')}.m4s`;

/** the extra files a backfill publishes beside the renditions */
export type PublishedAsset = typeof PUBLISHED.poster | typeof PUBLISHED.thumbnailsVtt | typeof PUBLISHED.thumbnailsSheet | typeof PUBLISHED.download;

export const STATUS_RECORDING_STATES = ['recording', 'paused', 'finishing', 'ready', 'interrupted'] as const;
export const STATUS_BACKFILL_STATES = ['none', 'queued', 'running', 'done', 'failed', 'cancelled'] as const;

/** status.json as the core writes it */
export const statusSchema = z.object({
  title: z.string(),
  state: z.enum(['created', ...STATUS_RECORDING_STATES, 'cancelled']),
  durationMs: z.number().check(z.nonnegative()),
  createdAt: z.number(),
  width: z.nullable(z.int()),
  height: z.nullable(z.int()),
  backfill: z.enum(STATUS_BACKFILL_STATES),
  poster: z.boolean(),
  thumbnails: z.boolean(),
  download: z.boolean(),
});
export type PublishedStatus = z.infer<typeof statusSchema>;
export type StatusBackfill = PublishedStatus['backfill'];
