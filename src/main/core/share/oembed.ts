// oEmbed (https://oembed.com) for a recording's link: the answer an unfurler or a CMS gets from
// GET /oembed?url=<link>&format=json, and the <link> tag in the viewer page's head that names it.
// Pure: the route (oembed-route.ts) looks the recording up and decides who may know of it.
import { z } from 'zod';
import { escapeHtml } from './viewer-head';
import { isShareId } from '../ids';
import { EMBED, embedIframe, embedSize, embedTitle } from '../../../shared/embed';
import { fitArea } from '../../../shared/hls/ladder';

/** the embed page: the player with minimal chrome, the one page of a link another site may frame */
export const EMBED_PATH = EMBED.path;
export const OEMBED_PATH = '/oembed';

const MIN_SIDE = 120;

export const oembedQuery = z.object({
  url: z.string().min(1).max(2048),
  format: z.string().max(16).optional(),
  maxwidth: z.coerce.number().int().min(MIN_SIDE).max(8192).optional(),
  maxheight: z.coerce.number().int().min(MIN_SIDE).max(8192).optional(),
});
export type OembedQuery = z.infer<typeof oembedQuery>;

export interface OembedRecording {
  title: string;
  /** the link, absolute: http(s)://host/v/<shareId> */
  link: string;
  width: number | null;
  height: number | null;
  durationMs: number;
  /** absolute, or null before the backfill made one */
  posterUrl: string | null;
}

export interface OembedVideo {
  version: '1.0';
  type: 'video';
  provider_name: 'Reelay';
  provider_url: string;
  title: string;
  html: string;
  width: number;
  height: number;
  thumbnail_url?: string;
  thumbnail_width?: number;
  thumbnail_height?: number;
  /** not in the spec, but read by several consumers (Slack, Iframely): seconds */
  duration?: number;
}

/**
 * The link a URL names when it has a link's shape (`<origin>/v/<shareId>`, or its embed page; a
 * trailing slash, a query or a fragment allowed), or null. The route then checks that the link is
 * the recording's own (this server's origin), so no other site's URL is answered for.
 */
export function linkOfUrl(url: string): { shareId: string; link: string } | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  const m = /^\/v\/([^/]+)(?:\/(?:embed\/?)?)?$/.exec(parsed.pathname);
  if (!m || !isShareId(m[1]!)) return null;
  return { shareId: m[1]!, link: `${parsed.origin}/v/${m[1]!}` };
}

export function oembedAnswer(rec: OembedRecording, query: Pick<OembedQuery, 'maxwidth' | 'maxheight'>): OembedVideo {
  const { width, height } = embedSize(rec, query.maxwidth, query.maxheight);
  const title = embedTitle(rec.title);
  const html = embedIframe({ link: rec.link, title, width, height });
  const answer: OembedVideo = { version: '1.0', type: 'video', provider_name: 'Reelay', provider_url: `${new URL(rec.link).origin}/`, title, html, width, height };
  if (rec.posterUrl) {
    answer.thumbnail_url = rec.posterUrl;
    // the poster is the source's size within 1920x1080's pixels (backfill/job.ts)
    if (rec.width && rec.height) {
      const poster = fitArea({ width: rec.width, height: rec.height }, 1920 * 1080);
      answer.thumbnail_width = poster.width;
      answer.thumbnail_height = poster.height;
    }
  }
  if (rec.durationMs > 0) answer.duration = Math.round(rec.durationMs / 1000);
  return answer;
}

/** the discovery tag for the viewer page's head */
export function oembedLinkTag(origin: string, link: string, title: string): string {
  const href = `${origin}${OEMBED_PATH}?url=${encodeURIComponent(link)}&format=json`;
  return `<link rel="alternate" type="application/json+oembed" href="${escapeHtml(href)}" title="${escapeHtml(embedTitle(title))}">`;
}
