// Server mode's HTTP hardening (issue 9), over real HTTP against the real server: the app's pages
// cannot be framed and carry no CORS; the https public URL is its own origin (and its http twin is
// not); limits are applied before a body is read; the node:http server drops silent, slow and idle
// connections but keeps the event stream open; a page cannot choose the program the server runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createCore, type Core } from '..';
import { createApi, type Dispatch } from '../api';
import { HTTP, type ApiError } from '../../../shared/api';
import type { Recording } from '../../../shared/domain';
import { RENDITION_FILES } from '../../../shared/published';
import { eventually, startTestServer, tempDir, TEST_OWNER, type TestServer } from '../testing/test-server';
import { appOrigins, createHttpApp, HTTP_LIMITS, listen, MAX_CONNECTIONS, type HttpLimits } from './http-server';
import { createApiRoutes, MAX_BINARY_BYTES } from './api-routes';
import { LOCAL } from '../accounts/principal';
import { SESSION_COOKIE, type RequestAuth } from './request-auth';

let rendererDir: string;
beforeAll(() => {
  rendererDir = tempDir('reelay-renderer-');
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>app</title><script type="module" crossorigin src="/assets/app.js"></script>');
  writeFileSync(join(rendererDir, 'viewer.html'), '<!doctype html><html><head><!--reelay:head--></head><body></body></html>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("app")');
});

interface Started {
  core: Core;
  origin: string;
  port: number;
  /** the owner's signed-in browser: its Cookie header */
  cookie: string;
  close(): Promise<void>;
}

/** server.ts's wiring: the app, its API answering the origins appOrigins() names, the core */
async function startServer(opts: { publicUrl?: string; limits?: Partial<HttpLimits> } = {}): Promise<Started> {
  const dataDir = tempDir('reelay-hardening-');
  let core: Core | null = null;
  let dispatch: Dispatch | null = null;
  let origins: string[] = [];
  const handler = createHttpApp({ core: () => core!, rendererDir, app: { dispatch: () => dispatch!, allowedOrigins: () => origins } });
  const server = await listen(handler, '127.0.0.1', 0, opts.limits);
  const origin = `http://127.0.0.1:${server.port}`;
  origins = appOrigins('127.0.0.1', server.port, opts.publicUrl ?? null);
  core = await createCore({ dataDir, shell: 'server', version: 'test', shareBaseUrl: opts.publicUrl ?? origin });
  dispatch = createApi(core);
  await core.accounts.ensureOwner(TEST_OWNER);
  const session = (await core.accounts.signIn(TEST_OWNER.email, TEST_OWNER.password, 'test')).session;
  await core.start();
  return {
    core,
    origin,
    port: server.port,
    cookie: `${SESSION_COOKIE}=${session}`,
    async close() {
      await server.close();
      await core!.close();
    },
  };
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** fails with `what` when the promise does not settle in time (a hang is the bug) */
function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}

/** a raw request: any Host, any Content-Length; `end: false` sends the body so far and waits */
function send(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer; end?: boolean }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ hostname: '127.0.0.1', port, path: opts.path, method: opts.method ?? 'POST', headers: opts.headers ?? {}, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        req.destroy();
      });
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    if (opts.end !== false) req.end();
    else req.flushHeaders();
  });
}

/** a TCP connection that sends `data` (or nothing) and reports when the server closes it */
function rawSocket(port: number, data?: string): { closed: Promise<{ afterMs: number; received: string }>; destroy: () => void } {
  const socket = connect(port, '127.0.0.1');
  const start = Date.now();
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (c: string) => (received += c));
  socket.on('error', () => undefined);
  if (data !== undefined) socket.write(data);
  const closed = new Promise<{ afterMs: number; received: string }>((resolve) => socket.on('close', () => resolve({ afterMs: Date.now() - start, received })));
  return { closed, destroy: () => socket.destroy() };
}

