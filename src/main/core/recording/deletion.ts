// Deleting and cancelling: from this computer, from the storage, or both. Nothing local is deleted
// while the storage still needs it, and work on the recording (the backfill) stops first.
import { promises as fs } from 'node:fs';
import { ReelayError } from '../errors';
import type { InternalEvents } from '../events';
import type { RecordingRow, RecordingsRepo } from '../library/recordings-repo';
import type { Publisher } from '../publish/publisher';
import type { Lifecycle } from './lifecycle';
import { LIVE_STATES, requireRecording } from './rows';

export interface DeletionDeps {
  recordings: RecordingsRepo;
  publisher: Publisher;
  lifecycle: Lifecycle;
  internal: InternalEvents;
  intakeDir: (recordingId: string) => string;
}

export class Deletion {
  constructor(private readonly deps: DeletionDeps) {}

  async delete(id: string, from: 'local' | 'storage' | 'both'): Promise<{ id: string }> {
    const rec = requireRecording(this.deps.recordings, id);
    if (LIVE_STATES.includes(rec.state)) throw new ReelayError('invalid-state', 'Stop or cancel the recording before deleting it.');
    const local = from !== 'storage' || rec.local_deleted === 1;
    const published = from !== 'local' || rec.published_deleted === 1;
    if (local && published) {
      await this.removeEverything(rec);
      return { id };
    }
    if (from === 'local') {
      await this.deps.internal.deleting(id);
      // pending uploads still need the files: keep what is not yet published
      if (this.deps.publisher.pendingCount(id) > 0) {
        throw new ReelayError('invalid-state', 'This recording is still uploading; delete it from this computer once the upload finishes.', true);
      }
      await fs.rm(this.deps.intakeDir(id), { recursive: true, force: true });
      this.deps.recordings.update(id, { local_deleted: 1 });
    } else {
      await this.takeDown(rec);
    }
    this.deps.lifecycle.changed(id);
    return { id };
  }

  /** Cancel: a recording in progress goes, files and all */
  async cancel(id: string): Promise<RecordingRow> {
    const rec = this.deps.lifecycle.markCancelled(id);
    await this.removeEverything(rec);
    return { ...rec, state: 'cancelled' };
  }

  /** marks the published copy gone before removing it, so nothing is queued for it meanwhile; a failure undoes the mark */
  private async takeDown(rec: RecordingRow): Promise<void> {
    if (rec.published_deleted === 1) return;
    this.deps.recordings.update(rec.id, { published_deleted: 1 });
    try {
      await this.deps.publisher.unpublish(this.deps.recordings.get(rec.id)!);
    } catch (e) {
      this.deps.recordings.update(rec.id, { published_deleted: 0 });
      throw e;
    }
  }

  /** the row, its files here and its published copy go (a cancel; a recording made elsewhere whose sender deleted it) */
  async removeEverything(rec: RecordingRow): Promise<void> {
    await this.deps.internal.deleting(rec.id);
    await this.takeDown(rec);
    await fs.rm(this.deps.intakeDir(rec.id), { recursive: true, force: true });
    this.deps.recordings.delete(rec.id);
    this.deps.internal.emit('recording-removed', { recordingId: rec.id });
  }
}
