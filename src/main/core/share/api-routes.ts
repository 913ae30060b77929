// The HTTP adapter of the contract (server mode): POST /api/call/<method>, server-sent events at
// /api/events. Every request names its account: an access token (Authorization: Bearer), or a session
// cookie from one of this server's own pages (Host and Origin checked, so neither another web site nor
// a DNS-rebinding page can use a signed-in browser). What a call may not be is refused before its body
// is read: no credential, a declared length over the limit, a binary call without valid arguments.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTP, methods, type ErrorCode, type MethodName } from '../../../shared/api';
import { isMethodName, type Dispatch } from '../api';
import type { Recording } from '../../../shared/domain';
import type { Principal } from '../accounts/principal';
import type { EventHub } from '../events';
import type { RequestAuth } from './request-auth';
import { fail, readBody, sendResult, statusFor } from './http-json';

const MAX_JSON_BYTES = 1 << 20;
/** a live segment (2 s) or a master chunk (1 s at full quality) is a few MB; 64 MiB leaves room, and no more */
export const MAX_BINARY_BYTES = 64 << 20;
/** the event stream's comment line, so proxies and the browser see it alive; the idle timeout does not apply to it */
const EVENTS_KEEP_ALIVE_MS = 15_000;


export interface ApiRoutesOptions {
  dispatch: Dispatch;
  events: EventHub;
  /** origins of this server's pages (scheme://host[:port]), e.g. http://127.0.0.1:4848, https://rec.example */
  allowedOrigins: () => readonly string[];
  auth: RequestAuth;
}

/** the body is not read, so the connection cannot carry another request: it closes after this answer */
function tooLarge(res: ServerResponse, limit: number): void {
  fail(res, 413, 'invalid-input', `Request body too large: at most ${limit >> 20 || 1} MiB.`, { connection: 'close' });
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

const NOT_OURS = 'The Reelay API only answers its own pages.';

/** who sends this request, or why nobody: a token needs no Origin (it is not sent by browsers on their own); a cookie does */
function authenticate(req: IncomingMessage, auth: RequestAuth, allowedOrigins: readonly string[], requireOrigin: boolean): { ok: true; who: Principal } | { ok: false; status: 401 | 403; code: ErrorCode; message: string } {
  const bearer = auth.bearerOf(req);
  if (bearer !== undefined) {
    const account = auth.tokenAccount(bearer);
    if (!account) return { ok: false, status: 401, code: 'unauthorized', message: 'This access token is not valid: it was revoked or mistyped. Create one in Settings → Access tokens.' };
    return { ok: true, who: { kind: 'account', account, via: 'token' } };
  }
  if (auth.sessionCookieOf(req) === undefined) return { ok: false, status: 401, code: 'unauthorized', message: 'Sign in to Reelay first (or send an access token).' };
  if (!isSameOrigin(req, allowedOrigins, requireOrigin)) return { ok: false, status: 403, code: 'forbidden', message: NOT_OURS };
  const account = auth.sessionAccount(req);
  if (!account) return { ok: false, status: 401, code: 'unauthorized', message: 'Your session has ended. Sign in again.' };
  return { ok: true, who: { kind: 'account', account, via: 'session' } };
}

/** may `who` hear this event? a member hears about their own recordings only */
function hears(who: Principal, event: string, payload: unknown): boolean {
  if (who.kind === 'local' || who.account.role === 'owner' || (event !== 'recording-updated' && event !== 'activity-changed')) return true;
  return (payload as Pick<Recording, 'owner'>).owner === who.account.email;
}

/** the credential behind an open event stream still holds (signed out, token revoked, member removed: it ends) */
function stillValid(req: IncomingMessage, auth: RequestAuth, who: Principal): boolean {
  if (who.kind !== 'account') return true;
  const now = who.via === 'token' ? auth.tokenAccount(auth.bearerOf(req) ?? '') : auth.sessionAccount(req);
  return now !== null && now.id === who.account.id && now.role === who.account.role;
}

export function createApiRoutes({ dispatch, events, allowedOrigins, auth }: ApiRoutesOptions) {
  return async function handleApi(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    if (!pathname.startsWith('/api/')) return false;
    if (pathname === HTTP.events) {
      if (req.method !== 'GET') {
        fail(res, 405, 'invalid-input', 'Use GET for the event stream.', { allow: 'GET' });
        return true;
      }
      const caller = authenticate(req, auth, allowedOrigins(), false);
      if (!caller.ok) {
        fail(res, caller.status, caller.code, caller.message);
        return true;
      }
      const who = caller.who;
      req.socket.setTimeout(0); // open for as long as the page is: the server's idle timeout is not for this
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      res.write(': connected\n\n');
      const off = events.onAny((event, payload) => {
        if (hears(who, event, payload)) res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
      });
      const keepAlive = setInterval(() => {
        if (stillValid(req, auth, who)) res.write(': keep-alive\n\n');
        else res.end();
      }, EVENTS_KEEP_ALIVE_MS);
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
    const caller = authenticate(req, auth, allowedOrigins(), true);
    if (!caller.ok) {
      fail(res, caller.status, caller.code, caller.message);
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
    const result = await dispatch(method, input, caller.who);
    sendResult(res, result.ok ? 200 : statusFor(result.error.code), result);
    return true;
  };
}