function errorOf(answer: Answer): ApiError {
  expect(answer.headers['content-type']).toMatch(/^application\/json/);
  const body = JSON.parse(answer.body) as { ok: boolean; error: ApiError };
  expect(body.ok).toBe(false);
  return body.error;
}

describe('app pages cannot be framed', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ rendererDir });
  });
  afterAll(async () => s?.close());

  it('the app page and its assets forbid framing and send no Access-Control-Allow-Origin', async () => {
    for (const path of ['/', '/index.html', '/assets/app.js']) {
      for (const method of ['GET', 'HEAD']) {
        const res = await fetch(`${s.origin}${path}`, { method });
        expect(res.status, `${method} ${path}`).toBe(200);
        expect(res.headers.get('content-security-policy'), `${method} ${path}`).toMatch(/(^|;)\s*frame-ancestors 'none'\s*(;|$)/);
        expect(res.headers.get('x-frame-options'), `${method} ${path}`).toBe('DENY');
        expect(res.headers.get('access-control-allow-origin'), `${method} ${path}`).toBeNull();
      }
    }
    // the page keeps the rest of its policy
    expect((await fetch(`${s.origin}/`)).headers.get('content-security-policy')).toContain("script-src 'self' 'wasm-unsafe-eval'");
  });

  it("share links keep what players and embeds need: CORS on the media, the viewer page's own policy, a framable embed page", async () => {
    const created = await s.call('recordings.create', { width: 1280, height: 720, fps: 30, title: 'Shared' });
    if (!created.ok) throw new Error(created.error.message);
    const rec = created.value as Recording;
    expect((await s.call('recordings.start', { id: rec.id })).ok).toBe(true);
    const init = await s.call('recordings.putInit', { id: rec.id, rendition: 'live', codecs: 'avc1.640028,mp4a.40.2', width: 1280, height: 720, frameRate: 30, bitrate: 1_200_000, data: randomBytes(900) });
    expect(init.ok).toBe(true);
    await eventually(() => s.core.publisher.pendingCount(rec.id) === 0, 10_000, 'the init to be published');
    const media = await fetch(`${rec.link}/live/${RENDITION_FILES.init}`);
    expect(media.status).toBe(200);
    expect(media.headers.get('access-control-allow-origin')).toBe('*');
    const asset = await fetch(`${s.origin}/v/assets/app.js`);
    expect(asset.headers.get('access-control-allow-origin')).toBe('*'); // the viewer's own files, as before
    // the full viewer page takes comments and signs members in: no other site may frame it
    const page = await fetch(rec.link);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/(^|;)\s*frame-ancestors 'none'\s*(;|$)/);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    // its embed page (the player alone) is the one any site may frame
    const embed = await fetch(`${rec.link}/embed`);
    expect(embed.status).toBe(200);
    expect(embed.headers.get('content-security-policy')).toMatch(/(^|;)\s*frame-ancestors \*\s*(;|$)/);
    expect(embed.headers.get('x-frame-options')).toBeNull();
  });
});

describe('the public URL is an origin: scheme and host', () => {
  let s: Started;
  beforeAll(async () => {
    s = await startServer({ publicUrl: 'https://rec.example' });
  });
  afterAll(async () => s?.close());

  const call = (host: string, origin: string): Promise<Answer> =>
    send(s.port, { path: `${HTTP.callPrefix}recordings.list`, headers: { host, origin, cookie: s.cookie, 'content-type': 'application/json' }, body: '{}' });

  it('a page from https://rec.example (behind a TLS proxy) may call the API', async () => {
    const answer = await call('rec.example', 'https://rec.example');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ ok: true });
  });

  it('a page from http://rec.example may not: it is another origin (no TLS, anyone on the path)', async () => {
    const answer = await call('rec.example', 'http://rec.example');
    expect(answer.status).toBe(403);
    expect(errorOf(answer).code).toBe('forbidden');
    const events = await send(s.port, { method: 'GET', path: HTTP.events, headers: { host: 'rec.example', origin: 'http://rec.example', cookie: s.cookie } });
    expect(events.status).toBe(403);
  });

  it('the local origins still work, and the others still do not', async () => {
    expect((await call(`127.0.0.1:${s.port}`, s.origin)).status).toBe(200);
    expect((await call(`localhost:${s.port}`, `http://localhost:${s.port}`)).status).toBe(200);
    expect((await call('rec.example', 'https://evil.example')).status).toBe(403);
    expect((await call('evil.example', 'https://rec.example')).status).toBe(403); // DNS rebinding
    expect((await call(`127.0.0.1:${s.port}`, `https://127.0.0.1:${s.port}`)).status).toBe(403);
  });
});

