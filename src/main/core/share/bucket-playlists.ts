// A bucket recording's playlists and thumbnails track as the server answers them when the link is on
// the server (hostLinks): the master keeps its relative variant URIs (each media playlist is asked of
// the server again, where access is checked); a media playlist's init and segments, and the track's
// images, become absolute URLs into the bucket. Pure: the caller makes the URLs (public or presigned).
import { parseAttributes } from '../../../shared/hls/parse';

/** a published file or folder name; no dot first, so never '.' or '..' (as in safe-path.ts) */
const SAFE_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
const MAP_TAG = '#EXT-X-MAP:';

/** a relative path of published names (e.g. `live/index.m3u8`) as its parts, or null */
export function safeRelativePath(path: string): string[] | null {
  if (path.length === 0 || path.length > 1024) return null;
  const parts = path.split('/');
  return parts.every((p) => SAFE_SEGMENT.test(p)) ? parts : null;
}

/**
 * The storage key that `uri`, named by the file at `fileKey`, points to; null unless it is a plain
 * relative path that stays inside `folder` (a URI with a scheme, a query, '..' or '/' first is left alone).
 */
export function keyOfUri(fileKey: string, uri: string, folder: string): string | null {
  const dir = fileKey.slice(0, fileKey.lastIndexOf('/') + 1);
  const key = dir + uri;
  if (safeRelativePath(uri) === null || safeRelativePath(key) === null) return null;
  return key.startsWith(folder) ? key : null;
}

/** a multivariant (master) playlist: its URIs are other playlists, not media */
export function isMasterPlaylist(text: string): boolean {
  return /^#EXT-X-STREAM-INF:/m.test(text);
}

/** the URIs a media playlist names: its EXT-X-MAP and its segments, in order, each once */
export function mediaPlaylistUris(text: string): string[] {
  const out = new Set<string>();
  for (const line of lines(text)) {
    const uri = mapUri(line) ?? (line.length > 0 && !line.startsWith('#') ? line : null);
    if (uri !== null) out.add(uri);
  }
  return [...out];
}

/** the media playlist with every URI `urlOf` knows replaced by its URL; other lines kept as they are */
export function rewriteMediaPlaylist(text: string, urlOf: (uri: string) => string | undefined): string {
  return lines(text)
    .map((line) => {
      const map = mapUri(line);
      if (map !== null) {
        const url = urlOf(map);
        return url === undefined ? line : line.replace(`URI="${map}"`, `URI="${checkedUrl(url)}"`);
      }
      if (line.length === 0 || line.startsWith('#')) return line;
      const url = urlOf(line);
      return url === undefined ? line : checkedUrl(url);
    })
    .join('\n');
}

/** the images a WebVTT thumbnails track names (cue payloads `<image>#xywh=...`), each once */
export function thumbnailsVttUris(text: string): string[] {
  const out = new Set<string>();
  forEachCueImage(lines(text), (image) => void out.add(image));
  return [...out];
}

/** the thumbnails track with every image `urlOf` knows replaced by its URL (the #xywh fragment kept) */
export function rewriteThumbnailsVtt(text: string, urlOf: (uri: string) => string | undefined): string {
  const all = lines(text);
  forEachCueImage(all, (image, i) => {
    const url = urlOf(image);
    if (url !== undefined) all[i] = checkedUrl(url) + all[i]!.slice(image.length);
  });
  return all.join('\n');
}

function lines(text: string): string[] {
  return text.split(/\r?\n/);
}

function mapUri(line: string): string | null {
  return line.startsWith(MAP_TAG) ? (parseAttributes(line.slice(MAP_TAG.length))['URI'] ?? null) : null;
}

/** the payload line after each cue timing whose text is an image URI */
function forEachCueImage(all: string[], visit: (image: string, lineIndex: number) => void): void {
  for (let i = 0; i + 1 < all.length; i++) {
    if (!all[i]!.includes('-->')) continue;
    const payload = all[i + 1]!;
    const image = payload.split('#')[0]!;
    if (image.length > 0 && !/\s/.test(payload)) visit(image, i + 1);
  }
}

/** a URL written into a playlist or a track must not end its line or its quoted attribute */
function checkedUrl(url: string): string {
  if (/["\s]/.test(url)) throw new Error(`refusing to write a URL with a quote or white space into a playlist: ${url}`);
  return url;
}
