// JSON answers in the contract's shape (ApiResult), and reading a request body within a limit.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiResult, ErrorCode } from '../../../shared/api';
import { sendText } from './share-routes';

export function sendResult(res: ServerResponse, status: number, result: ApiResult<unknown>, headers: Record<string, string> = {}): void {
  sendText(res, status, JSON.stringify(result), 'application/json; charset=utf-8', headers);
}

export function fail(res: ServerResponse, status: number, code: ErrorCode, message: string, headers: Record<string, string> = {}): void {
  sendResult(res, status, { ok: false, error: { code, message, retryable: false } }, headers);
}

type Body = { ok: true; bytes: Buffer } | { ok: false; reason: 'too-large' | 'aborted' };

/** reads the body up to `limit`; past it, stops reading (no more is buffered) */
export function readBody(req: IncomingMessage, limit: number): Promise<Body> {
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

/** the HTTP status of an error code */
export function statusFor(code: string): number {
  switch (code) {
    case 'invalid-input':
      return 400;
    case 'not-found':
      return 404;
    case 'unauthorized':
      return 401;
    case 'forbidden':
      return 403;
    case 'rate-limited':
      return 429;
    case 'invalid-state':
      return 409;
    case 'conflict':
      return 409;
    case 'disk-full':
      return 507;
    case 'unsupported-media':
      return 422;
    case 'unsupported':
      return 501; // this host does not do it at all (not a fault of the request or the server)
    case 'storage-auth':
    case 'storage-unreachable':
    case 'storage-config':
      return 502; // the storage behind this server refused or failed: the message says which and what to do
    default:
      return 500;
  }
}
