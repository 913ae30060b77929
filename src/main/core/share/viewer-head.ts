// The <head> tags of a recording's viewer page: its title and link-preview (Open Graph/Twitter) tags.
// Pure: the share server (local recordings) and S3 publishing (the page uploaded to the bucket) both
// render the built viewer.html through here.
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** the literal comment in viewer.html that the head tags replace */
export const HEAD_MARKER = '<!--reelay:head-->';

export interface ViewerHead {
  title: string;
  /** the recording's link (absolute) */
  link: string;
  /** the poster image; unfurlers need an absolute URL, a relative one is resolved against the link */
  posterUrl: string | null;
}

const DESCRIPTION = 'A screen recording shared with Reelay.';

export function renderViewerHead(p: ViewerHead): string {
  // control characters have no business in a title and some unfurlers choke on them
  const t = escapeHtml(p.title.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim() || 'Reelay recording');
  const poster = absolutePoster(p.posterUrl, p.link);
  const tags = [
    `<title>${t} · Reelay</title>`,
    `<meta name="description" content="${DESCRIPTION}">`,
    `<meta property="og:type" content="video.other">`,
    `<meta property="og:site_name" content="Reelay">`,
    `<meta property="og:title" content="${t}">`,
    `<meta property="og:description" content="${DESCRIPTION}">`,
    `<meta property="og:url" content="${escapeHtml(p.link)}">`,
    `<meta name="twitter:card" content="${poster ? 'summary_large_image' : 'summary'}">`,
    `<meta name="twitter:title" content="${t}">`,
  ];
  if (poster) {
    tags.push(`<meta property="og:image" content="${escapeHtml(poster)}">`, `<meta name="twitter:image" content="${escapeHtml(poster)}">`);
  }
  return tags.join('\n    ');
}

function absolutePoster(posterUrl: string | null, link: string): string | null {
  if (!posterUrl) return null;
  try {
    const url = new URL(posterUrl, `${link.replace(/\/+$/, '')}/`);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** puts the head tags where the built viewer.html has its marker (or before </head> if it has none) */
export function injectViewerHead(html: string, head: string): string {
  // a function replacement: "$&" or "$'" in a title must stay literal text
  return html.includes(HEAD_MARKER) ? html.replace(HEAD_MARKER, () => head) : html.replace('</head>', () => `${head}\n</head>`);
}

/**
 * The template's own policy (a meta tag, for pages served from a bucket, which cannot send headers)
 * allows media from the page's origin only. Served here, the header carries the policy instead, and
 * may name the bucket the media comes from; a meta tag would narrow it back (policies intersect).
 */
export function dropMetaPolicy(html: string): string {
  return html.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>/i, '');
}
