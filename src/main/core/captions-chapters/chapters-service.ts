// A recording's chapters: checked (shared/chapters.ts), kept in the library, published as
// chapters.json by the Publisher.
import type { Database } from 'better-sqlite3';
import { checkChapters, type Chapter } from '../../../shared/chapters';
import { ReelayError } from '../errors';
import type { ChaptersRepo } from '../library/chapters-repo';
import type { RecordingRow, RecordingsRepo } from '../library/recordings-repo';
import type { Publisher } from '../publish/publisher';
import { finishedLength } from './finished';

export interface ChaptersServiceOptions {
  db: Database;
  repo: ChaptersRepo;
  recordings: RecordingsRepo;
  publisher: Publisher;
}

export class ChaptersService {
  constructor(private readonly o: ChaptersServiceOptions) {}

  list(rec: RecordingRow): Chapter[] {
    return this.o.repo.list(rec.id);
  }

  /** replaces every chapter; [] removes them all */
  set(rec: RecordingRow, chapters: readonly Chapter[]): Chapter[] {
    const length = finishedLength(rec, this.o.recordings, 'chapters');
    const checked = checkChapters(chapters, length);
    if (!checked.ok) throw new ReelayError('invalid-input', checked.message);
    // kept and queued for publishing together
    this.o.db.transaction(() => {
      this.o.repo.replace(rec.id, checked.chapters);
      this.o.publisher.chaptersChanged(rec);
    })();
    return this.list(rec);
  }
}
