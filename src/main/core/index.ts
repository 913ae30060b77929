// The core's public face. Both shells (Electron, server mode) call startCore() with their own parts
// (where links point, how secrets are kept, which SQLite addon to load) and get the one application.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { AppInfo } from '../../shared/api';
import { RETRY, type RetryPolicy } from '../../shared/retry';
import type { PublicSettings, ReelayServerInput, S3SettingsInput, ServerTestResult, SettingsPatch, StorageTestResult } from '../../shared/settings';
import { testReelayServer } from './storage/reelay-server-test';
import { writeFileDurable } from './files/durable';
import { rm } from 'node:fs/promises';
import { fileError } from './errors';
import { randomBytes } from 'node:crypto';
import { AccountService } from './accounts/account-service';
import { LinkAccessService } from './accounts/link-access';
import { InsightsService } from './insights/insights-service';
import { InsightsRepo } from './library/insights-repo';
import { CommentsService } from './comments/comments-service';
import { CaptionsService } from './captions-chapters/captions-service';
import { ChaptersService } from './captions-chapters/chapters-service';
import { CaptionsRepo } from './library/captions-repo';
import { ChaptersRepo } from './library/chapters-repo';
import { CommentsRepo } from './library/comments-repo';
import { ActivityService } from './activity/activity-service';
import { RemoteActivity, type RemoteActivityOptions } from './activity/remote-activity';
import { createBackfill, type Backfill, type BackfillOptions } from './backfill';
import { ImportBoard } from './import/progress-board';
import { ImportService } from './import/import-service';
import { ImportUploads } from './import/uploads';
import { PermanentBackfillError } from './backfill/job-run';
import { ReelayError } from './errors';
import { EventHub, InternalEvents } from './events';
import { lockDataFolder } from './library/data-folder-lock';
import { openDatabase } from './library/database';
import { AccountsRepo } from './library/accounts-repo';
import { JobsRepo } from './library/jobs-repo';
import { LinkAccessRepo } from './library/link-access-repo';
import { RecordingsRepo, storageTargetOf } from './library/recordings-repo';
import { Publisher } from './publish/publisher';
import { RecordingService } from './recording/recording-service';
import { RecordingSizes } from './recording/sizes';
import { RevealInFolder } from './recording/reveal-in-folder';
import { intakeDir, recordingsRoot } from './recording/layout';
import { FileSecretStore, type SecretStore } from './settings/secret-store';
import { SettingsService } from './settings/settings-service';
import { testS3Connection } from './storage/s3-connection-test';
import type { Storage, StorageTarget } from './storage/storage';
import { Storages } from './storage/storages';

export interface CoreOptions {
  dataDir: string;
  shell: 'electron' | 'server';
  version: string;
  /** origin of the share server, e.g. http://127.0.0.1:4848; links of local recordings start with it */
  shareBaseUrl: string;
  /** the built renderer (out/renderer): bucket recordings get its viewer page; null or absent: none */
  rendererDir?: string | null;
  /**
   * server mode: every link is on shareBaseUrl, bucket recordings too (the server answers the page,
   * the playlists and status.json and checks who may watch; the media comes from the bucket)
   */
  hostLinks?: boolean;
  secretStore?: SecretStore;
  /** the upload queue's retry policy, over RETRY.upload */
  retry?: Partial<RetryPolicy>;
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
  /** the environment's Reelay Server to publish to (REELAY_SERVER_URL/TOKEN), applied at start */
  serverFromEnv?: ReelayServerInput | null;
  backfill?: BackfillOptions;
  /** desktop app: shows a file in the file manager (Electron's shell.showItemInFolder); absent: Reveal in folder is unsupported */
  showItemInFolder?: (path: string) => void;
  /** how often and how patiently the Reelay Servers recordings are published to are asked what is new on them */
  remoteActivity?: Pick<RemoteActivityOptions, 'intervalMs' | 'timeoutMs' | 'backoff'>;
  now?: () => number;
}

