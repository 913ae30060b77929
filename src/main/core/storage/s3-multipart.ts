// Large files (the MP4 download) go up as multipart uploads whose finished parts are remembered, so a
// retry after a reset, a timeout or an app restart sends only the parts that are missing.
import { createReadStream, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { writeFileDurable } from '../files/durable';
import { errorFacts } from './s3-errors';

export const MIB = 1024 * 1024;
/** S3 refuses more parts than this */
const MAX_PARTS = 10_000;

/** What a multipart upload in progress has achieved: enough to resume it. */
export interface MultipartState {
  uploadId: string;
  partSize: number;
  /** the local file the parts were cut from; a changed file starts over */
  fileSize: number;
  fileMtimeMs: number;
  parts: { partNumber: number; etag: string }[];
}

/** Where multipart progress is remembered: in memory (retries) or on disk (also across restarts). */
export interface MultipartStore {
  get(id: string): Promise<MultipartState | null>;
  set(id: string, state: MultipartState): Promise<void>;
  delete(id: string): Promise<void>;
}

export class MemoryMultipartStore implements MultipartStore {
  private readonly states = new Map<string, MultipartState>();
  async get(id: string): Promise<MultipartState | null> {
    return this.states.get(id) ?? null;
  }
  async set(id: string, state: MultipartState): Promise<void> {
    this.states.set(id, structuredClone(state));
  }
  async delete(id: string): Promise<void> {
    this.states.delete(id);
  }
}

/** One small JSON file per upload in `dir` (no secrets in it: upload id, part numbers, ETags). */
export class FileMultipartStore implements MultipartStore {
  constructor(private readonly dir: string) {}
  private file(id: string): string {
    return join(this.dir, `${createHash('sha256').update(id).digest('hex').slice(0, 32)}.json`);
  }
  async get(id: string): Promise<MultipartState | null> {
    try {
      const parsed = JSON.parse(await fs.readFile(this.file(id), 'utf8')) as { id?: unknown; state?: MultipartState };
      return parsed.id === id && parsed.state && Array.isArray(parsed.state.parts) ? parsed.state : null;
    } catch {
      return null; // missing or unreadable: start the upload over
    }
  }
  async set(id: string, state: MultipartState): Promise<void> {
    await writeFileDurable(this.file(id), JSON.stringify({ id, state }));
  }
  async delete(id: string): Promise<void> {
    await fs.rm(this.file(id), { force: true });
  }
}

/** part size for a file: at least `preferred`, large enough to stay within S3's part count */
export function partSizeFor(fileSize: number, preferred: number): number {
  const needed = Math.ceil(fileSize / MAX_PARTS);
  return needed <= preferred ? preferred : Math.ceil(needed / MIB) * MIB;
}

export interface MultipartUpload {
  client: S3Client;
  bucket: string;
  key: string;
  path: string;
  fileSize: number;
  fileMtimeMs: number;
  contentType: string;
  cacheControl: string;
  partSize: number;
  concurrency: number;
  store: MultipartStore;
  onProgress?: (bytesSent: number) => void;
  signal?: AbortSignal;
}

/** A file stream that reports how many bytes the HTTP request has consumed from it. */
export function countingFileStream(path: string, start: number, endExclusive: number, onBytes: (n: number) => void): NodeJS.ReadableStream & Transform {
  let n = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      n += chunk.length;
      onBytes(n);
      cb(null, chunk);
    },
  });
  // callers never ask for an empty range (an empty file goes up as an empty body)
  const source = createReadStream(path, { start, end: Math.max(start, endExclusive - 1) });
  source.on('error', (e) => counter.destroy(e));
  source.pipe(counter);
  return counter;
}

export async function uploadMultipart(u: MultipartUpload): Promise<void> {
  const storeId = `${u.bucket}\n${u.key}\n${u.path}`;
  let state = await u.store.get(storeId);
  if (state && (state.fileSize !== u.fileSize || state.fileMtimeMs !== u.fileMtimeMs || state.partSize !== u.partSize)) {
    await abortQuietly(u, state.uploadId);
    await u.store.delete(storeId);
    state = null;
  }
  try {
    await sendParts(u, storeId, state);
  } catch (e) {
    if (errorFacts(e).code !== 'NoSuchUpload') throw e;
    // the storage forgot the upload (expired, aborted by a lifecycle rule): start over once
    await u.store.delete(storeId);
    await sendParts(u, storeId, null);
  }
}

