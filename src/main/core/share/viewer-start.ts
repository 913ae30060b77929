// What a viewer page needs to start playing, put in the page itself so nothing waits on a round trip:
// preloads for the files hls.js reads first (master, the lowest rung's playlist, its init and first
// segment: the player starts at that rung), the poster on the <video>, and status.json. Pure: the
// share routes read the published files and pass their text here.
//
// hls.js measures the network on segments, and a segment served from the preload cache once made it
// estimate tens of Mbit/s, so a viewer on 400 kbit/s was sent to 1080p and stalled (backfill.spec.ts):
// the viewer's fragment loader reports the preload's own transfer times (viewer/preload-aware-loader.ts).
import { parsePlaylist } from '../../../shared/hls/parse';
import { pageStatusElement } from '../../../shared/page-status';
import type { PublishedStatus } from '../../../shared/published';
import { PUBLISHED } from '../../../shared/published';
import { escapeHtml } from './viewer-head';

/** the files to preload, as paths under the link (e.g. 'r480/init.mp4') */
export interface StartFiles {
  mediaPlaylist: string;
  init: string | null;
  /** the segment a player starting at 0 reads first */
  firstSegment: string | null;
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

/** the init segment and first segment of a media playlist at `mediaPlaylist` (a path under the link) */
export function startFilesOf(mediaPlaylist: string, mediaText: string): StartFiles {
  const none: StartFiles = { mediaPlaylist, init: null, firstSegment: null };
  try {
    const parsed = parsePlaylist(mediaText);
    if (parsed.kind !== 'media') return none;
    const first = parsed.segments[0];
    return {
      mediaPlaylist,
      init: parsed.map === null ? null : underLink(parsed.map, mediaPlaylist),
      firstSegment: first === undefined ? null : underLink(first.uri, mediaPlaylist),
    };
  } catch {
    return none;
  }
}

export interface ViewerStart {
  /** the link's path on this server, '/v/<shareId>' */
  base: string;
  /** the published status.json, when this server has it */
  status: PublishedStatus | null;
  /** null when the master is not published here (or could not be read) */
  files: StartFiles | null;
  /** false when the page starts elsewhere (`?t=`): then the first segment is not the one read first */
  fromStart: boolean;
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
    if (p.files.firstSegment && p.fromStart) tags.push(preload(p.files.firstSegment));
  }
  if (p.status) tags.push(pageStatusElement(p.status));
  return tags.join('\n    ');
}

/** the poster on the page's <video>, so the browser fetches it while parsing, before any script runs */
export function withVideoPoster(html: string, posterPath: string): string {
  return html.replace(/<video id="video"/, () => `<video id="video" poster="${escapeHtml(posterPath)}"`);
}