describe('limits before reading', () => {
  let s: TestServer;
  let port: number;
  let rec: Recording;
  beforeAll(async () => {
    s = await startTestServer({ rendererDir });
    port = Number(new URL(s.origin).port);
    const created = await s.call('recordings.create', { width: 1280, height: 720, fps: 30, title: 'Limits' });
    if (!created.ok) throw new Error(created.error.message);
    rec = created.value as Recording;
    expect((await s.call('recordings.start', { id: rec.id })).ok).toBe(true);
  });
  afterAll(async () => s?.close());

  const segmentArgs = (): string => encodeURIComponent(JSON.stringify({ id: rec.id, rendition: 'live', seq: 0, durationSec: 2 }));

  it('a Content-Length over the limit is answered 413 at once, before any of the body', async () => {
    const binary = await within(
      3_000,
      'answer to a 10 GiB binary call',
      send(port, {
        path: `${HTTP.callPrefix}recordings.putSegment`,
        headers: { origin: s.origin, cookie: s.cookie, 'content-type': 'application/octet-stream', [HTTP.argsHeader]: segmentArgs(), 'content-length': String(10 * 2 ** 30) },
        body: 'only a few bytes',
        end: false,
      }),
    );
    expect(binary.status).toBe(413);
    expect(errorOf(binary)).toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/too large/i), retryable: false });
    expect(binary.headers.connection).toBe('close'); // the rest of the body is not waited for

    const json = await within(
      3_000,
      'answer to a 2 MiB JSON call',
      send(port, {
        path: `${HTTP.callPrefix}recordings.rename`,
        headers: { origin: s.origin, cookie: s.cookie, 'content-type': 'application/json', 'content-length': String(2 << 20) },
        body: '{"id":',
        end: false,
      }),
    );
    expect(json.status).toBe(413);
    expect(errorOf(json).message).toMatch(/too large/i);
  });

  it('a binary call is refused for its x-reelay-args header before its body is read', async () => {
    const put = (args: string | null): Promise<Answer> =>
      within(
        3_000,
        `answer to a binary call with ${args === null ? 'no' : 'a malformed'} args header`,
        send(port, {
          path: `${HTTP.callPrefix}recordings.putSegment`,
          headers: { origin: s.origin, cookie: s.cookie, 'content-type': 'application/octet-stream', 'content-length': '100000', ...(args === null ? {} : { [HTTP.argsHeader]: args }) },
          body: 'the start of a segment',
          end: false,
        }),
      );
    const missing = await put(null);
    expect(missing.status).toBe(400);
    expect(errorOf(missing).message).toMatch(/argument/i);
    for (const malformed of ['not json', encodeURIComponent('[1,2]'), '%E0%A4%A']) {
      const answer = await put(malformed);
      expect(answer.status).toBe(400);
      expect(errorOf(answer)).toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/argument/i) });
    }
  });

  it('the binary limit is 64 MiB: a segment or a master chunk fits, more does not', () => {
    expect(MAX_BINARY_BYTES).toBe(64 * 2 ** 20);
  });

  it('a call within the limits is still taken', async () => {
    const segment = await send(port, {
      path: `${HTTP.callPrefix}recordings.putInit`,
      headers: {
        origin: s.origin, cookie: s.cookie,
        'content-type': 'application/octet-stream',
        [HTTP.argsHeader]: encodeURIComponent(JSON.stringify({ id: rec.id, rendition: 'live', codecs: 'avc1.640028,mp4a.40.2', width: 1280, height: 720, frameRate: 30, bitrate: 1_200_000 })),
      },
      body: randomBytes(2000),
    });
    expect(segment.status).toBe(200);
  });
});

