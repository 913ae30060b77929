// SQL for recordings, renditions, segments and master chunks. No policy here: the service decides.
import type { Database } from 'better-sqlite3';
import type { RecordingState } from '../../../shared/domain';
import type { LibraryPageQuery } from '../../../shared/library';
import { libraryPageSql } from './library-page-sql';
import { Statements } from './statements';
import { UntilChanged } from './until-changed';
import type { StorageTarget } from '../storage/storage';

export interface RecordingRow {
  id: string;
  share_id: string;
  title: string;
  state: RecordingState;
  created_at: number;
  started_at: number | null;
  stopped_at: number | null;
  duration_ms: number;
  width: number | null;
  height: number | null;
  fps: number | null;
  link: string;
  storage_target: string;
  local_deleted: number;
  published_deleted: number;
  /** the account that made it (Reelay Server); null: the owner's */
  owner_id: string | null;
  /** 1: made elsewhere and published here through the publish API (migration 011) */
  fed_remotely: number;
  /** bytes on this computer, measured when it settles; null: not yet */
  size_bytes: number | null;
}

export interface RenditionRow {
  recording_id: string;
  name: string;
  state: 'live' | 'building' | 'ready';
  codecs: string;
  width: number | null;
  height: number | null;
  frame_rate: number | null;
  bitrate: number;
  init_bytes: number | null;
  listed_after_upload_id: number | null;
}

export interface SegmentRow {
  seq: number;
  duration_sec: number;
  bytes: number;
  upload_id: number;
}

export function storageTargetOf(row: RecordingRow): StorageTarget {
  return JSON.parse(row.storage_target) as StorageTarget;
}

export class RecordingsRepo {
  private readonly sql: Statements;
  /** a page's totals (how many match, the storage used), counted again after a write */
  private readonly totals: UntilChanged<number>;

  constructor(private readonly db: Database) {
    this.sql = new Statements(db);
    this.totals = new UntilChanged(db);
  }

  insert(row: Omit<RecordingRow, 'local_deleted' | 'published_deleted' | 'fed_remotely' | 'size_bytes'> & { fed_remotely?: number }): void {
    this.db
      .prepare(
        `INSERT INTO recordings (id, share_id, title, state, created_at, started_at, stopped_at, duration_ms, width, height, fps, link, storage_target, owner_id, fed_remotely)
         VALUES (@id, @share_id, @title, @state, @created_at, @started_at, @stopped_at, @duration_ms, @width, @height, @fps, @link, @storage_target, @owner_id, @fed_remotely)`,
      )
      .run({ fed_remotely: 0, ...row });
  }

  get(id: string): RecordingRow | undefined {
    return this.sql.of('SELECT * FROM recordings WHERE id = ?').get(id) as RecordingRow | undefined;
  }

  byShareId(shareId: string): RecordingRow | undefined {
    return this.db.prepare('SELECT * FROM recordings WHERE share_id = ?').get(shareId) as RecordingRow | undefined;
  }

  /** every recording, or those `ownerId` made */
  list(ownerId: string | null = null): RecordingRow[] {
    return (ownerId === null
      ? this.db.prepare(`SELECT * FROM recordings WHERE state != 'cancelled' ORDER BY created_at DESC`).all()
      : this.db.prepare(`SELECT * FROM recordings WHERE state != 'cancelled' AND owner_id = ? ORDER BY created_at DESC`).all(ownerId)) as RecordingRow[];
  }

  /** one page of the library (see library-page-sql.ts), and how many match in all */
  page(q: LibraryPageQuery, ownerId: string | null): { rows: RecordingRow[]; total: number } {
    const sql = libraryPageSql(q, ownerId);
    const rows = this.sql.of(`SELECT r.* FROM recordings r WHERE ${sql.where} ORDER BY ${sql.orderBy} LIMIT @limit OFFSET @offset`).all({ ...sql.params, limit: q.limit, offset: q.offset }) as RecordingRow[];
    const count = `SELECT COUNT(*) FROM recordings r WHERE ${sql.where}`;
    const total = this.totals.get(`${count}\n${JSON.stringify(sql.params)}`, () => this.sql.of(count, { pluck: true }).get(sql.params) as number);
    return { rows, total };
  }

  /** bytes the measured recordings take, every one or those `ownerId` made */
  totalBytes(ownerId: string | null): number {
    return this.totals.get(`bytes\n${JSON.stringify(ownerId)}`, () =>
      ownerId === null
        ? (this.sql.of(`SELECT COALESCE(SUM(size_bytes), 0) FROM recordings WHERE state != 'cancelled'`, { pluck: true }).get() as number)
        : (this.sql.of(`SELECT COALESCE(SUM(size_bytes), 0) FROM recordings WHERE state != 'cancelled' AND owner_id = ?`, { pluck: true }).get(ownerId) as number),
    );
  }

  /** a leaving member's recordings become the owner's (null) */
  disown(ownerId: string): void {
    this.db.prepare('UPDATE recordings SET owner_id = NULL WHERE owner_id = ?').run(ownerId);
  }