async function sendParts(u: MultipartUpload, storeId: string, resumed: MultipartState | null): Promise<void> {
  const state: MultipartState = resumed ?? {
    uploadId: await createUpload(u),
    partSize: u.partSize,
    fileSize: u.fileSize,
    fileMtimeMs: u.fileMtimeMs,
    parts: [],
  };
  if (!resumed) await u.store.set(storeId, state);

  const partCount = Math.max(1, Math.ceil(u.fileSize / u.partSize));
  const sizeOf = (n: number): number => Math.min(u.partSize, u.fileSize - (n - 1) * u.partSize);
  const done = new Set(state.parts.map((p) => p.partNumber));
  const todo = Array.from({ length: partCount }, (_, i) => i + 1).filter((n) => !done.has(n));
  let finishedBytes = state.parts.reduce((s, p) => s + sizeOf(p.partNumber), 0);
  const inFlight = new Map<number, number>();
  const report = (): void => u.onProgress?.(finishedBytes + [...inFlight.values()].reduce((a, b) => a + b, 0));
  report();

  // parts in parallel help on long fat links; each finished part is remembered at once
  let next = 0;
  let persist = Promise.resolve();
  const worker = async (): Promise<void> => {
    while (next < todo.length) {
      u.signal?.throwIfAborted();
      const partNumber = todo[next++]!;
      const start = (partNumber - 1) * u.partSize;
      const size = sizeOf(partNumber);
      inFlight.set(partNumber, 0);
      try {
        const out = await u.client.send(
          new UploadPartCommand({
            Bucket: u.bucket,
            Key: u.key,
            UploadId: state.uploadId,
            PartNumber: partNumber,
            ContentLength: size,
            Body: countingFileStream(u.path, start, start + size, (n) => {
              inFlight.set(partNumber, n);
              report();
            }),
          }),
          { abortSignal: u.signal },
        );
        if (!out.ETag) throw Object.assign(new Error(`part ${partNumber} came back without an ETag`), { name: 'InternalError' });
        state.parts.push({ partNumber, etag: out.ETag });
        finishedBytes += size;
        persist = persist.then(() => u.store.set(storeId, state));
        await persist;
      } finally {
        inFlight.delete(partNumber);
        report();
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(u.concurrency, todo.length) }, worker));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;

  try {
    await u.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: u.bucket,
        Key: u.key,
        UploadId: state.uploadId,
        MultipartUpload: { Parts: [...state.parts].sort((a, b) => a.partNumber - b.partNumber).map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
      }),
      { abortSignal: u.signal },
    );
  } catch (e) {
    // an earlier Complete may have succeeded with its answer lost on the way back
    if (errorFacts(e).code === 'NoSuchUpload' && (await objectSize(u)) === u.fileSize) {
      await u.store.delete(storeId);
      return;
    }
    throw e;
  }
  await u.store.delete(storeId);
}

async function createUpload(u: MultipartUpload): Promise<string> {
  const out = await u.client.send(
    new CreateMultipartUploadCommand({ Bucket: u.bucket, Key: u.key, ContentType: u.contentType, CacheControl: u.cacheControl }),
    { abortSignal: u.signal },
  );
  if (!out.UploadId) throw Object.assign(new Error('the storage started a multipart upload without an id'), { name: 'InternalError' });
  return out.UploadId;
}

async function objectSize(u: MultipartUpload): Promise<number | null> {
  try {
    const head = await u.client.send(new HeadObjectCommand({ Bucket: u.bucket, Key: u.key }), { abortSignal: u.signal });
    return head.ContentLength ?? null;
  } catch {
    return null;
  }
}

async function abortQuietly(u: MultipartUpload, uploadId: string): Promise<void> {
  try {
    await u.client.send(new AbortMultipartUploadCommand({ Bucket: u.bucket, Key: u.key, UploadId: uploadId }));
  } catch {
    // not every service implements Abort (s3rver doesn't); a bucket lifecycle rule cleans up
  }
}
