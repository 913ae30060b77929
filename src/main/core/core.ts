// The application core, wired from plain classes. Both shells (Electron, server mode) create one.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { AppInfo } from '../../shared/api';
import type { PublicSettings, S3SettingsInput, SettingsPatch, StorageTestResult } from '../../shared/settings';
import { openDatabase } from './library/database';
import { lockDataFolder } from './library/data-folder-lock';
import { EventHub } from './events';
import { UploadQueue } from './publish/upload-queue';
import { DEFAULT_RETRY, type RetryPolicy } from './publish/retry';
import { coreGenerators, generatorKey, type GeneratedRenderer } from './publish/generated';
import { RecordingService, type RecordingExtension } from './recording/recording-service';
import { storageTargetOf } from './library/recordings-repo';
import { LocalStorage } from './storage/local-storage';
import type { Storage, StorageTarget } from './storage/storage';
import { SettingsService } from './settings/settings-service';
import { FileSecretStore, type SecretStore } from './settings/secret-store';
import { ReelayError } from './errors';
import { createS3Storage, testS3Connection, type S3Storage } from './storage/s3-storage';
import { FileMultipartStore } from './storage/s3-multipart';

export interface CoreOptions {
  dataDir: string;
  shell: 'electron' | 'server';
  version: string;
  /** origin of the share server, e.g. http://127.0.0.1:4848; links of local recordings start with it */
  shareBaseUrl: string;
  secretStore?: SecretStore;
  retry?: RetryPolicy;
  uploadConcurrency?: number;
  log?: (message: string, error?: unknown) => void;
  /** wraps every Storage (fault injection in tests: delays, failures) */
  wrapStorage?: (storage: Storage) => Storage;
  /** a recording that sends no media this long while recording is closed as interrupted (default 60 s) */
  abandonAfterMs?: number;
  /** better-sqlite3 addon built for Electron's ABI (the one in node_modules is built for Node) */
  sqliteNativeBinding?: string;
  /** the environment's S3 settings (server mode), applied at start */
  s3FromEnv?: S3SettingsInput | null;
}

export interface Core {
  readonly db: Database;
  readonly dataDir: string;
  readonly events: EventHub;
  readonly queue: UploadQueue;
  readonly recordings: RecordingService;
  readonly settings: SettingsService;
  readonly shareRoot: string;
  readonly log: (message: string, error?: unknown) => void;
  info(): AppInfo;
  storageFor(target: StorageTarget): Storage;
  setSettings(patch: SettingsPatch): Promise<PublicSettings>;
  testStorage(input: S3SettingsInput): Promise<StorageTestResult>;
  /** lets another part of the core render generated files and hook into recordings */
  registerGenerator(name: string, render: GeneratedRenderer): void;
  addExtension(ext: RecordingExtension): void;
  /** recovers what a crash left and starts the queues */
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const log = options.log ?? (() => undefined);
  mkdirSync(options.dataDir, { recursive: true });
  const lock = lockDataFolder(options.dataDir, options.shell, options.sqliteNativeBinding);
  let db: ReturnType<typeof openDatabase>;
  try {
    db = openDatabase(join(options.dataDir, 'library.sqlite'), options.sqliteNativeBinding ? { nativeBinding: options.sqliteNativeBinding } : {});
  } catch (e) {
    lock.release();
    throw e;
  }
  const events = new EventHub();
  const shareRoot = join(options.dataDir, 'share');
  mkdirSync(shareRoot, { recursive: true });
  const secrets = options.secretStore ?? new FileSecretStore(join(options.dataDir, 'secrets.json'));
  const settings = new SettingsService(db, secrets, (s) => events.emit('settings-updated', s));
  if (options.s3FromEnv) await settings.set({ storage: { kind: 's3', s3: options.s3FromEnv } });

