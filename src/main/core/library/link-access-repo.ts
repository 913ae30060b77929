// SQL for link_access: who may watch a recording's link. No row: anyone with the link, forever.
import type { Database } from 'better-sqlite3';
import { jsonList } from './statements';
import type { Watch } from '../../../shared/accounts';

export interface LinkAccessRow {
  recording_id: string;
  watch: Watch;
  password_hash: string | null;
  expires_at: number | null;
  version: number;
}

export class LinkAccessRepo {
  constructor(private readonly db: Database) {}

  get(recordingId: string): LinkAccessRow | undefined {
    return this.db.prepare('SELECT * FROM link_access WHERE recording_id = ?').get(recordingId) as LinkAccessRow | undefined;
  }

  /** get() of many recordings in one query (a library page) */
  getMany(recordingIds: readonly string[]): Map<string, LinkAccessRow> {
    const rows = this.db.prepare('SELECT * FROM link_access WHERE recording_id IN (SELECT value FROM json_each(?))').all(jsonList(recordingIds)) as LinkAccessRow[];
    return new Map(rows.map((r) => [r.recording_id, r]));
  }

  /** writes the rule and moves its version on (grants made for the old rule stop working) */
  put(row: Omit<LinkAccessRow, 'version'>): LinkAccessRow {
    this.db
      .prepare(
        `INSERT INTO link_access (recording_id, watch, password_hash, expires_at, version) VALUES (@recording_id, @watch, @password_hash, @expires_at, 1)
         ON CONFLICT (recording_id) DO UPDATE SET watch = excluded.watch, password_hash = excluded.password_hash, expires_at = excluded.expires_at, version = version + 1`,
      )
      .run(row);
    return this.get(row.recording_id)!;
  }
}
