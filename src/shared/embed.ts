// The embed page of a link (`<link>/embed`): the player with minimal chrome, the one page of a link
// that other sites may frame. The server marks it with a meta tag; the viewer reads it. The iframe
// code is written here once, for the oEmbed answer and the library's Copy embed code.
export const EMBED = {
  /** under the link: `<link>/embed` */
  path: 'embed',
  metaName: 'reelay:embed',
} as const;

/** the player's width when the consumer sets no bound; the height follows the video's shape */
export const EMBED_DEFAULT_WIDTH = 960;

export function embedUrl(link: string): string {
  return `${link.replace(/\/+$/, '')}/${EMBED.path}`;
}

/** the video's shape at the consumer's maximum width (960 px if none), shrunk to fit its maximum height */
export function embedSize(video: { width: number | null; height: number | null }, maxWidth?: number, maxHeight?: number): { width: number; height: number } {
  const w = video.width && video.width > 0 ? video.width : 16;
  const h = video.height && video.height > 0 ? video.height : 9;
  let width = maxWidth ?? EMBED_DEFAULT_WIDTH;
  let height = (width * h) / w;
  if (maxHeight !== undefined && height > maxHeight) {
    height = maxHeight;
    width = (height * w) / h;
  }
  return { width: Math.max(1, Math.round(width)), height: Math.max(1, Math.round(height)) };
}

/** a title fit for an attribute: no control characters, never empty */
export function embedTitle(title: string): string {
  return title.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim() || 'Reelay recording';
}

const escapeAttribute = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** the HTML another site pastes to show the recording: an iframe of its embed page */
export function embedIframe(p: { link: string; title: string; width: number; height: number }): string {
  return (
    `<iframe src="${escapeAttribute(embedUrl(p.link))}" width="${p.width}" height="${p.height}" title="${escapeAttribute(embedTitle(p.title))}" ` +
    `frameborder="0" allow="autoplay; fullscreen; picture-in-picture" allowfullscreen></iframe>`
  );
}

/** whether a link is served by a Reelay share server (`<origin>/v/<id>`), which has the embed page; a bucket's copy has none */
export function hasEmbedPage(link: string): boolean {
  try {
    return /^\/v\/[A-Za-z0-9_-]+\/?$/.test(new URL(link).pathname);
  } catch {
    return false;
  }
}