  const local = new LocalStorage(shareRoot, options.shareBaseUrl);
  const s3Cache = new Map<string, S3Storage>();
  // multipart uploads (the MP4 download) resume from their finished parts after a restart
  const multipartStore = new FileMultipartStore(join(options.dataDir, 'multipart'));
  const dropS3Clients = (): void => {
    for (const s of s3Cache.values()) s.close();
    s3Cache.clear();
  };
  const wrap = options.wrapStorage ?? ((s: Storage) => s);
  const storageFor = (target: StorageTarget): Storage => wrap(resolveStorage(target));
  const resolveStorage = (target: StorageTarget): Storage => {
    if (target.kind === 'local') return target.baseUrl === options.shareBaseUrl ? local : new LocalStorage(shareRoot, target.baseUrl);
    const secret = settings.s3WithSecret();
    if (!secret || secret.accessKeyId !== target.accessKeyId) {
      throw new ReelayError('storage-auth', `No saved secret for access key ${target.accessKeyId}. Enter it again in Settings → Storage.`, false);
    }
    const cacheKey = JSON.stringify(target);
    let s = s3Cache.get(cacheKey);
    if (!s) {
      s = createS3Storage(target, secret.secretAccessKey, { multipartStore });
      s3Cache.set(cacheKey, s);
    }
    return s;
  };
  const currentTarget = (): StorageTarget => {
    const s = settings.get().storage;
    if (s.kind === 'local') return { kind: 'local', baseUrl: options.shareBaseUrl };
    const { endpoint, region, bucket, prefix, accessKeyId, forcePathStyle, publicBaseUrl, preset } = s.s3;
    const target: StorageTarget = { kind: 's3', endpoint: endpoint ?? '', region, bucket, prefix, accessKeyId, forcePathStyle, publicBaseUrl };
    // MinIO refuses an object and a folder of the same name (XMinioParentIsObject)
    if (preset === 'minio') target.pageSuffix = '.html';
    return target;
  };

  const generators = new Map<string, GeneratedRenderer>();
  // the services below reference each other through these late-bound closures
  let recordings!: RecordingService;
  const queue = new UploadQueue({
    db,
    storageFor: (recordingId) => {
      const rec = recordings.repo.get(recordingId);
      if (!rec) throw new ReelayError('not-found', 'recording is gone', false);
      return storageFor(storageTargetOf(rec));
    },
    render: (item) => {
      const rec = recordings.repo.get(item.recording_id);
      const gen = item.generator ? generators.get(generatorKey(item.generator)) : undefined;
      if (!rec || !gen) return null;
      const out = gen(rec, item);
      return typeof out === 'string' ? new TextEncoder().encode(out) : out;
    },
    retry: options.retry ?? DEFAULT_RETRY,
    concurrency: options.uploadConcurrency ?? 4,
    onChange: (id) => recordings.notifyChanged(id),
    onDrained: (id) => recordings.onDrained(id),
    log,
  });
  recordings = new RecordingService({
    db,
    dataDir: options.dataDir,
    queue,
    currentTarget,
    storageFor,
    emit: (event, payload) => events.emit(event, payload as never),
  });
  for (const [k, v] of coreGenerators(recordings.repo, (id, uploadId) => recordings.statusExtras(id, uploadId))) generators.set(k, v);

  let reaper: NodeJS.Timeout | null = null;
  const core: Core = {
    db,
    dataDir: options.dataDir,
    events,
    queue,
    recordings,
    settings,
    shareRoot,
    log,
    info: () => ({ version: options.version, shell: options.shell, shareBaseUrl: options.shareBaseUrl, storage: settings.get().storage.kind }),
    storageFor,
    async setSettings(patch) {
      const result = await settings.set(patch);
      dropS3Clients();
      if (patch.storage) queue.retryNow(); // new credentials may unblock waiting uploads
      return result;
    },
    testStorage: (input) => testS3Connection(input, settings.s3WithSecret()?.secretAccessKey ?? null),
    registerGenerator: (name, render) => {
      generators.set(name, render);
    },
    addExtension: (ext) => recordings.addExtension(ext),
    async start() {
      const { interrupted } = recordings.recover();
      if (interrupted.length > 0) log(`recovered ${interrupted.length} interrupted recording(s)`);
      queue.start();
      const abandonAfterMs = options.abandonAfterMs ?? 60_000;
      reaper = setInterval(() => {
        const reaped = recordings.reapAbandoned(abandonAfterMs);
        if (reaped.length > 0) log(`closed ${reaped.length} recording(s) whose capture went silent for ${abandonAfterMs / 1000} s`);
      }, Math.min(5_000, abandonAfterMs));
      reaper.unref();
    },
    async close() {
      if (reaper) clearInterval(reaper);
      await queue.close();
      dropS3Clients();
      db.close();
      lock.release();
    },
  };
  return core;
}
