// The share server's routes: a recording's viewer page and its published files under /v/<shareId>.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Core } from '..';
import { isShareId } from '../ids';
import { safeJoin } from './safe-path';
import { sendFile } from './http-files';
import { cacheControlFor, contentTypeFor, CACHE } from '../recording/layout';
import { dropMetaPolicy, injectViewerHead, renderViewerHead } from './viewer-head';
import { grantCookieName, type LinkDecision } from '../accounts/link-access';
import { RateLimitedError } from '../accounts/account-service';
import type { RecordingRow } from '../library/recordings-repo';
import { parseCookies, type RequestAuth } from './request-auth';
import { expiredPage, GATE_CSP, membersPage, passwordPage } from './link-gate-pages';
import { readBody } from './http-json';
import { createBucketLinkFiles } from './bucket-link';
import { createInsightsRoute, INSIGHTS_META } from './insights-route';
import { BEACON } from '../../../shared/insights';
import { COMMENTS } from '../../../shared/comments';
import { COMMENTS_META, createCommentsRoute } from './comments-route';
import { createOembedRoute } from './oembed-route';
import { EMBED } from '../../../shared/embed';
import { EMBED_PATH, OEMBED_PATH, oembedLinkTag } from './oembed';
import { firstVariant, renderViewerStart, startFilesOf, withVideoPoster, type StartFiles } from './viewer-start';
import { PUBLISHED, statusSchema, type PublishedStatus } from '../../../shared/published';

export interface ShareRoutesOptions {
  core: Core;
  /** the built renderer (out/renderer): viewer.html and assets/ */
  rendererDir: string;
  auth: RequestAuth;
}

/** a link password form's body */
const MAX_FORM_BYTES = 4 << 10;
const UNLOCK = 'unlock';

export function sendText(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8', extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'content-length': String(Buffer.byteLength(body)), 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff', ...extra });
  res.end(body);
}

/** tells the viewer it is the embed page (viewer/embed.ts) */
export const EMBED_META = `<meta name="${EMBED.metaName}" content="1">`;

const NOT_FOUND_PAGE = `<!doctype html><meta charset="utf-8"><title>Not found · Reelay</title>
<body style="font-family:system-ui;background:#111;color:#eee;display:grid;place-items:center;height:100vh;margin:0">
<div><h1>This recording doesn't exist</h1><p>It may have been deleted, or the link is mistyped.</p></div></body>`;

/** Handles /v/... ; resolves false when the path is not a share route. */
/** restricted files stay out of shared caches: the answer depends on who asks, and access can change */
function privately(cacheControl: string): string {
  return cacheControl === 'no-cache' ? 'private, no-cache' : cacheControl.replace(/^public\b/, 'private');
}

