// The Recording the UI sees: the row, its publishing progress and its backfill, put together in one
// place. The only emitter of the contract's recording events: services announce changes internally.
import type { Recording, UploadProgress } from '../../../shared/domain';
import type { ImportProgress } from '../../../shared/import';
import { linkAccessOf } from '../accounts/link-access';
import type { AccountsRepo } from '../library/accounts-repo';
import type { LinkAccessRepo, LinkAccessRow } from '../library/link-access-repo';
import type { EventHub, InternalEvents } from '../events';
import { backfillProgressOf, type JobRow, type JobsRepo } from '../library/jobs-repo';
import { storageTargetOf, type RecordingRow, type RecordingsRepo } from '../library/recordings-repo';
import type { Publisher } from '../publish/publisher';

/** what a view takes from tables other than recordings: read per row, or for a whole page at once */
interface ViewFacts {
  posterUrl(): string | null;
  downloadUrl(): string | null;
  upload(): UploadProgress;
  job(): JobRow | undefined;
  access(): LinkAccessRow | undefined;
  ownerEmail(ownerId: string): string | null;
}

export class RecordingViews {
  constructor(
    private readonly deps: {
      recordings: RecordingsRepo;
      jobs: JobsRepo;
      accounts: AccountsRepo;
      linkAccess: LinkAccessRepo;
      publisher: Publisher;
      events: EventHub;
      internal: InternalEvents;
      /** an import's first rendition under way */
      importing?: (recordingId: string) => ImportProgress | null;
    },
  ) {
    deps.internal.on('recording-changed', ({ recordingId }) => this.send(recordingId));
    deps.internal.on('recording-removed', ({ recordingId }) => deps.events.emit('recording-removed', { id: recordingId }));
  }

  of(r: RecordingRow): Recording {
    const { publisher, jobs, linkAccess, accounts } = this.deps;
    return this.build(r, {
      posterUrl: () => publisher.posterUrl(r),
      downloadUrl: () => publisher.downloadUrl(r),
      upload: () => publisher.progress(r.id),
      job: () => jobs.get(r.id),
      access: () => linkAccess.get(r.id),
      ownerEmail: (ownerId) => accounts.byId(ownerId)?.email ?? null,
    });
  }

  /** of() for each row, with one query per kind for them all instead of several per row (a library page) */
  ofMany(rows: readonly RecordingRow[]): Recording[] {
    if (rows.length === 0) return [];
    const { publisher, jobs, linkAccess, accounts } = this.deps;
    const ids = rows.map((r) => r.id);
    const urls = publisher.publishedUrlsOf(rows);
    const uploads = publisher.progressOf(ids);
    const jobRows = jobs.getMany(ids);
    const accessRows = linkAccess.getMany(ids);
    const emails = accounts.emailsOf([...new Set(rows.flatMap((r) => (r.owner_id === null ? [] : [r.owner_id])))]);
    return rows.map((r) =>
      this.build(r, {
        posterUrl: () => urls.get(r.id)!.posterUrl,
        downloadUrl: () => urls.get(r.id)!.downloadUrl,
        upload: () => uploads.get(r.id)!,
        job: () => jobRows.get(r.id),
        access: () => accessRows.get(r.id),
        ownerEmail: (ownerId) => emails.get(ownerId) ?? null,
      }),
    );
  }

  /** the one place a view is put together, from the row and what the other tables say about it */
  private build(r: RecordingRow, facts: ViewFacts): Recording {
    const importing = this.deps.importing?.(r.id) ?? null;
    return {
      ...(importing ? { importing } : {}),
      id: r.id,
      shareId: r.share_id,
      title: r.title,
      state: r.state,
      createdAt: r.created_at,
      durationMs: r.duration_ms,
      link: r.link,
      storage: storageTargetOf(r).kind,
      width: r.width,
      height: r.height,
      posterUrl: facts.posterUrl(),
      downloadUrl: r.published_deleted === 1 ? null : facts.downloadUrl(),
      sizeBytes: r.size_bytes,
      upload: facts.upload(),
      backfill: backfillProgressOf(facts.job()),
      copies: { local: r.local_deleted !== 1, published: r.published_deleted !== 1 },
      access: linkAccessOf(facts.access()),
      owner: r.owner_id === null ? null : facts.ownerEmail(r.owner_id),
    };
  }

  private send(recordingId: string): void {
    const row = this.deps.recordings.get(recordingId);
    if (!row || row.state === 'cancelled') return;
    this.deps.events.emit('recording-updated', this.of(row));
  }
}