describe('the node:http server drops silent, slow and idle connections', () => {
  it('has generous defaults: headers in 15 s, a request in 60 s, 1024 connections', async () => {
    const server = await listen((_req, res) => res.end('ok'), '127.0.0.1', 0);
    try {
      expect(MAX_CONNECTIONS).toBe(1024);
      expect(server.server.headersTimeout).toBe(15_000);
      expect(server.server.requestTimeout).toBe(60_000);
      expect(server.server.maxConnections).toBe(MAX_CONNECTIONS);
      expect(server.server.timeout).toBe(HTTP_LIMITS.idleTimeoutMs);
      // longer than the event stream's 15 s keep-alive, and than any API call
      expect(HTTP_LIMITS.idleTimeoutMs).toBeGreaterThan(15_000);
    } finally {
      await server.close();
    }
  });

  it('closes a connection that sends nothing, or half its headers, after the headers timeout', async () => {
    const server = await listen((_req, res) => res.end('ok'), '127.0.0.1', 0, { headersTimeoutMs: 300, requestTimeoutMs: 5_000 });
    try {
      const silent = rawSocket(server.port);
      const slowloris = rawSocket(server.port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
      const [a, b] = await within(3_000, 'close of the silent and the slow connections', Promise.all([silent.closed, slowloris.closed]));
      expect(a.afterMs).toBeGreaterThanOrEqual(250);
      expect(b.afterMs).toBeGreaterThanOrEqual(250);
      expect(b.received).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      await server.close();
    }
  });

  it('closes a request whose body never finishes after the request timeout', async () => {
    const s = await startServer({ limits: { headersTimeoutMs: 200, requestTimeoutMs: 600 } });
    try {
      const started = Date.now();
      const stuck = rawSocket(
        s.port,
        `POST ${HTTP.callPrefix}recordings.list HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nOrigin: ${s.origin}\r\nCookie: ${s.cookie}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`,
      );
      const closed = await within(3_000, 'close of the stuck request', stuck.closed);
      expect(Date.now() - started).toBeGreaterThanOrEqual(500);
      expect(closed.received).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      await s.close();
    }
  });

  it('takes at most maxConnections at once', async () => {
    const server = await listen((_req, res) => res.end('ok'), '127.0.0.1', 0, { maxConnections: 2 });
    const open = [rawSocket(server.port), rawSocket(server.port)];
    try {
      await new Promise((r) => setTimeout(r, 100));
      const third = rawSocket(server.port);
      await within(2_000, 'refusal of a third connection', third.closed);
    } finally {
      for (const socket of open) socket.destroy();
      await server.close();
    }
  });

  it('closes an idle connection after the idle timeout, but never the event stream', async () => {
    const s = await startServer({ limits: { idleTimeoutMs: 300, keepAliveTimeoutMs: 5_000 } });
    const abort = new AbortController();
    try {
      // a call whose body never comes after the headers: the socket goes quiet
      const idle = rawSocket(
        s.port,
        `POST ${HTTP.callPrefix}recordings.list HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nOrigin: ${s.origin}\r\nCookie: ${s.cookie}\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n`,
      );
      expect((await within(3_000, 'close of the idle connection', idle.closed)).afterMs).toBeGreaterThanOrEqual(250);

      const res = await fetch(`${s.origin}${HTTP.events}`, { headers: { origin: s.origin, cookie: s.cookie }, signal: abort.signal });
      expect(res.status).toBe(200);
      let text = '';
      let ended = false;
      const reader = res.body!.getReader();
      void (async () => {
        try {
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            text += new TextDecoder().decode(value);
          }
        } catch {
          // aborted at the end of the test
        }
        ended = true;
      })();
      await new Promise((r) => setTimeout(r, 1_200)); // four idle timeouts, no keep-alive yet (15 s)
      expect(ended).toBe(false);
      const created = await fetch(`${s.origin}${HTTP.callPrefix}recordings.create`, {
        method: 'POST',
        headers: { origin: s.origin, cookie: s.cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ width: 640, height: 360, fps: 30, title: 'After a quiet while' }),
      });
      expect(created.status).toBe(200);
      await eventually(() => text.includes('After a quiet while'), 3_000, 'the event on the stream');
    } finally {
      abort.abort();
      await s.close();
    }
  });
});

