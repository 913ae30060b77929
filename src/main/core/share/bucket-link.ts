// The files of a bucket recording whose link is on the server (server mode, hostLinks). The server
// answers the small files (playlists, status.json, the thumbnails track), fetched from the bucket and
// rewritten so the media they name comes straight from the bucket; any other file is a redirect
// there. Open links get public URLs; restricted ones get presigned URLs, so their media needs no
// public bucket. Who may watch is decided by the caller (the share routes) before serve().
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RecordingRow } from '../library/recordings-repo';
import { storageTargetOf } from '../library/recordings-repo';
import { contentTypeFor, keys } from '../recording/layout';
import { MAX_PRESIGN_SECONDS, publicUrlOf, type S3Storage, type S3Target } from '../storage/s3-storage';
import type { Storage, StorageTarget } from '../storage/storage';
import { PUBLISHED } from '../../../shared/published';
import { isMasterPlaylist, keyOfUri, mediaPlaylistUris, rewriteMediaPlaylist, rewriteThumbnailsVtt, safeRelativePath, thumbnailsVttUris } from './bucket-playlists';

export type LinkAccess = 'public' | 'restricted';

export interface BucketLinkFiles {
  /**
   * Answers a GET or HEAD of `inner` (a path under /v/<shareId>/, still percent-encoded, e.g.
   * 'master.m3u8', 'live/index.m3u8', 'live/seg-00001.m4s', 'status.json', 'poster.jpg') of a
   * recording whose files are in a bucket. Resolves false when they are not (a local recording):
   * the caller serves them from disk.
   */
  serve(req: IncomingMessage, res: ServerResponse, rec: RecordingRow, inner: string, access: LinkAccess): Promise<boolean>;
  /** origins the viewer page must allow media from (CSP connect-src, media-src, img-src); [] for a local recording */
  mediaOrigins(rec: RecordingRow): Promise<string[]>;
}

/** how long a presigned URL lives: clamp(perSecondOfVideo × the recording's length, min, max) */
export interface PresignExpiry {
  minSeconds: number;
  perSecondOfVideo: number;
  maxSeconds: number;
}

// a live playlist is fetched again every ~2 s and renews them; a finished one is fetched once per
// viewing, so they must outlast it: twice the length allows pauses and seeks, 10 min at least, 6 h at most
export const DEFAULT_PRESIGN_EXPIRY: PresignExpiry = { minSeconds: 600, perSecondOfVideo: 2, maxSeconds: 6 * 3600 };

export interface BucketLinkDeps {
  /** the storage of a target (core.storageFor): an S3Storage for bucket targets */
  storageFor: (target: StorageTarget) => Storage;
  log: (message: string, error?: unknown) => void;
  /** the clock presigned URLs are dated with, and the cache's */
  now?: () => number;
  presignExpiry?: Partial<PresignExpiry>;
  /** a small file read from the bucket answers requests this long (short: a live playlist stays fresh) */
  cacheMs?: number;
  /** a bucket that has not answered a read in this long counts as unreachable (502) */
  readTimeoutMs?: number;
}

/** what serve() needs of a bucket's storage */
type BucketReader = Pick<S3Storage, 'get' | 'presignGet' | 'presignGetAll' | 'presignedOrigin'>;

/** files read from the bucket and rewritten; anything else is a redirect into the bucket */
const READ_THROUGH = /\.(m3u8|json|vtt)$/;

export function presignSeconds(durationMs: number, expiry: PresignExpiry): number {
  const wanted = Math.max(expiry.minSeconds, (durationMs / 1000) * expiry.perSecondOfVideo);
  return Math.max(1, Math.round(Math.min(wanted, expiry.maxSeconds, MAX_PRESIGN_SECONDS)));
}

