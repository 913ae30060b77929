// Which Storage a recording publishes to: the embedded share folder, or a bucket whose secret the
// settings hold. One S3 client per target, dropped when the settings change.
import { join } from 'node:path';
import { ReelayError } from '../errors';
import type { SettingsService } from '../settings/settings-service';
import { LocalStorage } from './local-storage';
import { FileMultipartStore } from './s3-multipart';
import { createS3Storage, type S3Storage } from './s3-storage';
import { StorageError, type Storage, type StorageTarget } from './storage';
import { ReelayServerClient } from './reelay-server-client';
import { ReelayServerStorage } from './reelay-server-storage';

/** where a new recording goes when another server allocates its share id and link */
export interface Placement {
  target: StorageTarget;
  shareId: string;
  link: string;
}

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
  private readonly servers = new Map<string, ReelayServerStorage>();
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
    if (s.kind === 'reelay') return { kind: 'reelay', url: s.server.url };
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

  /**
   * A Reelay Server target: the server registers the recording now and allocates its share id and
   * link (on its own public URL, owned by the token's member). Other targets: null, the link is ours.
   */
  async place(target: StorageTarget, title: string): Promise<Placement | null> {
    if (target.kind !== 'reelay') return null;
    try {
      const { id, shareId, link } = await this.serverClient(target).call('publish.register', { title });
      return { target: { ...target, remoteId: id }, shareId, link };
    } catch (e) {
      // nothing is recorded without a link: say why, and what to do now
      if (e instanceof StorageError) {
        throw new ReelayError(e.code === 'not-found' || e.code === 'internal' ? 'storage-config' : e.code, `No recording was started: the Reelay Server could not make its link. ${e.message} Or choose This computer in Settings → Storage to record now.`, e.retryable, { cause: e });
      }
      throw e;
    }
  }

  /** the API of the Reelay Server a recording is published to (rename, who can watch, delete act there too) */
  serverClient(target: StorageTarget): ReelayServerClient {
    if (target.kind !== 'reelay') throw new ReelayError('invalid-state', 'This recording is not published to a Reelay Server.');
    const saved = this.options.settings.serverWithToken();
    if (!saved || saved.url !== target.url) {
      throw new ReelayError('storage-auth', `No saved access token for the Reelay Server at ${target.url}. Enter it again in Settings → Storage.`, false);
    }
    return new ReelayServerClient(saved);
  }

  /** the settings changed: clients are made again with the new secret */
  dropClients(): void {
    for (const s of this.s3Clients.values()) s.close();
    this.s3Clients.clear();
    this.servers.clear();
  }

  private resolve(target: StorageTarget): Storage {
    if (target.kind === 'local') return target.baseUrl === this.options.shareBaseUrl ? this.local : new LocalStorage(this.options.shareRoot, target.baseUrl);
    if (target.kind === 'reelay') {
      let server = this.servers.get(target.url);
      if (!server) {
        server = new ReelayServerStorage(this.serverClient(target));
        this.servers.set(target.url, server);
      }
      return server;
    }
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
