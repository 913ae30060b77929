// The HTTP adapter of the contract (server mode): POST /api/call/<method>, server-sent events at
// /api/events. Only pages served by this server may use it: Host and Origin are checked, so neither
// another web site nor a DNS-rebinding page can drive the recorder. What a call may not be is refused
// before its body is read: a declared length over the limit, a binary call without valid arguments.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTP, methods, type ApiResult, type MethodName } from '../../../shared/api';
import { isMethodName, type Dispatch } from '../api';
import type { EventHub } from '../events';
import { sendText } from './share-routes';

const MAX_JSON_BYTES = 1 << 20;
/** a live segment (2 s) or a master chunk (1 s at full quality) is a few MB; 64 MiB leaves room, and no more */
export const MAX_BINARY_BYTES = 64 << 20;
/** the event stream's comment line, so proxies and the browser see it alive; the idle timeout does not apply to it */
const EVENTS_KEEP_ALIVE_MS = 15_000;

type ErrorCode = 'invalid-input' | 'forbidden' | 'not-found';

export interface ApiRoutesOptions {
  dispatch: Dispatch;
  events: EventHub;
  /** origins of this server's pages (scheme://host[:port]), e.g. http://127.0.0.1:4848, https://rec.example */
  allowedOrigins: () => readonly string[];
}

function sendResult(res: ServerResponse, status: number, result: ApiResult<unknown>, headers: Record<string, string> = {}): void {
  sendText(res, status, JSON.stringify(result), 'application/json; charset=utf-8', headers);
}

function fail(res: ServerResponse, status: number, code: ErrorCode, message: string, headers: Record<string, string> = {}): void {
  sendResult(res, status, { ok: false, error: { code, message, retryable: false } }, headers);
}

/** the body is not read, so the connection cannot carry another request: it closes after this answer */
function tooLarge(res: ServerResponse, limit: number): void {
  fail(res, 413, 'invalid-input', `Request body too large: at most ${limit >> 20 || 1} MiB.`, { connection: 'close' });
}

type Body = { ok: true; bytes: Buffer } | { ok: false; reason: 'too-large' | 'aborted' };

/** reads the body up to `limit`; past it, stops reading (no more is buffered) */
function readBody(req: IncomingMessage, limit: number): Promise<Body> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (body: Body): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      resolve(body);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        finish({ ok: false, reason: 'too-large' });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => finish({ ok: true, bytes: Buffer.concat(chunks, size) });
    const onClose = (): void => finish({ ok: false, reason: 'aborted' });
    req.on('error', () => undefined); // a client gone mid-body: 'close' says so
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('close', onClose);
  });
}

