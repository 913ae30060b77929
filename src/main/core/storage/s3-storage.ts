// Publishing to an S3-compatible bucket the user owns (R2, S3, B2, MinIO, ...). Keys from the core
// (`<shareId>/...`) live under the configured prefix; the link is the public base URL + prefix + share
// id, which is also the key of the recording's viewer page (see s3-publishing.ts). Server mode links
// live on the server instead, which hands viewers public or presigned URLs of the media (presignGet).
import { promises as fs } from 'node:fs';
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { StorageError, type PutBody, type PutOptions, type Storage, type StorageTarget } from './storage';
import { createS3Client, DEFAULT_S3_TIMEOUTS, endpointLabel, type S3Timeouts } from './s3-client';
import { errorFacts, toStorageError } from './s3-errors';
import { presignerFor, presignShapeOf } from './s3-presign';
import { countingFileStream, MemoryMultipartStore, MIB, partSizeFor, uploadMultipart, type MultipartStore } from './s3-multipart';


export type S3Target = Extract<StorageTarget, { kind: 's3' }>;

export interface S3StorageOptions {
  timeouts?: S3Timeouts;
  /** files at least this large go up as multipart uploads */
  multipartThresholdBytes?: number;
  /** part size (S3's minimum is 5 MiB for every part but the last) */
  partSizeBytes?: number;
  /** parts in flight at once for one file */
  partConcurrency?: number;
  /** where finished parts are remembered; give a FileMultipartStore to resume across restarts */
  multipartStore?: MultipartStore;
}

export const DEFAULT_MULTIPART_THRESHOLD = 16 * MIB;
export const DEFAULT_PART_SIZE = 8 * MIB;
/** DeleteObjects takes at most this many keys */
const DELETE_BATCH = 1000;
/** SigV4 presigned URLs live at most a week */
export const MAX_PRESIGN_SECONDS = 604_800;

/** the public URL of a storage key (no secret needed) */
export function publicUrlOf(target: S3Target, key: string): string {
  return `${target.publicBaseUrl.replace(/\/+$/, '')}/${target.prefix}${key}`;
}

/** the link of a recording whose viewer page is in the bucket: the page's public URL */
export function bucketPageLink(target: S3Target, shareId: string): string {
  return publicUrlOf(target, shareId) + (target.pageSuffix ?? '');
}

export class S3Storage implements Storage {
  readonly kind = 's3' as const;
  private readonly client: S3Client;
  private readonly endpoint: string;
  private readonly multipartStore: MultipartStore;
  private bulkDeleteWorks = true;
  private signedOrigin: Promise<string> | null = null;

  constructor(
    readonly target: S3Target,
    private readonly secret: string,
    private readonly options: S3StorageOptions = {},
  ) {
    this.client = createS3Client(target, secret, options.timeouts ?? DEFAULT_S3_TIMEOUTS);
    this.endpoint = endpointLabel(target);
    this.multipartStore = options.multipartStore ?? new MemoryMultipartStore();
  }

  linkFor(shareId: string): string {
    return bucketPageLink(this.target, shareId);
  }

  /** the bucket key of a storage key */
  objectKey(key: string): string {
    return `${this.target.prefix}${key}`;
  }

  /** the public URL of a storage key */
  publicUrl(key: string): string {
    return publicUrlOf(this.target, key);
  }

