// SQL for the publish queue (the `uploads` table). No policy here: the Publisher and its queue decide.
import type { Database } from 'better-sqlite3';
import type { UploadProgress } from '../../../shared/domain';
import { jsonList, Statements } from './statements';

/** 'live' uploads make the link play; 'backfill' uploads add HD versions and extras to it */
export type UploadLane = 'live' | 'backfill';

export interface UploadItem {
  id: number;
  recording_id: string;
  key: string;
  source: 'file' | 'generated';
  source_path: string | null;
  generator: string | null;
  content_type: string;
  cache_control: string;
  bytes: number;
  state: 'pending' | 'done' | 'skipped' | 'failed';
  lane: UploadLane;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
}

export interface NewUpload {
  recordingId: string;
  key: string;
  lane: UploadLane;
  contentType: string;
  cacheControl: string;
}

/** a recording with no uploads: nothing to publish yet */
const NO_UPLOADS: Omit<UploadProgress, 'waiting'> = { filesTotal: 0, filesDone: 0, bytesTotal: 0, bytesDone: 0 };

export class UploadsRepo {
  private readonly sql: Statements;

  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {
    this.sql = new Statements(db);
  }

  insertFile(u: NewUpload, path: string, bytes: number): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO uploads (recording_id, key, source, source_path, content_type, cache_control, bytes, lane, state, created_at)
           VALUES (?, ?, 'file', ?, ?, ?, ?, ?, 'pending', ?)`,
        )
        .run(u.recordingId, u.key, path, u.contentType, u.cacheControl, bytes, u.lane, this.now()).lastInsertRowid,
    );
  }

  insertGenerated(u: NewUpload, generator: string): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO uploads (recording_id, key, source, generator, content_type, cache_control, lane, state, created_at)
           VALUES (?, ?, 'generated', ?, ?, ?, ?, 'pending', ?)`,
        )
        .run(u.recordingId, u.key, generator, u.contentType, u.cacheControl, u.lane, this.now()).lastInsertRowid,
    );
  }

  /** the head (lowest pending id) of each recording's queue, due first */
  heads(): UploadItem[] {
    return this.db
      .prepare(
        `SELECT u.* FROM uploads u
         JOIN (SELECT recording_id, MIN(id) AS id FROM uploads WHERE state = 'pending' GROUP BY recording_id) h ON h.id = u.id
         ORDER BY u.next_attempt_at, u.id`,
      )
      .all() as UploadItem[];
  }

  /**
   * Whether a newer copy of this generated file waits behind it with no other generated file in
   * between (one that may name this one: a master rendered after the first media playlist lists it).
   */
  hasNewerCopy(item: UploadItem): boolean {
    return (
      this.db
        .prepare(
          `SELECT 1 FROM uploads n WHERE n.recording_id = ? AND n.key = ? AND n.state = 'pending' AND n.id > ?
             AND NOT EXISTS (SELECT 1 FROM uploads b WHERE b.recording_id = n.recording_id AND b.state = 'pending'
                             AND b.source = 'generated' AND b.key != n.key AND b.id > ? AND b.id < n.id)
           LIMIT 1`,
        )
        .get(item.recording_id, item.key, item.id, item.id) !== undefined
    );
  }

  finish(id: number, state: 'done' | 'skipped' | 'failed', bytes: number | null, error: string | null = null): void {
    this.db
      .prepare('UPDATE uploads SET state = ?, bytes = COALESCE(?, bytes), done_at = ?, last_error = ? WHERE id = ?')
      .run(state, bytes, this.now(), error, id);
  }

  deferAfterFailure(id: number, attempts: number, nextAttemptAt: number, error: string): void {
    this.db.prepare('UPDATE uploads SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?').run(attempts, nextAttemptAt, error, id);
  }

  /** every pending upload (or one recording's) is due now */
  wake(recordingId?: string): void {
    if (recordingId === undefined) this.db.prepare(`UPDATE uploads SET next_attempt_at = 0 WHERE state = 'pending'`).run();
    else this.db.prepare(`UPDATE uploads SET next_attempt_at = 0 WHERE state = 'pending' AND recording_id = ?`).run(recordingId);
  }

  progress(recordingId: string): Omit<UploadProgress, 'waiting'> {
    return this.db
      .prepare(
        `SELECT COUNT(*) AS filesTotal,
                COALESCE(SUM(CASE WHEN state != 'pending' THEN 1 ELSE 0 END), 0) AS filesDone,
                COALESCE(SUM(bytes), 0) AS bytesTotal,
                COALESCE(SUM(CASE WHEN state != 'pending' THEN bytes ELSE 0 END), 0) AS bytesDone
         FROM uploads WHERE recording_id = ?`,
      )
      .get(recordingId) as Omit<UploadProgress, 'waiting'>;
  }

  /** progress() of many recordings in one query (a library page) */
  progressOf(recordingIds: readonly string[]): Map<string, Omit<UploadProgress, 'waiting'>> {
    const rows = this.sql
      .of(
        `SELECT recording_id AS recordingId, COUNT(*) AS filesTotal,
                SUM(CASE WHEN state != 'pending' THEN 1 ELSE 0 END) AS filesDone,
                COALESCE(SUM(bytes), 0) AS bytesTotal,
                COALESCE(SUM(CASE WHEN state != 'pending' THEN bytes ELSE 0 END), 0) AS bytesDone
         FROM uploads WHERE recording_id IN (SELECT value FROM json_each(?)) GROUP BY recording_id`,
      )
      .all(jsonList(recordingIds)) as Array<Omit<UploadProgress, 'waiting'> & { recordingId: string }>;
    const out = new Map(recordingIds.map((id) => [id, NO_UPLOADS]));
    for (const { recordingId, ...progress } of rows) out.set(recordingId, progress);
    return out;
  }

  pendingCount(recordingId: string, lane?: UploadLane): number {
    if (lane === undefined) return this.db.prepare(`SELECT COUNT(*) FROM uploads WHERE recording_id = ? AND state = 'pending'`).pluck().get(recordingId) as number;
    return this.db.prepare(`SELECT COUNT(*) FROM uploads WHERE recording_id = ? AND state = 'pending' AND lane = ?`).pluck().get(recordingId, lane) as number;
  }

  /** whether `key` was queued before upload `beforeId` (by per-recording order, it is in the storage when `beforeId` is sent) */
  queuedBefore(recordingId: string, key: string, beforeId: number): boolean {
    return this.db.prepare(`SELECT 1 FROM uploads WHERE recording_id = ? AND key = ? AND id < ? AND state != 'skipped' LIMIT 1`).get(recordingId, key, beforeId) !== undefined;
  }

  /** whether anything but copies of `exceptKey` is pending after upload `afterId` */
  pendingAfter(recordingId: string, afterId: number, exceptKey: string): boolean {
    return this.db.prepare(`SELECT 1 FROM uploads WHERE recording_id = ? AND id > ? AND key != ? AND state = 'pending' LIMIT 1`).get(recordingId, afterId, exceptKey) !== undefined;
  }

  /** whether `key` of this recording is in the storage */
  isDone(recordingId: string, key: string): boolean {
    return this.db.prepare(`SELECT 1 FROM uploads WHERE recording_id = ? AND key = ? AND state = 'done' LIMIT 1`).get(recordingId, key) !== undefined;
  }

  /** isDone() of many (recording, key) pairs in one query: the keys that are in the storage */
  doneKeys(pairs: ReadonlyArray<{ recordingId: string; key: string }>): Set<string> {
    const keys = this.sql
      .of(
        `SELECT p.value ->> '$[1]' FROM json_each(?) p
         WHERE EXISTS (SELECT 1 FROM uploads u WHERE u.recording_id = p.value ->> '$[0]' AND u.key = p.value ->> '$[1]' AND u.state = 'done')`,
        { pluck: true },
      )
      .all(JSON.stringify(pairs.map((p) => [p.recordingId, p.key]))) as string[];
    return new Set(keys);
  }

  dropPending(recordingId: string): void {
    this.db.prepare(`DELETE FROM uploads WHERE recording_id = ? AND state = 'pending'`).run(recordingId);
  }

  /** the generator of the newest upload whose generator starts with `prefix` */
  newestGenerator(recordingId: string, prefix: string): string | undefined {
    return this.db
      .prepare(`SELECT generator FROM uploads WHERE recording_id = ? AND generator LIKE ? ORDER BY id DESC LIMIT 1`)
      .pluck()
      .get(recordingId, `${prefix}%`) as string | undefined;
  }

  /** recordings with a pending upload whose generator starts with `prefix` */
  recordingsWithPendingGenerator(prefix: string): string[] {
    return this.db.prepare(`SELECT DISTINCT recording_id FROM uploads WHERE state = 'pending' AND generator LIKE ?`).pluck().all(`${prefix}%`) as string[];
  }

  /**
   * Keys starting with `keyPrefix` that are in the storage for any recording published to the same
   * target; with `andPendingOf`, also those waiting in that recording's own queue.
   */
  keysInTarget(keyPrefix: string, storageTarget: string, andPendingOf: string | null): Set<string> {
    const rows = this.db
      .prepare(
        `SELECT DISTINCT u.key FROM uploads u JOIN recordings r ON r.id = u.recording_id
         WHERE u.key LIKE ?
           AND ((u.state = 'done' AND r.storage_target = ?) OR (u.state = 'pending' AND u.recording_id = ?))`,
      )
      .pluck()
      .all(`${keyPrefix}%`, storageTarget, andPendingOf) as string[];
    return new Set(rows);
  }
}