export function createBucketLinkFiles(deps: BucketLinkDeps): BucketLinkFiles {
  const now = deps.now ?? Date.now;
  const expiry: PresignExpiry = { ...DEFAULT_PRESIGN_EXPIRY, ...deps.presignExpiry };
  const cacheMs = deps.cacheMs ?? 500;
  const readTimeoutMs = deps.readTimeoutMs ?? 10_000;
  const cache = new Map<string, { at: number; bytes: Promise<Uint8Array | null> }>();

  /** one read per file per cacheMs however many viewers ask; a miss or a failure is not kept */
  function read(reader: BucketReader, rec: RecordingRow, key: string): Promise<Uint8Array | null> {
    const cacheKey = `${rec.storage_target}\n${key}`;
    const t = now();
    const hit = cache.get(cacheKey);
    if (hit && t - hit.at < cacheMs) return hit.bytes;
    for (const [k, v] of cache) if (t - v.at >= cacheMs) cache.delete(k);
    const entry = { at: t, bytes: reader.get(key, { signal: AbortSignal.timeout(readTimeoutMs) }) };
    cache.set(cacheKey, entry);
    const forget = (): void => void (cache.get(cacheKey) === entry && cache.delete(cacheKey));
    entry.bytes.then((b) => b === null && forget(), forget);
    return entry.bytes;
  }

  /** the URL a viewer fetches `key` with: public for open links, presigned for restricted ones */
  function urlFor(target: S3Target, rec: RecordingRow, key: string, access: LinkAccess): Promise<string> {
    if (access === 'public') return Promise.resolve(publicUrlOf(target, key));
    return readerOf(deps.storageFor(target)).presignGet(key, presignSeconds(rec.duration_ms, expiry), new Date(now()));
  }

  /** the URLs of the files `uris` (relative to the file at `fileKey`) name; URIs outside the recording are left out */
  async function urlsOf(target: S3Target, rec: RecordingRow, fileKey: string, uris: string[], access: LinkAccess): Promise<Map<string, string>> {
    const named = uris.flatMap((uri) => {
      const key = keyOfUri(fileKey, uri, keys.prefix(rec.share_id));
      return key === null ? [] : [{ uri, key }];
    });
    const urls =
      access === 'public'
        ? named.map((n) => publicUrlOf(target, n.key))
        : await readerOf(deps.storageFor(target)).presignGetAll(named.map((n) => n.key), presignSeconds(rec.duration_ms, expiry), new Date(now()));
    return new Map(named.map((n, i) => [n.uri, urls[i]!]));
  }

  async function sendReadThrough(req: IncomingMessage, res: ServerResponse, target: S3Target, rec: RecordingRow, key: string, access: LinkAccess): Promise<void> {
    const bytes = await read(readerOf(deps.storageFor(target)), rec, key);
    if (bytes === null) return sendPlain(req, res, 404, 'Not found');
    let body: string | Uint8Array = bytes;
    if (key.endsWith('.m3u8') || key.endsWith('.vtt')) {
      const text = new TextDecoder().decode(bytes);
      // only the thumbnails track names images; captions are text and pass through as they are
      if (key.endsWith(`/${PUBLISHED.thumbnailsVtt}`)) {
        const urls = await urlsOf(target, rec, key, thumbnailsVttUris(text), access);
        body = rewriteThumbnailsVtt(text, (u) => urls.get(u));
      } else if (key.endsWith('.m3u8') && !isMasterPlaylist(text)) {
        const urls = await urlsOf(target, rec, key, mediaPlaylistUris(text), access);
        body = rewriteMediaPlaylist(text, (u) => urls.get(u));
      }
    }
    const data = typeof body === 'string' ? Buffer.from(body) : body;
    res.writeHead(200, {
      'content-type': contentTypeFor(key),
      'content-length': String(data.byteLength),
      // restricted: signed URLs inside, and nothing a shared cache may keep
      'cache-control': access === 'public' ? 'no-cache' : 'private, no-cache',
      'x-content-type-options': 'nosniff',
      ...corsOf(access),
    });
    res.end(req.method === 'HEAD' ? undefined : data);
  }

  return {
    async serve(req, res, rec, inner, access) {
      const target = storageTargetOf(rec);
      if (target.kind !== 's3') return false;
      const relative = decodedPath(inner);
      if (relative === null) {
        sendPlain(req, res, 400, 'Bad path');
        return true;
      }
      const key = keys.prefix(rec.share_id) + relative;
      try {
        if (READ_THROUGH.test(relative)) {
          await sendReadThrough(req, res, target, rec, key, access);
        } else {
          const location = await urlFor(target, rec, key, access);
          res.writeHead(302, { location, 'cache-control': access === 'public' ? 'no-cache' : 'private, no-store', ...corsOf(access) });
          res.end();
        }
      } catch (e) {
        deps.log(`share: cannot read ${key} of recording ${rec.id} from bucket ${target.bucket}`, e);
        if (!res.headersSent) sendPlain(req, res, 502, "This recording's storage cannot be reached. Try again in a moment.");
        else res.destroy();
      }
      return true;
    },

    async mediaOrigins(rec) {
      const target = storageTargetOf(rec);
      if (target.kind !== 's3') return [];
      const origins = new Set<string>();
      try {
        origins.add(new URL(target.publicBaseUrl).origin);
        origins.add(await readerOf(deps.storageFor(target)).presignedOrigin());
      } catch (e) {
        deps.log(`share: cannot tell where the media of recording ${rec.id} comes from`, e);
      }
      return [...origins];
    },
  };
}

/** the relative path a request names (percent-decoded, published names only), or null */
function decodedPath(inner: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(inner);
  } catch {
    return null;
  }
  // an encoded '/' would change the path's shape after decoding: refuse
  if (decoded.split('/').length !== inner.split('/').length) return null;
  return safeRelativePath(decoded) === null ? null : decoded;
}

function readerOf(storage: Storage): BucketReader {
  const s = storage as Storage & Partial<BucketReader>;
  if (typeof s.get !== 'function' || typeof s.presignGet !== 'function' || typeof s.presignGetAll !== 'function' || typeof s.presignedOrigin !== 'function') {
    throw new Error(`the ${storage.kind} storage cannot read or sign URLs of bucket objects`);
  }
  return s as Storage & BucketReader;
}

/** open links may be played from any origin (embeds, other players); restricted ones only by the page */
function corsOf(access: LinkAccess): Record<string, string> {
  return access === 'public' ? { 'access-control-allow-origin': '*' } : {};
}

function sendPlain(req: IncomingMessage, res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(req.method === 'HEAD' ? undefined : text);
}
