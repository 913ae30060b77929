// The HTTP adapter of the contract (server mode): POST /api/call/<method>, server-sent events at
// /api/events. Only pages served by this server may use it: Host and Origin are checked, so neither
// another web site nor a DNS-rebinding page can drive the recorder.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTP, methods, type ApiResult } from '../../../shared/api';
import { isMethodName, type Dispatch } from '../api';
import type { EventHub } from '../events';
import { sendText } from './share-routes';

const MAX_JSON_BYTES = 1 << 20;
const MAX_BINARY_BYTES = 256 << 20;

export interface ApiRoutesOptions {
  dispatch: Dispatch;
  events: EventHub;
  /** host:port values this server answers to, e.g. 127.0.0.1:4848, localhost:4848 */
  allowedHosts: () => readonly string[];
}

function sendResult(res: ServerResponse, status: number, result: ApiResult<unknown>, headers: Record<string, string> = {}): void {
  sendText(res, status, JSON.stringify(result), 'application/json; charset=utf-8', headers);
}

function fail(res: ServerResponse, status: number, code: 'invalid-input' | 'forbidden' | 'not-found', message: string, headers: Record<string, string> = {}): void {
  sendResult(res, status, { ok: false, error: { code, message, retryable: false } }, headers);
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** same-origin check: Host must be ours, and Origin (when the browser sends one) must be that host */
export function isSameOrigin(req: IncomingMessage, allowedHosts: readonly string[], requireOrigin: boolean): boolean {
  const host = req.headers.host?.toLowerCase();
  if (!host || !allowedHosts.includes(host)) return false;
  const origin = req.headers.origin;
  if (origin === undefined) {
    if (requireOrigin) return false;
    const site = req.headers['sec-fetch-site'];
    return site === undefined || site === 'same-origin' || site === 'none';
  }
  return origin.toLowerCase() === `http://${host}`;
}

export function createApiRoutes({ dispatch, events, allowedHosts }: ApiRoutesOptions) {
  return async function handleApi(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    if (!pathname.startsWith('/api/')) return false;
    if (pathname === HTTP.events) {
      if (req.method !== 'GET') {
        fail(res, 405, 'invalid-input', 'Use GET for the event stream.', { allow: 'GET' });
        return true;
      }
      if (!isSameOrigin(req, allowedHosts(), false)) {
        fail(res, 403, 'forbidden', 'The Reelay API only answers its own pages.');
        return true;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      res.write(': connected\n\n');
      const off = events.onAny((event, payload) => {
        res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
      });
      const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
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
    if (!isSameOrigin(req, allowedHosts(), true)) {
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
    const body = await readBody(req, binary ? MAX_BINARY_BYTES : MAX_JSON_BYTES);
    if (body === null) {
      fail(res, 413, 'invalid-input', 'Request body too large.');
      return true;
    }
    let input: unknown;
    try {
      if (binary) {
        const args = req.headers[HTTP.argsHeader];
        if (typeof args !== 'string') throw new Error('missing args header');
        const parsed: unknown = JSON.parse(decodeURIComponent(args));
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('args must be an object');
        input = { ...parsed, data: new Uint8Array(body.buffer, body.byteOffset, body.byteLength) };
      } else {
        input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
      }
    } catch {
      fail(res, 400, 'invalid-input', 'The request body or its arguments are not valid JSON.');
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
    case 'disk-full':
      return 507;
    default:
      return 500;
  }
}
