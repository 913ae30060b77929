// Which Storage a recording publishes to: the embedded share folder, or a bucket whose secret the
// settings hold. One S3 client per target, dropped when the settings change.
import { join } from 'node:path';
import { ReelayError } from '../errors';
import type { SettingsService } from '../settings/settings-service';
import { LocalStorage } from './local-storage';
import { FileMultipartStore } from './s3-multipart';
import { createS3Storage, type S3Storage } from './s3-storage';
import type { Storage, StorageTarget } from './storage';

export interface StoragesOptions {
  dataDir: string;
  shareRoot: string;
  /** origin of the share server; links of local recordings start with it */
  shareBaseUrl: string;
  /** server mode: links of bucket recordings are on shareBaseUrl too (see CoreOptions.hostLinks) */
  hostLinks: boolean;
  settings: SettingsService;
  /** wraps every Storage (fault injection in tests: delays, failures) */
  wrap?: (storage: Storage) => Storage;
}

export class Storages {
  private readonly local: LocalStorage;
  private readonly s3Clients = new Map<string, S3Storage>();
  // multipart uploads (the MP4 download) resume from their finished parts after a restart
  private readonly multipartStore: FileMultipartStore;

  constructor(private readonly options: StoragesOptions) {
    this.local = new LocalStorage(options.shareRoot, options.shareBaseUrl);
    this.multipartStore = new FileMultipartStore(join(options.dataDir, 'multipart'));
  }

  /** where new recordings go, as the settings say now */
  current(): StorageTarget {
    const s = this.options.settings.get().storage;
    if (s.kind === 'local') return { kind: 'local', baseUrl: this.options.shareBaseUrl };
    const { endpoint, region, bucket, prefix, accessKeyId, forcePathStyle, publicBaseUrl, preset } = s.s3;
    const target: StorageTarget = { kind: 's3', endpoint: endpoint ?? '', region, bucket, prefix, accessKeyId, forcePathStyle, publicBaseUrl };
    // MinIO refuses an object and a folder of the same name (XMinioParentIsObject)
    if (preset === 'minio') target.pageSuffix = '.html';
    return target;
  }

  for(target: StorageTarget): Storage {
    return (this.options.wrap ?? ((s: Storage) => s))(this.resolve(target));
  }

  /** the link a share id gets on `target` (no secret needed) */
  linkFor(target: StorageTarget, shareId: string): string {
    // server mode: the server answers the link and checks who may watch, so changing that never
    // changes the link; the media still comes from the bucket (share/bucket-link.ts)
    if (target.kind === 's3' && this.options.hostLinks) return this.local.linkFor(shareId);
    return this.for(target).linkFor(shareId);
  }

  /** the settings changed: clients are made again with the new secret */
  dropClients(): void {
    for (const s of this.s3Clients.values()) s.close();
    this.s3Clients.clear();
  }

  private resolve(target: StorageTarget): Storage {
    if (target.kind === 'local') return target.baseUrl === this.options.shareBaseUrl ? this.local : new LocalStorage(this.options.shareRoot, target.baseUrl);
    const secret = this.options.settings.s3WithSecret();
    if (!secret || secret.accessKeyId !== target.accessKeyId) {
      throw new ReelayError('storage-auth', `No saved secret for access key ${target.accessKeyId}. Enter it again in Settings → Storage.`, false);
    }
    const cacheKey = JSON.stringify(target);
    let s = this.s3Clients.get(cacheKey);
    if (!s) {
      s = createS3Storage(target, secret.secretAccessKey, { multipartStore: this.multipartStore });
      this.s3Clients.set(cacheKey, s);
    }
    return s;
  }
}
