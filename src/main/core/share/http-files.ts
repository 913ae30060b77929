// Serving files over node:http: content types, cache policy, conditional and Range requests.
import { promises as fs } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface FileHeaders {
  contentType: string;
  cacheControl: string;
  /** Access-Control-Allow-Origin: * (a share link's media, for players on any origin); never for the app's own pages */
  cors?: boolean;
  extra?: Record<string, string>;
}

/** parses a single "bytes=a-b" range; null when absent, 'invalid' when unsatisfiable */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | 'invalid' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return null; // multiple or odd ranges: serve the whole file, as RFC 9110 allows
  const [, a, b] = m;
  if (a === '' && b === '') return 'invalid';
  let start: number;
  let end: number;
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0) return 'invalid';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(a);
    end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  }
  if (start >= size || start > end) return 'invalid';
  return { start, end };
}

export async function sendFile(req: IncomingMessage, res: ServerResponse, path: string, headers: FileHeaders): Promise<boolean> {
  // open first, then measure and read that same file: a playlist replaced (renamed over) in between
  // must not get the old length with the new bytes
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(path, 'r');
  } catch {
    return false;
  }
  try {
    return await sendOpenFile(req, res, handle, headers);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

async function sendOpenFile(req: IncomingMessage, res: ServerResponse, handle: fs.FileHandle, headers: FileHeaders): Promise<boolean> {
  const stat = await handle.stat();
  if (!stat.isFile()) return false;
  const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
  const common: Record<string, string> = {
    'content-type': headers.contentType,
    'cache-control': headers.cacheControl,
    'accept-ranges': 'bytes',
    'last-modified': stat.mtime.toUTCString(),
    etag,
    ...(headers.cors ? { 'access-control-allow-origin': '*' } : {}),
    'x-content-type-options': 'nosniff',
    ...headers.extra,
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, common);
    res.end();
    return true;
  }
  const range = parseRange(req.headers.range, stat.size);
  if (range === 'invalid') {
    res.writeHead(416, { ...common, 'content-range': `bytes */${stat.size}` });
    res.end();
    return true;
  }
  const { start, end } = range ?? { start: 0, end: stat.size - 1 };
  const length = stat.size === 0 ? 0 : end - start + 1;
  res.writeHead(range ? 206 : 200, {
    ...common,
    'content-length': String(length),
    ...(range ? { 'content-range': `bytes ${start}-${end}/${stat.size}` } : {}),
  });
  if (req.method === 'HEAD' || length === 0) {
    res.end();
    return true;
  }
  await new Promise<void>((done) => {
    const stream = handle.createReadStream({ start, end, autoClose: false });
    stream.on('error', () => {
      res.destroy();
      done();
    });
    res.on('close', () => {
      stream.destroy();
      done();
    });
    stream.pipe(res);
  });
  return true;
}