export function createShareRoutes({ core, rendererDir, auth }: ShareRoutesOptions) {
  // a bucket recording whose link is here: the server answers the small files, the bucket the media
  const bucketFiles = createBucketLinkFiles({ storageFor: (t) => core.storageFor(t), log: core.log });
  let viewerHtml: string | null = null;
  const viewerTemplate = async (): Promise<string> => {
    viewerHtml ??= await fs.readFile(join(rendererDir, 'viewer.html'), 'utf8');
    return viewerHtml;
  };

  const beacon = createInsightsRoute({ core, auth, decide: (req, rec) => decide(req, rec) });
  const comments = createCommentsRoute({ core, auth, decide: (req, rec) => decide(req, rec) });
  const oembed = createOembedRoute({ core, decide: (req, rec) => decide(req, rec) });

  return async function handleShare(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    if (pathname === OEMBED_PATH) {
      oembed(req, res);
      return true;
    }
    if (!pathname.startsWith('/v/')) return false;
    const rest = pathname.slice(3);
    if (req.method === 'POST' && rest.endsWith(`/${UNLOCK}`)) {
      await unlock(req, res, rest.slice(0, -UNLOCK.length - 1));
      return true;
    }
    if (req.method === 'POST' && rest.endsWith(`/${BEACON.path}`)) {
      const shareId = rest.slice(0, -BEACON.path.length - 1);
      await beacon(req, res, isShareId(shareId) ? core.recordings.repo.byShareId(shareId) : undefined);
      return true;
    }
    if (rest.endsWith(`/${COMMENTS.path}`) && !rest.startsWith('assets/')) {
      const shareId = rest.slice(0, -COMMENTS.path.length - 1);
      await comments(req, res, isShareId(shareId) ? core.recordings.repo.byShareId(shareId) : undefined);
      return true;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, 'Method not allowed', undefined, { allow: 'GET, HEAD' });
      return true;
    }
    if (rest.startsWith('assets/')) {
      const file = safeJoin(join(rendererDir, 'assets'), rest.slice('assets/'.length));
      if (file && (await sendFile(req, res, file, { contentType: contentTypeFor(file), cacheControl: CACHE.immutable, cors: true }))) return true;
      sendText(res, 404, 'Not found');
      return true;
    }
    const slash = rest.indexOf('/');
    const shareId = slash === -1 ? rest : rest.slice(0, slash);
    const inner = slash === -1 ? '' : rest.slice(slash + 1);
    const rec = isShareId(shareId) ? core.recordings.repo.byShareId(shareId) : undefined;
    if (!rec || rec.state === 'cancelled' || rec.published_deleted === 1) {
      sendText(res, 404, inner === '' ? NOT_FOUND_PAGE : 'Not found', inner === '' ? 'text/html; charset=utf-8' : undefined);
      return true;
    }
    if (inner === '' && slash !== -1) {
      // the page's ./assets/ URLs resolve against /v/<id>, not /v/<id>/
      const query = req.url?.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
      res.writeHead(308, { location: `/v/${shareId}${query}`, 'cache-control': 'no-cache' });
      res.end();
      return true;
    }
    const decision = decide(req, rec);
    if (!decision.ok) {
      refuse(res, decision, shareId, inner === '');
      return true;
    }
    if (inner === '' || inner === EMBED_PATH) {
      // a page opened at a moment (?t=) reads that moment's segment first, not the first one
      const fromStart = !new URL(req.url ?? '/', 'http://page.invalid').searchParams.has('t');
      await sendPage(res, rec, decision.restricted, inner === EMBED_PATH, fromStart);
      return true;
    }
    if (await bucketFiles.serve(req, res, rec, inner, decision.restricted ? 'restricted' : 'public')) return true;
    const file = safeJoin(join(core.shareRoot, shareId), inner);
    if (file === null) {
      sendText(res, 400, 'Bad path');
      return true;
    }
    const name = inner.slice(inner.lastIndexOf('/') + 1);
    const cacheControl = decision.restricted ? privately(cacheControlFor(name)) : cacheControlFor(name);
    if (await sendFile(req, res, file, { contentType: contentTypeFor(name), cacheControl, cors: !decision.restricted })) return true;
    sendText(res, 404, 'Not found');
    return true;
  };

  /**
   * The viewer page, or its embed page: the same player with minimal chrome (no comments, no
   * details), the only page of a link another site may frame. The full page, like the app's pages,
   * may not be framed: it takes comments and signs members in.
   */
  async function sendPage(res: ServerResponse, rec: RecordingRow, restricted: boolean, embed: boolean, fromStart: boolean): Promise<void> {
    const posterUrl = core.publisher.posterUrl(rec);
    // media of a bucket recording comes from the bucket (hls.js fetches it; the poster redirects there)
    const mediaOrigins = await bucketFiles.mediaOrigins(rec);
    // what the page needs to start, from the files published here (a bucket recording's page polls as before);
    // the page is only sent to someone who may read those files, so it tells nothing they could not fetch
    const local = mediaOrigins.length === 0;
    const base = `/v/${rec.share_id}`;
    const status = local ? await publishedStatus(rec.share_id) : null;
    const start = renderViewerStart({ base, status, files: local ? await startFiles(rec.share_id) : null, fromStart });
    const tags = [renderViewerHead({ title: rec.title, link: rec.link, posterUrl }), INSIGHTS_META, start];
    if (embed) tags.push(EMBED_META);
    else tags.push(COMMENTS_META);
    if (!embed && !restricted) tags.push(oembedLinkTag(new URL(rec.link).origin, rec.link, rec.title));
    let html = dropMetaPolicy(injectViewerHead(await viewerTemplate(), tags.join('\n    ')));
    // the embed page sits one folder deeper (/v/<id>/embed): its ./assets/ are the viewer's, at /v/assets/
    if (embed) html = html.replace(/(src|href)="\.\/assets\//g, '$1="/v/assets/');
    if (status?.poster) html = withVideoPoster(html, `${base}/${PUBLISHED.poster}`);
    const media = mediaOrigins.join(' ');
    // a restricted link is never framed by another site, embed page or not
    const framable = embed && !restricted;
    sendText(res, 200, html, 'text/html; charset=utf-8', {
      'content-security-policy': `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self'; img-src 'self' data: blob: ${media}; media-src 'self' blob: ${media}; worker-src 'self' blob:; connect-src 'self' ${media}; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors ${framable ? '*' : "'none'"}`,
      'referrer-policy': 'no-referrer',
      ...(framable ? {} : { 'x-frame-options': 'DENY' }),
      ...(restricted ? { 'cache-control': 'private, no-cache' } : {}),
    });
  }

  /** a published file of a local recording as text; null when it is not there (yet) */
  async function publishedText(shareId: string, path: string): Promise<string | null> {
    const file = safeJoin(join(core.shareRoot, shareId), path);
    if (file === null) return null;
    try {
      return await fs.readFile(file, 'utf8');
    } catch {
      return null;
    }
  }

  async function publishedStatus(shareId: string): Promise<PublishedStatus | null> {
    const text = await publishedText(shareId, PUBLISHED.status);
    if (text === null) return null;
    try {
      const parsed = statusSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  async function startFiles(shareId: string): Promise<StartFiles | null> {
    const master = await publishedText(shareId, PUBLISHED.master);
    const mediaPlaylist = master === null ? null : firstVariant(master);
    if (mediaPlaylist === null) return null;
    const mediaText = await publishedText(shareId, mediaPlaylist);
    return mediaText === null ? null : startFilesOf(mediaPlaylist, mediaText);
  }

  function decide(req: IncomingMessage, rec: RecordingRow): LinkDecision {
    return core.linkAccess.decide(rec, { account: () => auth.sessionAccount(req), grant: parseCookies(req.headers.cookie).get(grantCookieName(rec.share_id)) });
  }

  /** every file of the link answers the same: 401 without access, 410 once expired; the page says why */
  function refuse(res: ServerResponse, decision: Exclude<LinkDecision, { ok: true }>, shareId: string, isPage: boolean): void {
    const headers = { 'cache-control': 'no-store', 'content-security-policy': GATE_CSP, 'referrer-policy': 'no-referrer' };
    if (!isPage) {
      sendText(res, decision.status, decision.status === 410 ? 'This link has expired.' : 'This recording is private: open its link to sign in or enter its password.', undefined, headers);
      return;
    }
    const html = decision.reason === 'expired' ? expiredPage() : decision.reason === 'members' ? membersPage(shareId) : passwordPage(shareId);
    sendText(res, decision.status, html, 'text/html; charset=utf-8', headers);
  }

  /** POST /v/<id>/unlock (the password form): a grant cookie for this link, then back to the page */
  async function unlock(req: IncomingMessage, res: ServerResponse, shareId: string): Promise<void> {
    const rec = isShareId(shareId) ? core.recordings.repo.byShareId(shareId) : undefined;
    const page = (status: number, html: string, extra: Record<string, string> = {}): void =>
      sendText(res, status, html, 'text/html; charset=utf-8', { 'cache-control': 'no-store', 'content-security-policy': GATE_CSP, ...extra });
    if (!rec || rec.state === 'cancelled' || rec.published_deleted === 1) {
      page(404, NOT_FOUND_PAGE);
      return;
    }
    const body = await readBody(req, MAX_FORM_BYTES);
    if (!body.ok) {
      if (body.reason === 'too-large') page(413, passwordPage(shareId, 'That was too long to be the password.'), { connection: 'close' });
      return;
    }
    const password = new URLSearchParams(body.bytes.toString('utf8')).get('password') ?? '';
    try {
      const { grant, maxAgeSec } = await core.linkAccess.unlock(rec, password, auth.client(req));
      res.writeHead(303, {
        location: `/v/${shareId}`,
        'cache-control': 'no-store',
        'set-cookie': auth.cookie(grantCookieName(shareId), grant, { maxAgeSec, path: `/v/${shareId}` }),
      });
      res.end();
    } catch (e) {
      if (e instanceof RateLimitedError) page(429, passwordPage(shareId, e.message), { 'retry-after': String(e.retryAfterSec) });
      else if (e instanceof Error && 'code' in e && e.code === 'unauthorized') page(401, passwordPage(shareId, 'Wrong password. Try again.'));
      else if (e instanceof Error && 'code' in e && e.code === 'invalid-state') res.writeHead(303, { location: `/v/${shareId}`, 'cache-control': 'no-store' }).end();
      else throw e;
    }
  }
}