export interface Core {
  readonly db: Database;
  readonly dataDir: string;
  /** the contract's events, for the adapters (IPC, server-sent events) */
  readonly events: EventHub;
  readonly internal: InternalEvents;
  readonly publisher: Publisher;
  readonly recordings: RecordingService;
  readonly backfill: Backfill;
  readonly settings: SettingsService;
  /** Reelay Server's accounts, sessions and access tokens (the tables exist on the desktop too, empty) */
  readonly accounts: AccountService;
  /** who may watch each link */
  readonly linkAccess: LinkAccessService;
  /** views, viewers and retention of the links served here, from the viewer pages' beacons */
  readonly insights: InsightsService;
  /** comments and reactions viewers post on the links served here */
  readonly comments: CommentsService;
  /** the captions and chapters owners add to their recordings */
  readonly captions: CaptionsService;
  readonly chapters: ChaptersService;
  /** what is new (views, comments) on each recording for whoever asks */
  readonly activity: ActivityService;
  /** what the Reelay Servers this app publishes to say is new on those recordings (polled, kept in memory) */
  readonly remoteActivity: RemoteActivity;
  /** video files imported into the library */
  readonly imports: ImportService;
  /** storage used per recording, measured when it settles */
  readonly sizes: RecordingSizes;
  /** Reveal in folder: the recording's local files in the file manager (desktop app only) */
  readonly folders: RevealInFolder;
  readonly shareRoot: string;
  readonly log: (message: string, error?: unknown) => void;
  info(): AppInfo;
  storageFor(target: StorageTarget): Storage;
  setSettings(patch: SettingsPatch): Promise<PublicSettings>;
  testStorage(input: S3SettingsInput): Promise<StorageTestResult>;
  /** Test connection for a Reelay Server as the storage */
  testServer(input: ReelayServerInput): Promise<ServerTestResult>;
  /** the publish API may take files here (this server's storage is not itself another server; its disk writes): its public URL */
  checkPublishing(): Promise<string>;
  /** recovers what a crash left and starts the upload queue and the backfill; `backfill: false` leaves it stopped */
  start(options?: { backfill?: boolean }): Promise<void>;
  close(): Promise<void>;
}

/** the data folder and the folders the core makes in it (mkdir's mode is not widened by the umask) */
const PRIVATE_DIR = 0o700;

/** creates the core and starts it: what both composition roots call */
export async function startCore(options: CoreOptions): Promise<Core> {
  const core = await createCore(options);
  try {
    await core.start();
  } catch (e) {
    await core.close();
    throw e;
  }
  return core;
}

