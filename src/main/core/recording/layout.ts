// Where a recording's files live: on local disk (intake) and in the storage (published keys).
// Pure: every path and key is computed here and nowhere else.
import { join } from 'node:path';
import { PUBLISHED, RENDITION_FILES, segmentName, type PublishedAsset } from '../../../shared/published';

const INIT_NAME = RENDITION_FILES.init;
const MEDIA_PLAYLIST_NAME = RENDITION_FILES.mediaPlaylist;

/** keys relative to the storage root; every one of a recording's keys starts with `<shareId>/` */
export const keys = {
  prefix: (shareId: string) => `${shareId}/`,
  master: (shareId: string) => `${shareId}/${PUBLISHED.master}`,
  status: (shareId: string) => `${shareId}/${PUBLISHED.status}`,
  init: (shareId: string, rendition: string) => `${shareId}/${rendition}/${INIT_NAME}`,
  segment: (shareId: string, rendition: string, seq: number) => `${shareId}/${rendition}/${segmentName(seq)}`,
  mediaPlaylist: (shareId: string, rendition: string) => `${shareId}/${rendition}/${MEDIA_PLAYLIST_NAME}`,
  /** any other file of the recording (poster, thumbnails, download) */
  asset: (shareId: string, name: PublishedAsset) => `${shareId}/${name}`,
  /** the owner's additions: captions (their VTT and subtitles playlist) and chapters */
  extra: (shareId: string, name: typeof PUBLISHED.captions | typeof PUBLISHED.captionsPlaylist | typeof PUBLISHED.chapters) => `${shareId}/${name}`,
};

/** the URL under which a recording's files sit: the link, or its folder beside a MinIO `<id>.html` page */
export const filesUrl = (link: string): string => link.replace(/\.html$/, '');

/** URIs inside playlists, relative to the playlist that names them */
export const uris = {
  mediaPlaylistFromMaster: (rendition: string) => `${rendition}/${MEDIA_PLAYLIST_NAME}`,
};

/** the folder that holds every recording's own folder */
export function recordingsRoot(dataDir: string): string {
  return join(dataDir, 'recordings');
}

export function intakeDir(dataDir: string, recordingId: string): string {
  return join(recordingsRoot(dataDir), recordingId);
}

export const intakePaths = {
  init: (dir: string, rendition: string) => join(dir, rendition, INIT_NAME),
  segment: (dir: string, rendition: string, seq: number) => join(dir, rendition, segmentName(seq)),
  master: (dir: string, mimeType: string) => join(dir, `master.${masterExtension(mimeType)}`),
};

export function masterExtension(mimeType: string): 'webm' | 'mp4' | 'mkv' {
  const t = mimeType.toLowerCase();
  if (t.startsWith('video/mp4')) return 'mp4';
  if (t.startsWith('video/x-matroska')) return 'mkv';
  return 'webm';
}

export const CACHE = {
  immutable: 'public, max-age=31536000, immutable',
  playlist: 'no-cache',
  page: 'no-cache',
} as const;

export function contentTypeFor(name: string): string {
  const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  switch (ext) {
    case 'm3u8':
      return 'application/vnd.apple.mpegurl';
    case 'm4s':
      return 'video/iso.segment';
    case 'mp4':
      return 'video/mp4';
    case 'ts':
      return 'video/mp2t';
    case 'jpg':
    case 'jpeg':
      return 'image/jpeg';
    case 'png':
      return 'image/png';
    case 'webp':
      return 'image/webp';
    case 'vtt':
      return 'text/vtt; charset=utf-8';
    case 'json':
      return 'application/json; charset=utf-8';
    case 'html':
      return 'text/html; charset=utf-8';
    case 'js':
      return 'text/javascript; charset=utf-8';
    case 'css':
      return 'text/css; charset=utf-8';
    case 'svg':
      return 'image/svg+xml';
    case 'wasm':
      return 'application/wasm';
    case 'ico':
      return 'image/x-icon';
    case 'woff2':
      return 'font/woff2';
    default:
      return 'application/octet-stream';
  }
}

/** Cache policy by file: media files never change once written; playlists and status do. */
export function cacheControlFor(name: string): string {
  if (name.endsWith('.m3u8') || name.endsWith('.json') || name.endsWith('.html')) return CACHE.playlist;
  if (name.endsWith('.vtt')) return CACHE.page;
  return CACHE.immutable;
}