describe('a page cannot choose the program the server runs', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ rendererDir });
  });
  afterAll(async () => s?.close());

  it('settings.set with ffmpegPath is refused over HTTP, saying where the server takes its ffmpeg from, and changes nothing', async () => {
    const script = join(tempDir(), 'not-ffmpeg.sh');
    writeFileSync(script, '#!/bin/sh\ntouch /tmp/reelay-pwned\n', { mode: 0o755 });
    const before = await s.call('settings.get', {});
    for (const patch of [{ ffmpegPath: script }, { ffmpegPath: null }, { recorder: { countdownSeconds: 10 }, ffmpegPath: script }]) {
      const answer = await s.call('settings.set', patch);
      expect(answer.status, JSON.stringify(patch)).toBe(403);
      expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/REELAY_FFMPEG/), retryable: false } });
    }
    expect(await s.call('settings.get', {})).toEqual(before);
    expect(s.core.settings.get().ffmpegPath).toBeNull();
    // the rest of the settings are still the page's to change
    expect(await s.call('settings.set', { recorder: { countdownSeconds: 10 } })).toMatchObject({ ok: true, status: 200 });
  });

  it("the desktop app's IPC (the same contract, its own user) still sets it", async () => {
    const ipcDispatch = createApi(s.core); // what src/main/index.ts hands registerIpc
    expect(await ipcDispatch('settings.set', { ffmpegPath: '/opt/ffmpeg/bin/ffmpeg' }, LOCAL)).toMatchObject({ ok: true, value: { ffmpegPath: '/opt/ffmpeg/bin/ffmpeg' } });
    expect(await ipcDispatch('settings.set', { ffmpegPath: null }, LOCAL)).toMatchObject({ ok: true, value: { ffmpegPath: null } });
  });
});

describe('error codes map to statuses', () => {
  it("a 'conflict' (a second putInit with other bytes) is 409", async () => {
    const port = { n: 0 };
    const routes = createApiRoutes({
      dispatch: () => Promise.resolve({ ok: false, error: { code: 'conflict' as ApiError['code'], message: 'This init was already received with other bytes.', retryable: false } }),
      events: { onAny: () => () => undefined } as never,
      allowedOrigins: () => [`http://127.0.0.1:${port.n}`],
      auth: { bearerOf: () => 'rly_test', tokenAccount: () => ({ id: 'owner', email: 'owner@example.test', role: 'owner' }) } as unknown as RequestAuth,
    });
    const server = await listen((req, res) => void routes(req, res, new URL(req.url ?? '/', 'http://x').pathname), '127.0.0.1', 0);
    port.n = server.port;
    try {
      const answer = await send(server.port, { path: `${HTTP.callPrefix}recordings.list`, headers: { origin: `http://127.0.0.1:${server.port}`, 'content-type': 'application/json' }, body: '{}' });
      expect(answer.status).toBe(409);
      expect(errorOf(answer).code).toBe('conflict');
    } finally {
      await server.close();
    }
  });
});
