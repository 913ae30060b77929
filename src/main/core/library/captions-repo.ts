// SQL for the captions table: the only code that touches it.
import type { Database } from 'better-sqlite3';

export interface CaptionsRow {
  recording_id: string;
  vtt: string;
  label: string;
  language: string | null;
  cues: number;
  bytes: number;
  updated_at: number;
  listed_after_upload_id: number | null;
}

export class CaptionsRepo {
  constructor(private readonly db: Database) {}

  get(recordingId: string): CaptionsRow | undefined {
    return this.db.prepare('SELECT * FROM captions WHERE recording_id = ?').get(recordingId) as CaptionsRow | undefined;
  }

  /** new or replaced captions; a master names them only once their playlist is queued again (setListedAfter) */
  put(row: Omit<CaptionsRow, 'listed_after_upload_id'>): void {
    this.db
      .prepare(
        `INSERT INTO captions (recording_id, vtt, label, language, cues, bytes, updated_at, listed_after_upload_id)
         VALUES (@recording_id, @vtt, @label, @language, @cues, @bytes, @updated_at, NULL)
         ON CONFLICT (recording_id) DO UPDATE SET vtt = excluded.vtt, label = excluded.label, language = excluded.language,
           cues = excluded.cues, bytes = excluded.bytes, updated_at = excluded.updated_at`,
      )
      .run(row);
  }

  setListedAfter(recordingId: string, uploadId: number): void {
    this.db.prepare('UPDATE captions SET listed_after_upload_id = ? WHERE recording_id = ?').run(uploadId, recordingId);
  }

  /** false when there were none */
  remove(recordingId: string): boolean {
    return this.db.prepare('DELETE FROM captions WHERE recording_id = ?').run(recordingId).changes === 1;
  }
}