  /**
   * A URL that lets anyone GET the object of `key` until `expiresInSec` after `signingDate`, signed
   * with this storage's key, so the bucket need not allow public reads. Computed locally, no request.
   */
  async presignGet(key: string, expiresInSec: number, signingDate = new Date()): Promise<string> {
    if (!(expiresInSec >= 1 && expiresInSec <= MAX_PRESIGN_SECONDS)) {
      throw new StorageError('storage-config', `a presigned URL lives 1 s to 7 days, not ${expiresInSec} s`, false);
    }
    const Key = this.objectKey(key);
    return this.call(`sign a URL for ${Key}`, () =>
      getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.target.bucket, Key }), { expiresIn: Math.round(expiresInSec), signingDate }),
    );
  }

  /** presigned GET URLs of many keys at once (a playlist's segments), in order; see s3-presign.ts */
  async presignGetAll(keys: readonly string[], expiresInSec: number, signingDate = new Date()): Promise<string[]> {
    const [first, ...rest] = keys;
    if (first === undefined) return [];
    const probe = await this.presignGet(first, expiresInSec, signingDate);
    const shape = presignShapeOf(probe, this.objectKey(first));
    const sign = shape && presignerFor(shape, this.secret, Math.round(expiresInSec), signingDate);
    if (sign && sign(this.objectKey(first)) === probe) return [probe, ...rest.map((k) => sign(this.objectKey(k)))];
    // a form not reproduced there (another signer, a session token): the SDK signs each one
    return [probe, ...(await Promise.all(rest.map((k) => this.presignGet(k, expiresInSec, signingDate))))];
  }

  /** the origin presigned URLs are on (the endpoint, or the bucket's virtual host), for a page's CSP */
  async presignedOrigin(): Promise<string> {
    this.signedOrigin ??= this.presignGet('origin-probe', 60).then(
      (url) => new URL(url).origin,
      (e: unknown) => {
        this.signedOrigin = null; // computed again next time
        throw e;
      },
    );
    return this.signedOrigin;
  }

  async put(key: string, body: PutBody, options: PutOptions): Promise<void> {
    const Key = this.objectKey(key);
    const common = { Bucket: this.target.bucket, Key, ContentType: options.contentType, CacheControl: options.cacheControl };
    if ('data' in body) {
      await this.call(`upload ${Key}`, () =>
        this.client.send(new PutObjectCommand({ ...common, Body: body.data, ContentLength: body.data.byteLength }), { abortSignal: options.signal }),
      );
      options.onProgress?.(body.data.byteLength);
      return;
    }
    // a missing local file is not the storage's fault: let the raw ENOENT through to the queue
    const stat = await fs.stat(body.path);
    if (stat.size === 0) return this.put(key, { data: new Uint8Array() }, options);
    const threshold = this.options.multipartThresholdBytes ?? DEFAULT_MULTIPART_THRESHOLD;
    if (stat.size >= threshold) {
      await this.call(`upload ${Key}`, () =>
        uploadMultipart({
          client: this.client,
          bucket: this.target.bucket,
          key: Key,
          path: body.path,
          fileSize: stat.size,
          fileMtimeMs: Math.round(stat.mtimeMs),
          contentType: options.contentType,
          cacheControl: options.cacheControl,
          partSize: partSizeFor(stat.size, this.options.partSizeBytes ?? DEFAULT_PART_SIZE),
          concurrency: this.options.partConcurrency ?? 3,
          store: this.multipartStore,
          onProgress: options.onProgress,
          signal: options.signal,
        }),
      );
      return;
    }
    await this.call(`upload ${Key}`, () =>
      this.client.send(
        new PutObjectCommand({
          ...common,
          ContentLength: stat.size,
          Body: countingFileStream(body.path, 0, stat.size, (n) => options.onProgress?.(n)),
        }),
        { abortSignal: options.signal },
      ),
    );
    options.onProgress?.(stat.size);
  }

  /**
   * Removes every object under `prefix`. A folder prefix (`<shareId>/`) also removes the object named
   * like the folder (`<shareId>`): that is the recording's viewer page, which lives at the link itself.
   */
  async deletePrefix(prefix: string): Promise<number> {
    if (prefix.replace(/\/+$/, '').length === 0) {
      throw new StorageError('storage-config', 'refusing to delete everything under the storage prefix', false);
    }
    const folderPage = prefix.endsWith('/') ? this.objectKey(prefix.replace(/\/+$/, '')) + (this.target.pageSuffix ?? '') : null;
    const listPrefix = prefix.endsWith('/') ? this.objectKey(prefix.replace(/\/+$/, '')) : this.objectKey(prefix);
    const wanted = (k: string): boolean => k === folderPage || k.startsWith(this.objectKey(prefix));
    // list everything first: some services' continuation tokens are offsets that deleting would shift
    const doomed: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.call(`list ${listPrefix}`, () =>
        this.client.send(new ListObjectsV2Command({ Bucket: this.target.bucket, Prefix: listPrefix, ContinuationToken: token })),
      );
      for (const o of page.Contents ?? []) if (o.Key && wanted(o.Key)) doomed.push(o.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    // listings that aren't sorted by key (s3rver's) can miss the page next to its folder: ask for it
    if (folderPage && !doomed.includes(folderPage) && (await this.exists(folderPage))) doomed.push(folderPage);
    let removed = 0;
    for (let i = 0; i < doomed.length; i += DELETE_BATCH) removed += await this.deleteKeys(doomed.slice(i, i + DELETE_BATCH));
    return removed;
  }

  /** the bytes of an object, or null when there is none (small files only: it is read whole) */
  async get(key: string, options: { signal?: AbortSignal } = {}): Promise<Uint8Array | null> {
    const Key = this.objectKey(key);
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.target.bucket, Key }), { abortSignal: options.signal });
      return out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
    } catch (e) {
      const f = errorFacts(e);
      if (f.code === 'NoSuchKey' || f.status === 404) return null;
      throw toStorageError(e, this.context(`read ${Key}`));
    }
  }

  private async exists(objectKey: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.target.bucket, Key: objectKey }));
      return true;
    } catch (e) {
      const f = errorFacts(e);
      if (f.status === 404 || f.code === 'NotFound' || f.code === 'NoSuchKey') return false;
      throw toStorageError(e, this.context(`check ${objectKey}`));
    }
  }

  /** removes one object (deleting a key that isn't there succeeds) */
  async delete(key: string): Promise<void> {
    const Key = this.objectKey(key);
    await this.call(`delete ${Key}`, () => this.client.send(new DeleteObjectCommand({ Bucket: this.target.bucket, Key })));
  }

  /** every storage key under a prefix (relative to the storage prefix), in key order */
  async list(prefix: string): Promise<string[]> {
    const out: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.call(`list ${this.objectKey(prefix)}`, () =>
        this.client.send(new ListObjectsV2Command({ Bucket: this.target.bucket, Prefix: this.objectKey(prefix), ContinuationToken: token })),
      );
      for (const o of page.Contents ?? []) if (o.Key) out.push(o.Key.slice(this.target.prefix.length));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out.sort();
  }

  close(): void {
    this.client.destroy();
  }

  private async deleteKeys(keys: string[]): Promise<number> {
    if (this.bulkDeleteWorks) {
      try {
        const out = await this.client.send(
          new DeleteObjectsCommand({ Bucket: this.target.bucket, Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true } }),
        );
        const errors = out.Errors ?? [];
        if (errors.length > 0) {
          const first = errors[0]!;
          throw toStorageError({ name: first.Code ?? 'InternalError', Code: first.Code, $metadata: { httpStatusCode: first.Code === 'AccessDenied' ? 403 : 500 } }, this.context(`delete ${first.Key ?? keys[0]}`));
        }
        return keys.length;
      } catch (e) {
        const err = toStorageError(e, this.context(`delete ${keys.length} object(s)`));
        // some S3-compatible services lack DeleteObjects or want the Content-MD5 the SDK no longer
        // sends: use single deletes from now on. A failing batch (s3rver races removing folders it
        // empties) is retried one key at a time; a real failure then surfaces from those.
        if (bulkDeleteUnsupported(e)) this.bulkDeleteWorks = false;
        else if (!err.retryable) throw err;
      }
    }
    for (const Key of keys) {
      await this.call(`delete ${Key}`, () => this.client.send(new DeleteObjectCommand({ Bucket: this.target.bucket, Key })));
    }
    return keys.length;
  }

  private context(action: string): { action: string; bucket: string; endpoint: string; secret: string } {
    return { action, bucket: this.target.bucket, endpoint: this.endpoint, secret: this.secret };
  }

  private async call<T>(action: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw toStorageError(e, this.context(action));
    }
  }
}

function bulkDeleteUnsupported(e: unknown): boolean {
  const f = errorFacts(e);
  return f.code === 'NotImplemented' || f.code === 'MissingContentMD5' || f.code === 'InvalidDigest' || f.status === 501;
}

export function createS3Storage(target: S3Target, secret: string, options?: S3StorageOptions): S3Storage {
  return new S3Storage(target, secret, options);
}
