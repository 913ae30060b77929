// Which files a recording made elsewhere may publish here (the publish API), pure. The names are the
// published layout's (shared/published.ts): files under the link, or one rendition folder deep. Only
// media, playlists, status and text tracks: never a page or a script (they would run on our origin).
import { PUBLISHED } from '../../../shared/published';

const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const RENDITION = /^[a-z0-9]{1,16}$/;
const SAFE_TYPES = new Set(['m3u8', 'm4s', 'mp4', 'jpg', 'png', 'webp', 'vtt', 'json']);

/** the path's error, or null when `path` (relative to the link, e.g. "live/seg-00003.m4s") may be published */
export function fedPathProblem(path: string): string | null {
  const parts = path.split('/');
  if (parts.length > 2) return 'a published file is at most one folder deep';
  if (parts.length === 2 && !RENDITION.test(parts[0]!)) return 'a rendition folder is 1-16 lowercase letters or digits';
  const name = parts[parts.length - 1]!;
  if (!NAME.test(name) || name.includes('..')) return 'a file name is lowercase letters, digits, dots, dashes or underscores';
  const ext = name.slice(name.lastIndexOf('.') + 1);
  if (!SAFE_TYPES.has(ext)) return `.${ext} files are not published (media, playlists, status and text tracks only)`;
  return null;
}

/** the recording's status, which says its state and length */
export const isStatusPath = (path: string): boolean => path === PUBLISHED.status;
