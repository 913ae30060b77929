// What a viewer page needs to start playing, put in the page itself so nothing waits on a round trip:
// preloads for the files hls.js reads first (master, the lowest rung's playlist and its init segment:
// the player starts at that rung), the poster on the <video>, and status.json. Pure: the share routes
// read the published files and pass their text here.
//
// Not the first segment: hls.js measures the network on it, and a segment served from the preload
// cache made it estimate tens of Mbit/s, so a viewer on 400 kbit/s was sent to 1080p and stalled
// (backfill.spec.ts). The playlists and init do not count towards its estimate.
import { parsePlaylist } from '../../../shared/hls/parse';
import { pageStatusElement } from '../../../shared/page-status';
import type { PublishedStatus } from '../../../shared/published';
import { PUBLISHED } from '../../../shared/published';
import { escapeHtml } from './viewer-head';

/** the files to preload, as paths under the link (e.g. 'r480/init.mp4') */
export interface StartFiles {
  mediaPlaylist: string;
  init: string | null;
}

/** a URI of a playlist as a path under the link's folder; null when it points anywhere else */
export function underLink(uri: string, relativeTo: string): string | null {
  const base = 'https://link.invalid/';
  try {
    const url = new URL(uri, new URL(relativeTo, base));
    if (url.origin !== new URL(base).origin || url.search !== '' || url.hash !== '') return null;
    return decodeURIComponent(url.pathname.slice(1)) || null;
  } catch {
    return null;
  }
}

/** the master's first variant (the lowest: the master lists them by rising bandwidth), as a path under the link */
export function firstVariant(masterText: string): string | null {
  try {
    const parsed = parsePlaylist(masterText);
    const first = parsed.kind === 'master' ? parsed.variants[0] : undefined;
    return first ? underLink(first.uri, '') : null;
  } catch {
    return null;
  }
}

/** the init segment of a media playlist at `mediaPlaylist` (a path under the link) */
export function startFilesOf(mediaPlaylist: string, mediaText: string): StartFiles {
  try {
    const parsed = parsePlaylist(mediaText);
    if (parsed.kind !== 'media') return { mediaPlaylist, init: null };
    return { mediaPlaylist, init: parsed.map === null ? null : underLink(parsed.map, mediaPlaylist) };
  } catch {
    return { mediaPlaylist, init: null };
  }
}

export interface ViewerStart {
  /** the link's path on this server, '/v/<shareId>' */
  base: string;
  /** the published status.json, when this server has it */
  status: PublishedStatus | null;
  /** null when the master is not published here (or could not be read) */
  files: StartFiles | null;
}

/** <head> tags: preloads in the order hls.js asks for them, then the status */
export function renderViewerStart(p: ViewerStart): string {
  const href = (path: string): string => escapeHtml(`${p.base}/${path.split('/').map(encodeURIComponent).join('/')}`);
  // as="fetch" with crossorigin: what hls.js's XHRs are (same-origin, cors mode), so they take the preload
  const preload = (path: string): string => `<link rel="preload" href="${href(path)}" as="fetch" crossorigin="anonymous">`;
  const tags: string[] = [];
  if (p.files) {
    tags.push(preload(PUBLISHED.master), preload(p.files.mediaPlaylist));
    if (p.files.init) tags.push(preload(p.files.init));
  }
  if (p.status) tags.push(pageStatusElement(p.status));
  return tags.join('\n    ');
}

/** the poster on the page's <video>, so the browser fetches it while parsing, before any script runs */
export function withVideoPoster(html: string, posterPath: string): string {
  return html.replace(/<video id="video"/, () => `<video id="video" poster="${escapeHtml(posterPath)}"`);
}
