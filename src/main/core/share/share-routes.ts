// The share server's routes: a recording's viewer page and its published files under /v/<shareId>.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Core } from '..';
import { isShareId } from '../ids';
import { safeJoin } from './safe-path';
import { sendFile } from './http-files';
import { cacheControlFor, contentTypeFor, CACHE } from '../recording/layout';
import { injectViewerHead, renderViewerHead } from './viewer-head';

export interface ShareRoutesOptions {
  core: Core;
  /** the built renderer (out/renderer): viewer.html and assets/ */
  rendererDir: string;
}

export function sendText(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8', extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'content-length': String(Buffer.byteLength(body)), 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff', ...extra });
  res.end(body);
}

const NOT_FOUND_PAGE = `<!doctype html><meta charset="utf-8"><title>Not found · Reelay</title>
<body style="font-family:system-ui;background:#111;color:#eee;display:grid;place-items:center;height:100vh;margin:0">
<div><h1>This recording doesn't exist</h1><p>It may have been deleted, or the link is mistyped.</p></div></body>`;

/** Handles /v/... ; resolves false when the path is not a share route. */
export function createShareRoutes({ core, rendererDir }: ShareRoutesOptions) {
  let viewerHtml: string | null = null;
  const viewerTemplate = async (): Promise<string> => {
    viewerHtml ??= await fs.readFile(join(rendererDir, 'viewer.html'), 'utf8');
    return viewerHtml;
  };

  return async function handleShare(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    if (!pathname.startsWith('/v/')) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, 'Method not allowed', undefined, { allow: 'GET, HEAD' });
      return true;
    }
    const rest = pathname.slice(3);
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
    if (inner === '') {
      const posterUrl = core.publisher.posterUrl(rec);
      const html = injectViewerHead(await viewerTemplate(), renderViewerHead({ title: rec.title, link: rec.link, posterUrl }));
      sendText(res, 200, html, 'text/html; charset=utf-8', {
        'content-security-policy':
          "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob:; worker-src 'self' blob:; connect-src 'self'; frame-ancestors *",
        'referrer-policy': 'no-referrer',
      });
      return true;
    }
    const file = safeJoin(join(core.shareRoot, shareId), inner);
    if (file === null) {
      sendText(res, 400, 'Bad path');
      return true;
    }
    const name = inner.slice(inner.lastIndexOf('/') + 1);
    if (await sendFile(req, res, file, { contentType: contentTypeFor(name), cacheControl: cacheControlFor(name), cors: true })) return true;
    sendText(res, 404, 'Not found');
    return true;
  };
}
