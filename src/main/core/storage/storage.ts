// Where published files go. A key is a '/'-separated path relative to the storage root, e.g.
// "<shareId>/live/seg-00003.m4s". Implementations: LocalStorage (embedded default), S3Storage.
import type { StorageKind } from '../../../shared/domain';

export interface PutOptions {
  contentType: string;
  cacheControl: string;
  /** called with bytes sent so far, for progress on large files */
  onProgress?: (bytesSent: number) => void;
  signal?: AbortSignal;
}

export type PutBody = { path: string } | { data: Uint8Array };

export interface Storage {
  readonly kind: StorageKind;
  put(key: string, body: PutBody, options: PutOptions): Promise<void>;
  /** removes every object whose key starts with prefix; resolves with how many were removed */
  deletePrefix(prefix: string): Promise<number>;
  /** the URL a viewer opens for a recording published under `<shareId>/` */
  linkFor(shareId: string): string;
}

/** Failures a Storage throws. `retryable` says whether trying again later can succeed. */
export class StorageError extends Error {
  override name = 'StorageError';
  constructor(
    readonly code: 'storage-auth' | 'storage-unreachable' | 'storage-config' | 'disk-full' | 'not-found' | 'internal',
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** What a recording row remembers about where it is published (no secrets). */
export type StorageTarget =
  | { kind: 'local'; baseUrl: string }
  | {
      kind: 's3';
      endpoint: string;
      region: string;
      bucket: string;
      prefix: string;
      accessKeyId: string;
      forcePathStyle: boolean;
      publicBaseUrl: string;
      /**
       * '.html' where the service cannot hold an object and a folder of the same name (MinIO): the
       * page is then `<shareId>.html` beside the folder `<shareId>/`, and the link names the page.
       */
      pageSuffix?: '.html';
    }
  | {
      kind: 'reelay';
      /** the Reelay Server's URL, as the user typed it (its token is in the secret store) */
      url: string;
      /** the recording's id on that server (set once it is registered there) */
      remoteId?: string;
    };