/** the x-reelay-args header of a binary call: a URI-encoded JSON object; null when absent or malformed */
function parseArgs(header: string | string[] | undefined): Record<string, unknown> | null {
  if (typeof header !== 'string') return null;
  try {
    const parsed: unknown = JSON.parse(decodeURIComponent(header));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * What no page may ask over HTTP, whatever the contract allows: the ffmpeg path names the program the
 * server runs, so a page setting it could run anything on the server. The desktop app's IPC (its own
 * user) keeps the setting; a server takes its ffmpeg from its configuration.
 */
export function refusedOverHttp(method: MethodName, input: unknown): string | null {
  if (method === 'settings.set' && typeof input === 'object' && input !== null && Object.prototype.hasOwnProperty.call(input, 'ffmpegPath')) {
    return "The server's ffmpeg is set by its configuration (the REELAY_FFMPEG environment variable), not from a page: nothing was changed.";
  }
  return null;
}

/** same-origin check: Host must be one of ours, and Origin (when the browser sends one) one of our origins */
export function isSameOrigin(req: IncomingMessage, allowedOrigins: readonly string[], requireOrigin: boolean): boolean {
  const host = req.headers.host?.toLowerCase();
  if (!host) return false;
  const origins = allowedOrigins.map((o) => o.toLowerCase());
  if (!origins.some((o) => URL.canParse(o) && new URL(o).host === host)) return false;
  const origin = req.headers.origin;
  if (origin === undefined) {
    if (requireOrigin) return false;
    const site = req.headers['sec-fetch-site'];
    return site === undefined || site === 'same-origin' || site === 'none';
  }
  return origins.includes(origin.toLowerCase());
}

export function createApiRoutes({ dispatch, events, allowedOrigins }: ApiRoutesOptions) {
  return async function handleApi(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    if (!pathname.startsWith('/api/')) return false;
    if (pathname === HTTP.events) {
      if (req.method !== 'GET') {
        fail(res, 405, 'invalid-input', 'Use GET for the event stream.', { allow: 'GET' });
        return true;
      }
      if (!isSameOrigin(req, allowedOrigins(), false)) {
        fail(res, 403, 'forbidden', 'The Reelay API only answers its own pages.');
        return true;
      }
      req.socket.setTimeout(0); // open for as long as the page is: the server's idle timeout is not for this
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      res.write(': connected\n\n');
      const off = events.onAny((event, payload) => {
        res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
      });
      const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), EVENTS_KEEP_ALIVE_MS);
      req.on('close', () => {
        off();
        clearInterval(keepAlive);
      });
      return true;
    }
    if (!pathname.startsWith(HTTP.callPrefix)) {
      fail(res, 404, 'not-found', 'No such API route.');
      return true;
    }
    if (req.method !== 'POST') {
      fail(res, 405, 'invalid-input', 'Use POST.', { allow: 'POST' });
      return true;
    }
    if (!isSameOrigin(req, allowedOrigins(), true)) {
      fail(res, 403, 'forbidden', 'The Reelay API only answers its own pages.');
      return true;
    }
    const method = pathname.slice(HTTP.callPrefix.length);
    if (!isMethodName(method)) {
      fail(res, 404, 'not-found', `Unknown method: ${method.slice(0, 80)}`);
      return true;
    }
    const binary = methods[method].binary;
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== (binary ? 'application/octet-stream' : 'application/json')) {
      fail(res, 415, 'invalid-input', `${method} takes ${binary ? 'application/octet-stream' : 'application/json'}.`);
      return true;
    }
    // everything that can be refused without the body is refused before reading it
    const limit = binary ? MAX_BINARY_BYTES : MAX_JSON_BYTES;
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > limit) {
      tooLarge(res, limit);
      return true;
    }
    const args = binary ? parseArgs(req.headers[HTTP.argsHeader]) : null;
    if (binary && args === null) {
      fail(res, 400, 'invalid-input', `${method} takes its arguments in the ${HTTP.argsHeader} header, as a URI-encoded JSON object.`, { connection: 'close' });
      return true;
    }
    const body = await readBody(req, limit);
    if (!body.ok) {
      if (body.reason === 'too-large') tooLarge(res, limit);
      return true;
    }
    let input: unknown;
    if (binary) {
      input = { ...(args ?? {}), data: new Uint8Array(body.bytes.buffer, body.bytes.byteOffset, body.bytes.byteLength) };
    } else {
      try {
        input = body.bytes.length === 0 ? {} : JSON.parse(body.bytes.toString('utf8'));
      } catch {
        fail(res, 400, 'invalid-input', 'The request body is not valid JSON.');
        return true;
      }
    }
    const refusal = refusedOverHttp(method, input);
    if (refusal !== null) {
      fail(res, 403, 'forbidden', refusal);
      return true;
    }
    const result = await dispatch(method, input);
    sendResult(res, result.ok ? 200 : statusFor(result.error.code), result);
    return true;
  };
}

function statusFor(code: string): number {
  switch (code) {
    case 'invalid-input':
      return 400;
    case 'not-found':
      return 404;
    case 'forbidden':
      return 403;
    case 'invalid-state':
      return 409;
    case 'conflict':
      return 409;
    case 'disk-full':
      return 507;
    default:
      return 500;
  }
}