/** the core, not started yet (tests start it themselves) */
export async function createCore(options: CoreOptions): Promise<Core> {
  const log = options.log ?? (() => undefined);
  const now = options.now ?? Date.now;
  // the library, every recording and the secrets file: readable by this user only
  mkdirSync(options.dataDir, { recursive: true, mode: PRIVATE_DIR });
  const lock = lockDataFolder(options.dataDir, options.shell, options.sqliteNativeBinding);
  let db: Database;
  try {
    db = openDatabase(join(options.dataDir, 'library.sqlite'), options.sqliteNativeBinding ? { nativeBinding: options.sqliteNativeBinding } : {});
  } catch (e) {
    lock.release();
    throw e;
  }
  const events = new EventHub();
  const internal = new InternalEvents();
  const shareRoot = join(options.dataDir, 'share');
  mkdirSync(shareRoot, { recursive: true, mode: PRIVATE_DIR });
  mkdirSync(recordingsRoot(options.dataDir), { recursive: true, mode: PRIVATE_DIR });
  const secrets = options.secretStore ?? new FileSecretStore(join(options.dataDir, 'secrets.json'));
  const settings = new SettingsService(db, secrets, (s) => {
    events.emit('settings-updated', s);
    internal.emit('settings-changed', s);
  });
  if (options.s3FromEnv) await settings.set({ storage: { kind: 's3', s3: options.s3FromEnv } });
  if (options.serverFromEnv) await settings.set({ storage: { kind: 'reelay', server: options.serverFromEnv } });
  const storages = new Storages({ dataDir: options.dataDir, shareRoot, shareBaseUrl: options.shareBaseUrl, hostLinks: options.hostLinks ?? false, settings, wrap: options.wrapStorage });

  const recordingsRepo = new RecordingsRepo(db);
  const jobs = new JobsRepo(db, now);
  const accountsRepo = new AccountsRepo(db);
  const linkAccessRepo = new LinkAccessRepo(db);
  const publisher = new Publisher({
    db,
    recordings: recordingsRepo,
    jobs,
    internal,
    storageOf: (rec) => storages.for(storageTargetOf(rec)),
    retry: { ...RETRY.upload, ...options.retry },
    concurrency: options.uploadConcurrency ?? 4,
    rendererDir: options.rendererDir ?? null,
    now,
    log,
  });
  const importBoard = new ImportBoard();
  const recordings = new RecordingService({
    db,
    dataDir: options.dataDir,
    recordings: recordingsRepo,
    jobs,
    accounts: accountsRepo,
    linkAccess: linkAccessRepo,
    publisher,
    events,
    internal,
    currentTarget: () => storages.current(),
    linkFor: (target, shareId) => storages.linkFor(target, shareId),
    place: (target, title) => storages.place(target, title),
    serverClient: (target) => storages.serverClient(target),
    now,
    importing: (id) => importBoard.of(id),
  });
  const sizes = new RecordingSizes({
    recordings: recordingsRepo,
    internal,
    // a recording shared from this computer has its published copy under the share folder (hard links, counted once)
    foldersOf: (row) => [intakeDir(options.dataDir, row.id), ...(storageTargetOf(row).kind === 'local' ? [join(shareRoot, row.share_id)] : [])],
    log,
  });
  const accounts = new AccountService({ repo: accountsRepo, recordings: recordingsRepo, baseUrl: options.shareBaseUrl, now });
  const linkAccess = new LinkAccessService({
    repo: linkAccessRepo,
    internal,
    grantKey: await grantKeyOf(secrets),
    limitable: (rec) =>
      storageTargetOf(rec).kind === 'reelay'
        ? null // the Reelay Server it is published to enforces it
        : options.shell !== 'server'
        ? 'Who can watch is set on a Reelay Server; links from the desktop app are open to anyone who has them.'
        : rec.link.startsWith(`${options.shareBaseUrl}/v/`)
          ? null
          : 'This link is served by the bucket itself (it was made before this server hosted its links), so its access cannot be limited.',
    now,
  });
  const insights = new InsightsService({
    repo: new InsightsRepo(db),
    servedHere: (rec) => rec.link.startsWith(`${options.shareBaseUrl}/v/`),
    nameOf: (accountId) => accountsRepo.byId(accountId)?.email ?? null,
    now,
    changed: (recordingId) => internal.emit('activity-changed', { recordingId }),
  });
  const comments = new CommentsService({
    repo: new CommentsRepo(db),
    servedHere: (rec) => rec.link.startsWith(`${options.shareBaseUrl}/v/`),
    emailOf: (accountId) => accountsRepo.byId(accountId)?.email ?? null,
    now,
    changed: (recordingId) => internal.emit('activity-changed', { recordingId }),
  });
  const captions = new CaptionsService({ db, repo: new CaptionsRepo(db), recordings: recordingsRepo, publisher, now });
  const chapters = new ChaptersService({ db, repo: new ChaptersRepo(db), recordings: recordingsRepo, publisher });
  const remoteActivity = new RemoteActivity({ recordings: recordingsRepo, clientFor: (target) => storages.serverClient(target), internal, log, ...options.remoteActivity });
  const activity = new ActivityService({ recordings: recordingsRepo, accounts: accountsRepo, insights, comments, events, internal, remote: remoteActivity });
  const backfill = createBackfill({ db, recordings: recordingsRepo, intake: recordings.intake, publisher, internal, settings, log }, options.backfill);

  const imports = new ImportService({
    dataDir: options.dataDir,
    uploads: new ImportUploads({ dir: join(options.dataDir, 'imports'), now }),
    recordings,
    repo: recordingsRepo,
    board: importBoard,
    internal,
    ffmpeg: async () => {
      try {
        return await backfill.worker.ffmpeg();
      } catch (e) {
        if (e instanceof PermanentBackfillError) throw new ReelayError(e.code === 'ffmpeg-missing' ? 'ffmpeg-missing' : 'internal', `Reelay cannot import videos: ${e.message}`);
        throw e;
      }
    },
    now,
    log,
    preset: options.backfill?.preset,
    diskRoom: options.backfill?.diskRoom,
  });

  let reaper: NodeJS.Timeout | null = null;
  return {
    db,
    dataDir: options.dataDir,
    events,
    internal,
    publisher,
    recordings,
    backfill,
    settings,
    accounts,
    linkAccess,
    insights,
    comments,
    captions,
    chapters,
    activity,
    remoteActivity,
    imports,
    sizes,
    folders: new RevealInFolder({ dataDir: options.dataDir, recordings: recordingsRepo, show: options.showItemInFolder ?? null }),
    shareRoot,
    log,
    info: () => ({ version: options.version, shell: options.shell, shareBaseUrl: options.shareBaseUrl, storage: settings.get().storage.kind, accounts: options.shell === 'server' }),
    storageFor: (target) => storages.for(target),
    async setSettings(patch) {
      const result = await settings.set(patch);
      storages.dropClients();
      if (patch.storage) publisher.retryNow(); // new credentials may unblock waiting uploads
      return result;
    },
    testStorage: (input) => testS3Connection(input, settings.s3WithSecret()?.secretAccessKey ?? null),
    testServer: (input) => testReelayServer(input, settings.serverWithToken()?.token ?? null),
    async checkPublishing() {
      if (storages.current().kind === 'reelay') {
        throw new ReelayError('storage-config', 'This server publishes to another Reelay Server itself, so it cannot take recordings. Set its storage to this server or a bucket.');
      }
      const probe = join(options.dataDir, 'recordings', `.publish-probe-${randomBytes(6).toString('hex')}`);
      try {
        await writeFileDurable(probe, 'probe');
        await rm(probe, { force: true });
      } catch (e) {
        throw fileError(e, 'a test file on the server');
      }
      return options.shareBaseUrl;
    },
    async start(startOptions = {}) {
      const { interrupted, problems } = recordings.recovery.recover();
      if (interrupted.length > 0) log(`recovered ${interrupted.length} interrupted recording(s)`);
      for (const problem of problems) log(`recovery: ${problem}`);
      publisher.start();
      await imports.start();
      if (startOptions.backfill ?? true) backfill.start();
      remoteActivity.start();
      const abandonAfterMs = options.abandonAfterMs ?? 60_000;
      reaper = setInterval(() => {
        const reaped = recordings.recovery.reapAbandoned(abandonAfterMs);
        if (reaped.length > 0) log(`closed ${reaped.length} recording(s) whose capture went silent for ${abandonAfterMs / 1000} s`);
      }, Math.min(5_000, abandonAfterMs));
      reaper.unref();
    },
    async close() {
      if (reaper) clearInterval(reaper);
      await remoteActivity.stop();
      await imports.close();
      await backfill.close(); // running jobs are requeued, not failed
      await publisher.close();
      await sizes.idle();
      storages.dropClients();
      db.close();
      lock.release();
    },
  };
}

/** the key that signs link-password grants: made once, kept with the secrets */
async function grantKeyOf(secrets: SecretStore): Promise<Buffer> {
  const saved = secrets.get('link-grant-key');
  if (saved !== null) return Buffer.from(saved, 'base64url');
  const key = randomBytes(32);
  await secrets.set('link-grant-key', key.toString('base64url'));
  return key;
}
