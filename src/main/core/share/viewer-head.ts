// The <head> tags of a recording's viewer page: its title and link-preview (Open Graph/Twitter) tags.
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export const HEAD_MARKER = '<!--reelay:head-->';

export function renderViewerHead(p: { title: string; link: string; posterUrl: string | null }): string {
  const t = escapeHtml(p.title);
  const tags = [
    `<title>${t} · Reelay</title>`,
    `<meta property="og:type" content="video.other">`,
    `<meta property="og:title" content="${t}">`,
    `<meta property="og:url" content="${escapeHtml(p.link)}">`,
    `<meta property="og:site_name" content="Reelay">`,
    `<meta name="twitter:card" content="${p.posterUrl ? 'summary_large_image' : 'summary'}">`,
    `<meta name="twitter:title" content="${t}">`,
  ];
  if (p.posterUrl) {
    tags.push(`<meta property="og:image" content="${escapeHtml(p.posterUrl)}">`, `<meta name="twitter:image" content="${escapeHtml(p.posterUrl)}">`);
  }
  return tags.join('\n    ');
}

/** puts the head tags where the built viewer.html has its marker */
export function injectViewerHead(html: string, head: string): string {
  return html.includes(HEAD_MARKER) ? html.replace(HEAD_MARKER, head) : html.replace('</head>', `${head}\n</head>`);
}
