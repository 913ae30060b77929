// The recording service: the contract's recordings.* methods over its parts — lifecycle (the state
// machine), intake (durable media), recovery, deletion — and the views the UI gets back.
import type { Database } from 'better-sqlite3';
import type { MethodInput } from '../../../shared/api';
import type { Recording } from '../../../shared/domain';
import type { ImportProgress } from '../../../shared/import';
import type { LibraryPage, LibraryPageQuery } from '../../../shared/library';
import type { EventHub, InternalEvents } from '../events';
import type { AccountsRepo } from '../library/accounts-repo';
import type { JobsRepo } from '../library/jobs-repo';
import type { LinkAccessRepo } from '../library/link-access-repo';
import { RecordingsRepo, type RecordingRow } from '../library/recordings-repo';
import type { Publisher } from '../publish/publisher';
import type { StorageTarget } from '../storage/storage';
import type { Placement } from '../storage/storages';
import type { ReelayServerClient } from '../storage/reelay-server-client';
import { storageTargetOf } from '../library/recordings-repo';
import { Deletion } from './deletion';
import { FedIntake } from './fed-intake';
import { defaultTitle } from './lifecycle';
import { Intake } from './intake';
import { Lifecycle } from './lifecycle';
import { Recovery } from './recovery';
import { requireRecording } from './rows';
import { RecordingViews } from './views';

export interface RecordingServiceDeps {
  db: Database;
  dataDir: string;
  recordings: RecordingsRepo;
  jobs: JobsRepo;
  accounts: AccountsRepo;
  linkAccess: LinkAccessRepo;
  publisher: Publisher;
  events: EventHub;
  internal: InternalEvents;
  currentTarget: () => StorageTarget;
  linkFor: (target: StorageTarget, shareId: string) => string;
  /** a Reelay Server target registers a new recording there first (see Storages.place) */
  place: (target: StorageTarget, title: string) => Promise<Placement | null>;
  /** the API of the Reelay Server a recording is published to */
  serverClient: (target: StorageTarget) => ReelayServerClient;
  now: () => number;
  /** an import's first rendition under way (the views show it) */
  importing?: (recordingId: string) => ImportProgress | null;
}

export class RecordingService {
  readonly repo: RecordingsRepo;
  readonly lifecycle: Lifecycle;
  readonly intake: Intake;
  readonly recovery: Recovery;
  /** recordings made elsewhere, published here through the publish API */
  readonly fed: FedIntake;
  private readonly deletion: Deletion;
  private readonly views: RecordingViews;

  constructor(private readonly deps: RecordingServiceDeps) {
    this.repo = deps.recordings;
    this.lifecycle = new Lifecycle(deps);
    this.intake = new Intake(deps);
    this.recovery = new Recovery({ ...deps, lifecycle: this.lifecycle });
    this.deletion = new Deletion({ ...deps, lifecycle: this.lifecycle, intakeDir: (id) => this.intake.intakeDir(id) });
    this.views = new RecordingViews(deps);
    this.fed = new FedIntake({ dataDir: deps.dataDir, recordings: deps.recordings, publisher: deps.publisher, lifecycle: this.lifecycle });
  }

  /** every recording, or those `ownerId` made */
  list(ownerId: string | null = null): Recording[] {
    return this.views.ofMany(this.repo.list(ownerId));
  }

  /** one page of the library, as every recording or those `ownerId` made */
  page(q: LibraryPageQuery, ownerId: string | null = null): LibraryPage {
    const { rows, total } = this.repo.page(q, ownerId);
    const end = q.offset + rows.length;
    return { items: this.views.ofMany(rows), total, next: end < total && rows.length > 0 ? end : null, totalBytes: this.repo.totalBytes(ownerId) };
  }

  get(id: string): Recording {
    return this.views.of(this.require(id));
  }

  require(id: string): RecordingRow {
    return requireRecording(this.repo, id);
  }

  /** on a Reelay Server target the server allocates the link first: no link, no recording (the error says why) */
  async create(input: MethodInput<'recordings.create'>, ownerId: string | null = null): Promise<Recording> {
    const title = input.title ?? defaultTitle(this.deps.now());
    const placement = await this.deps.place(this.deps.currentTarget(), title);
    return this.views.of(this.lifecycle.create({ ...input, title }, ownerId, placement ?? undefined));
  }

  /** publish.register: a recording made elsewhere gets its link here */
  register(title: string, ownerId: string | null): { id: string; shareId: string; link: string } {
    const row = this.lifecycle.createFed(title, ownerId);
    return { id: row.id, shareId: row.share_id, link: row.link };
  }

  /** publish.remove: a recording made elsewhere goes from here, whatever its state */
  async removeFed(row: RecordingRow): Promise<void> {
    await this.deletion.removeEverything(row);
  }

  /** the Reelay Server a recording is published to, when it is (its copy there follows rename, access, delete) */
  serverOf(row: RecordingRow): { client: ReelayServerClient; remoteId: string } | null {
    const target = storageTargetOf(row);
    if (target.kind !== 'reelay' || !target.remoteId || row.published_deleted === 1) return null;
    return { client: this.deps.serverClient(target), remoteId: target.remoteId };
  }

  /** the UI's view of a row (after a change made elsewhere, e.g. its access) */
  view(row: RecordingRow): Recording {
    return this.views.of(row);
  }

  start(id: string): Recording {
    this.lifecycle.start(id);
    return this.get(id);
  }

  pause(id: string): Recording {
    this.lifecycle.pause(id);
    return this.get(id);
  }

  resume(id: string): Recording {
    this.lifecycle.resume(id);
    return this.get(id);
  }

  stop(id: string, durationMs: number): Recording {
    this.lifecycle.stop(id, durationMs);
    return this.get(id);
  }

  async cancel(id: string): Promise<Recording> {
    return this.views.of(await this.deletion.cancel(id));
  }

  /** on a Reelay Server target, the server's copy is renamed first: the two never disagree */
  async rename(id: string, title: string): Promise<Recording> {
    const server = this.serverOf(this.require(id));
    if (server) await server.client.call('recordings.rename', { id: server.remoteId, title });
    this.lifecycle.rename(id, title);
    return this.get(id);
  }

  delete(id: string, from: 'local' | 'storage' | 'both'): Promise<{ id: string }> {
    return this.deletion.delete(id, from);
  }

  putInit(input: MethodInput<'recordings.putInit'>): Promise<{ durable: true }> {
    return this.intake.putInit(input);
  }

  putSegment(input: MethodInput<'recordings.putSegment'>): Promise<{ durable: true }> {
    return this.intake.putSegment(input);
  }

  putMasterChunk(input: MethodInput<'recordings.putMasterChunk'>): Promise<{ durable: true }> {
    return this.intake.putMasterChunk(input);
  }

  intakeDir(id: string): string {
    return this.intake.intakeDir(id);
  }

  masterFile(id: string): ReturnType<Intake['masterFile']> {
    return this.intake.masterFile(id);
  }
}
