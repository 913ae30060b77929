// Every file name a viewer may fetch under a recording's link (published.ts re-exports them with the
// status schema). No imports: the viewer page's first script (viewer/entry.ts) reads these.

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