  /** recordings captured here in one of `states` (one fed from elsewhere is not this machine's to recover) */
  inStates(states: readonly RecordingState[]): RecordingRow[] {
    return this.db
      .prepare(`SELECT * FROM recordings WHERE fed_remotely = 0 AND state IN (${states.map(() => '?').join(',')})`)
      .all(...states) as RecordingRow[];
  }

  /** recordings whose published copy is on a Reelay Server (and still there): their views and comments are counted there */
  onReelayServers(): RecordingRow[] {
    return this.db
      .prepare(`SELECT * FROM recordings WHERE state != 'cancelled' AND published_deleted = 0 AND json_extract(storage_target, '$.kind') = 'reelay'`)
      .all() as RecordingRow[];
  }

  /** a recording captures right now (a paused one doesn't: it may stay paused long) */
  anyCapturing(): boolean {
    return this.db.prepare(`SELECT 1 FROM recordings WHERE state = 'recording' LIMIT 1`).get() !== undefined;
  }

  update(id: string, fields: Partial<Omit<RecordingRow, 'id'>>): void {
    const cols = Object.keys(fields);
    if (cols.length === 0) return;
    this.db.prepare(`UPDATE recordings SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`).run({ ...fields, id });
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM recordings WHERE id = ?').run(id);
  }

  rendition(recordingId: string, name: string): RenditionRow | undefined {
    return this.db.prepare('SELECT * FROM renditions WHERE recording_id = ? AND name = ?').get(recordingId, name) as RenditionRow | undefined;
  }

  renditions(recordingId: string): RenditionRow[] {
    return this.db.prepare('SELECT * FROM renditions WHERE recording_id = ? ORDER BY bitrate').all(recordingId) as RenditionRow[];
  }

  upsertRendition(r: Omit<RenditionRow, 'listed_after_upload_id'>): void {
    this.db
      .prepare(
        `INSERT INTO renditions (recording_id, name, state, codecs, width, height, frame_rate, bitrate, init_bytes)
         VALUES (@recording_id, @name, @state, @codecs, @width, @height, @frame_rate, @bitrate, @init_bytes)
         ON CONFLICT (recording_id, name) DO UPDATE SET state = excluded.state, codecs = excluded.codecs, width = excluded.width,
           height = excluded.height, frame_rate = excluded.frame_rate, bitrate = excluded.bitrate, init_bytes = excluded.init_bytes`,
      )
      .run(r);
  }

  setRenditionListedAfter(recordingId: string, name: string, uploadId: number, state?: RenditionRow['state']): void {
    this.db
      .prepare('UPDATE renditions SET listed_after_upload_id = ?, state = COALESCE(?, state) WHERE recording_id = ? AND name = ?')
      .run(uploadId, state ?? null, recordingId, name);
  }

  segment(recordingId: string, rendition: string, seq: number): SegmentRow | undefined {
    return this.db
      .prepare('SELECT seq, duration_sec, bytes, upload_id FROM segments WHERE recording_id = ? AND rendition = ? AND seq = ?')
      .get(recordingId, rendition, seq) as SegmentRow | undefined;
  }

  segments(recordingId: string, rendition: string): SegmentRow[] {
    return this.db
      .prepare('SELECT seq, duration_sec, bytes, upload_id FROM segments WHERE recording_id = ? AND rendition = ? ORDER BY seq')
      .all(recordingId, rendition) as SegmentRow[];
  }

  deleteSegments(recordingId: string, rendition: string): void {
    this.db.prepare('DELETE FROM segments WHERE recording_id = ? AND rendition = ?').run(recordingId, rendition);
  }

  /** when the newest segment of a recording arrived */
  lastSegmentAt(recordingId: string): number | null {
    return (this.db.prepare('SELECT MAX(created_at) FROM segments WHERE recording_id = ?').pluck().get(recordingId) as number | null) ?? null;
  }

  insertSegment(recordingId: string, rendition: string, s: SegmentRow, now: number): void {
    this.db
      .prepare('INSERT INTO segments (recording_id, rendition, seq, duration_sec, bytes, upload_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(recordingId, rendition, s.seq, s.duration_sec, s.bytes, s.upload_id, now);
  }

  masterChunkCount(recordingId: string): { count: number; bytes: number } {
    return this.db
      .prepare('SELECT COUNT(*) AS count, COALESCE(SUM(bytes), 0) AS bytes FROM master_chunks WHERE recording_id = ?')
      .get(recordingId) as { count: number; bytes: number };
  }

  masterMimeType(recordingId: string): string | undefined {
    return (this.db.prepare('SELECT mime_type FROM master_chunks WHERE recording_id = ? ORDER BY seq LIMIT 1').pluck().get(recordingId) as string | undefined) ?? undefined;
  }

  insertMasterChunk(recordingId: string, seq: number, offset: number, bytes: number, mimeType: string): void {
    this.db
      .prepare('INSERT INTO master_chunks (recording_id, seq, offset, bytes, mime_type) VALUES (?, ?, ?, ?, ?)')
      .run(recordingId, seq, offset, bytes, mimeType);
  }
}
