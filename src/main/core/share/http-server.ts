// One node:http server: the share routes always; in server mode also the app and its API.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Core } from '..';
import type { Dispatch } from '../api';
import { createShareRoutes, sendText } from './share-routes';
import { createApiRoutes } from './api-routes';
import { safeJoin } from './safe-path';
import { sendFile } from './http-files';
import { CACHE, contentTypeFor } from '../recording/layout';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface HttpAppOptions {
  core: () => Core;
  rendererDir: string;
  /** server mode: also serve the app at / and the API at /api */
  app?: { dispatch: () => Dispatch; allowedHosts: () => readonly string[] };
}

const APP_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: http://127.0.0.1:* http://localhost:*; media-src 'self' blob: mediastream: http://127.0.0.1:* http://localhost:*; connect-src 'self'";

export function createHttpApp(options: HttpAppOptions): Handler {
  let share: ReturnType<typeof createShareRoutes> | null = null;
  let api: ReturnType<typeof createApiRoutes> | null = null;
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const pathname = url.pathname;
    void (async () => {
      share ??= createShareRoutes({ core: options.core(), rendererDir: options.rendererDir });
      if (await share(req, res, pathname)) return;
      if (options.app) {
        const app = options.app;
        api ??= createApiRoutes({ dispatch: app.dispatch(), events: options.core().events, allowedHosts: app.allowedHosts });
        if (await api(req, res, pathname)) return;
        if (req.method === 'GET' || req.method === 'HEAD') {
          if (pathname === '/' || pathname === '/index.html') {
            if (await sendFile(req, res, join(options.rendererDir, 'index.html'), { contentType: 'text/html; charset=utf-8', cacheControl: 'no-cache', extra: { 'content-security-policy': APP_CSP } })) return;
          }
          if (pathname.startsWith('/assets/')) {
            const file = safeJoin(join(options.rendererDir, 'assets'), pathname.slice('/assets/'.length));
            if (file && (await sendFile(req, res, file, { contentType: contentTypeFor(file), cacheControl: CACHE.immutable }))) return;
          }
        }
      }
      sendText(res, 404, 'Not found');
    })().catch((e: unknown) => {
      options.core().log('http request failed', e);
      if (!res.headersSent) sendText(res, 500, 'Internal error');
      else res.destroy();
    });
  };
}

export async function listen(handler: Handler, host: string, port: number): Promise<{ server: Server; port: number; close: () => Promise<void> }> {
  const server = createServer(handler);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    server,
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** host:port names a browser may use for this server */
export function hostNames(host: string, port: number, extra: readonly string[] = []): string[] {
  const names = new Set([`${host}:${port}`, ...extra.map((h) => h.toLowerCase())]);
  if (host === '127.0.0.1' || host === 'localhost' || host === '0.0.0.0' || host === '::' || host === '::1') {
    names.add(`127.0.0.1:${port}`);
    names.add(`localhost:${port}`);
    names.add(`[::1]:${port}`);
  }
  return [...names];
}
