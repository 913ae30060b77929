// The Recording the UI sees: the row, its publishing progress and its backfill, put together in one
// place. The only emitter of the contract's recording events: services announce changes internally.
import type { Recording } from '../../../shared/domain';
import type { ImportProgress } from '../../../shared/import';
import { linkAccessOf } from '../accounts/link-access';
import type { AccountsRepo } from '../library/accounts-repo';
import type { LinkAccessRepo } from '../library/link-access-repo';
import type { EventHub, InternalEvents } from '../events';
import { backfillProgressOf, type JobsRepo } from '../library/jobs-repo';
import { storageTargetOf, type RecordingRow, type RecordingsRepo } from '../library/recordings-repo';
import type { Publisher } from '../publish/publisher';

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
    return this.ofMany([r])[0]!;
  }

  /** the views of these rows, with one query per kind for them all (a library page), not several per row */
  ofMany(rows: readonly RecordingRow[]): Recording[] {
    if (rows.length === 0) return [];
    const { publisher, jobs, linkAccess, accounts } = this.deps;
    const ids = rows.map((r) => r.id);
    const urls = publisher.publishedUrlsOf(rows);
    const uploads = publisher.progressOf(ids);
    const jobRows = jobs.getMany(ids);
    const accessRows = linkAccess.getMany(ids);
    const emails = accounts.emailsOf([...new Set(rows.flatMap((r) => (r.owner_id === null ? [] : [r.owner_id])))]);
    return rows.map((r) => {
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
      posterUrl: urls.get(r.id)!.posterUrl,
      downloadUrl: r.published_deleted === 1 ? null : urls.get(r.id)!.downloadUrl,
      sizeBytes: r.size_bytes,
      upload: uploads.get(r.id)!,
      backfill: backfillProgressOf(jobRows.get(r.id)),
      copies: { local: r.local_deleted !== 1, published: r.published_deleted !== 1 },
      access: linkAccessOf(accessRows.get(r.id)),
      owner: r.owner_id === null ? null : (emails.get(r.owner_id) ?? null),
      };
    });
  }

  private send(recordingId: string): void {
    const row = this.deps.recordings.get(recordingId);
    if (!row || row.state === 'cancelled') return;
    this.deps.events.emit('recording-updated', this.of(row));
  }
}
