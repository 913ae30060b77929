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
      posterUrl: this.deps.publisher.posterUrl(r),
      downloadUrl: r.published_deleted === 1 ? null : this.deps.publisher.downloadUrl(r),
      sizeBytes: r.size_bytes,
      upload: this.deps.publisher.progress(r.id),
      backfill: backfillProgressOf(this.deps.jobs.get(r.id)),
      copies: { local: r.local_deleted !== 1, published: r.published_deleted !== 1 },
      access: linkAccessOf(this.deps.linkAccess.get(r.id)),
      owner: r.owner_id === null ? null : (this.deps.accounts.byId(r.owner_id)?.email ?? null),
    };
  }

  private send(recordingId: string): void {
    const row = this.deps.recordings.get(recordingId);
    if (!row || row.state === 'cancelled') return;
    this.deps.events.emit('recording-updated', this.of(row));
  }
}
