// SQL for the chapters table: the only code that touches it.
import type { Database } from 'better-sqlite3';
import type { Chapter } from '../../../shared/chapters';

export class ChaptersRepo {
  constructor(private readonly db: Database) {}

  /** in time order */
  list(recordingId: string): Chapter[] {
    const rows = this.db.prepare('SELECT at_ms, title FROM chapters WHERE recording_id = ? ORDER BY at_ms').all(recordingId) as { at_ms: number; title: string }[];
    return rows.map((r) => ({ atSec: r.at_ms / 1000, title: r.title }));
  }

  /** replaces all of a recording's chapters at once */
  replace(recordingId: string, chapters: readonly Chapter[]): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM chapters WHERE recording_id = ?').run(recordingId);
      const insert = this.db.prepare('INSERT INTO chapters (recording_id, at_ms, title) VALUES (?, ?, ?)');
      for (const c of chapters) insert.run(recordingId, Math.round(c.atSec * 1000), c.title);
    })();
  }
}
