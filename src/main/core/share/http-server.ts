// One node:http server: the share routes always; in server mode also the app and its API.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Core } from '..';
import type { Dispatch } from '../api';
import { createShareRoutes, sendText } from './share-routes';
import { createApiRoutes } from './api-routes';
import { createAuthRoutes } from './auth-routes';
import { createRequestAuth, type RequestAuth } from './request-auth';
import { safeJoin } from './safe-path';
import { sendFile } from './http-files';
import { CACHE, contentTypeFor } from '../recording/layout';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface HttpAppOptions {
  core: () => Core;
  rendererDir: string;
  /** server mode: also serve the app at / and the API at /api */
  app?: {
    dispatch: () => Dispatch;
    /** origins of the app's pages (appOrigins()): the API answers these only */
    allowedOrigins?: () => readonly string[];
    /** older form: host:port names reached over plain http (hostNames()); same as http://<name> origins */
    allowedHosts?: () => readonly string[];
  };
  /** cookies Secure (the public URL is https); client addresses from X-Forwarded-For (--trust-proxy) */
  cookies?: { secure: boolean; trustProxy: boolean };
}

/** the app's pages control the recorder: no other site may frame them (clickjacking) */
const NO_FRAMING = { 'x-frame-options': 'DENY' };
const APP_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: http: https:; media-src 'self' blob: mediastream: http://127.0.0.1:* http://localhost:*; connect-src 'self'; frame-ancestors 'none'";
/** the app's scripts and styles: only the framing rule (a worker script takes its policy from its own answer) */
const APP_ASSET_CSP = "frame-ancestors 'none'";

function allowedOriginsOf(app: NonNullable<HttpAppOptions['app']>): () => readonly string[] {
  return () => [...(app.allowedOrigins?.() ?? []), ...(app.allowedHosts?.() ?? []).map((host) => `http://${host}`)];
}

export function createHttpApp(options: HttpAppOptions): Handler {
  let share: ReturnType<typeof createShareRoutes> | null = null;
  let api: ReturnType<typeof createApiRoutes> | null = null;
  let authRoutes: ReturnType<typeof createAuthRoutes> | null = null;
  let requestAuth: RequestAuth | null = null;
  const authOf = (): RequestAuth =>
    (requestAuth ??= createRequestAuth({ accounts: options.core().accounts, secureCookies: options.cookies?.secure ?? false, trustProxy: options.cookies?.trustProxy ?? false }));
  return (req, res) => {
    let pathname: string;
    try {
      pathname = new URL(req.url ?? '/', 'http://x').pathname;
    } catch {
      // a request target the URL parser refuses ('http://[', '//'): thrown here, it would end the process
      sendText(res, 400, 'Bad request target');
      return;
    }
    void (async () => {
      share ??= createShareRoutes({ core: options.core(), rendererDir: options.rendererDir, auth: authOf() });
      if (await share(req, res, pathname)) return;
      if (options.app) {
        const app = options.app;
        authRoutes ??= createAuthRoutes({ accounts: options.core().accounts, auth: authOf(), allowedOrigins: allowedOriginsOf(app), log: options.core().log });
        if (await authRoutes(req, res, pathname)) return;
        api ??= createApiRoutes({ dispatch: app.dispatch(), events: options.core().events, allowedOrigins: allowedOriginsOf(app), auth: authOf() });
        if (await api(req, res, pathname)) return;
        if (req.method === 'GET' || req.method === 'HEAD') {
          if (pathname === '/' || pathname === '/index.html') {
            const extra = { 'content-security-policy': APP_CSP, ...NO_FRAMING };
            if (await sendFile(req, res, join(options.rendererDir, 'index.html'), { contentType: 'text/html; charset=utf-8', cacheControl: 'no-cache', extra })) return;
          }
          if (pathname.startsWith('/assets/')) {
            const file = safeJoin(join(options.rendererDir, 'assets'), pathname.slice('/assets/'.length));
            const extra = { 'content-security-policy': APP_ASSET_CSP, ...NO_FRAMING };
            if (file && (await sendFile(req, res, file, { contentType: contentTypeFor(file), cacheControl: CACHE.immutable, extra }))) return;
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

/** at most this many connections at once: far more than a team's browsers and viewers, far fewer than the process's files */
export const MAX_CONNECTIONS = 1024;

export interface HttpLimits {
  /** the request line and headers must arrive within this (slowloris; also a connection that sends nothing) */
  headersTimeoutMs: number;
  /** the whole request, body included (a 64 MiB call on a slow link fits) */
  requestTimeoutMs: number;
  /**
   * a connection quiet this long (nothing read, nothing written) is closed: longer than any API call
   * takes and than the event stream's 15 s keep-alive; the event stream is exempt anyway
   */
  idleTimeoutMs: number;
  /** a kept-alive connection waiting for its next request */
  keepAliveTimeoutMs: number;
  maxConnections: number;
}

export const HTTP_LIMITS: HttpLimits = {
  headersTimeoutMs: 15_000,
  requestTimeoutMs: 60_000,
  idleTimeoutMs: 120_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: MAX_CONNECTIONS,
};

export async function listen(handler: Handler, host: string, port: number, limits: Partial<HttpLimits> = {}): Promise<{ server: Server; port: number; close: () => Promise<void> }> {
  const l = { ...HTTP_LIMITS, ...limits };
  const server = createServer(
    {
      headersTimeout: l.headersTimeoutMs,
      requestTimeout: l.requestTimeoutMs,
      // how often node looks for connections past those two (its default, 30 s, would double them)
      connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(Math.min(l.headersTimeoutMs, l.requestTimeoutMs) / 4))),
    },
    handler,
  );
  server.keepAliveTimeout = l.keepAliveTimeoutMs;
  server.timeout = l.idleTimeoutMs;
  server.maxConnections = l.maxConnections;
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

/**
 * The origins (scheme://host[:port]) of the app's pages: the local names over http, and the public
 * URL as it is, so `--public-url https://rec.example` (a TLS proxy) is https://rec.example and not
 * http://rec.example.
 */
export function appOrigins(host: string, port: number, publicUrl: string | null = null): string[] {
  const origins = new Set<string>();
  const bare = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host; // an IPv6 address
  for (const name of [`${bare}:${port}`, ...hostNames(host, port)]) {
    if (URL.canParse(`http://${name}`)) origins.add(new URL(`http://${name}`).origin);
  }
  if (publicUrl) origins.add(new URL(publicUrl).origin);
  return [...origins];
}
