// SQL for comments, comment_settings and comment_reads: the only code that touches those tables.
import type { Database } from 'better-sqlite3';

export interface CommentRow {
  id: string;
  recording_id: string;
  kind: 'comment' | 'reaction';
  at_sec: number;
  body: string;
  account_id: string | null;
  guest_name: string | null;
  created_at: number;
  deleted_at: number | null;
}

/** one recording's comments a reader has not seen, and the newest of them */
export interface UnseenComments {
  recording_id: string;
  unseen: number;
  latest_at: number;
  body: string;
  account_id: string | null;
  guest_name: string | null;
}

/** a comment the reader (bound as the next parameter) did not post themselves */
const notByReader = (column: string): string => `(${column} IS NULL OR ${column} != ?)`;

export class CommentsRepo {
  constructor(private readonly db: Database) {}

  add(row: Omit<CommentRow, 'deleted_at'>): void {
    this.db
      .prepare('INSERT INTO comments (id, recording_id, kind, at_sec, body, account_id, guest_name, created_at) VALUES (@id, @recording_id, @kind, @at_sec, @body, @account_id, @guest_name, @created_at)')
      .run(row);
  }

  /**
   * the newest `perKind` comments and the newest `perKind` reactions that are not deleted (a burst of
   * reactions cannot push the comments out), in the order of the recording's timeline
   */
  listed(recordingId: string, perKind: number): CommentRow[] {
    const newest = this.db.prepare('SELECT * FROM comments WHERE recording_id = ? AND kind = ? AND deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT ?');
    const rows = [...(newest.all(recordingId, 'comment', perKind) as CommentRow[]), ...(newest.all(recordingId, 'reaction', perKind) as CommentRow[])];
    return rows.sort((a, b) => a.at_sec - b.at_sec || a.created_at - b.created_at);
  }

  /** marks one deleted; false when it is not this recording's or was deleted already */
  delete(recordingId: string, commentId: string, at: number): boolean {
    return this.db.prepare('UPDATE comments SET deleted_at = ? WHERE id = ? AND recording_id = ? AND deleted_at IS NULL').run(at, commentId, recordingId).changes === 1;
  }

  /** unseen: comments after `since` that `reader` (an account id, or 'local') did not post */
  counts(recordingId: string, since: number, reader: string): { comments: number; reactions: number; unseen: number } {
    return this.db
      .prepare(
        `SELECT COALESCE(SUM(kind = 'comment'), 0) AS comments, COALESCE(SUM(kind = 'reaction'), 0) AS reactions,
                COALESCE(SUM(kind = 'comment' AND created_at > ? AND ${notByReader('account_id')}), 0) AS unseen
         FROM comments WHERE recording_id = ? AND deleted_at IS NULL`,
      )
      .get(since, reader, recordingId) as { comments: number; reactions: number; unseen: number };
  }

  /**
   * In one query, for many recordings: per recording with any, the comments `reader` has not seen (since
   * they last opened them, not their own) and the newest of them (SQLite takes the bare columns from the
   * row that gave MAX).
   */
  unseenOf(recordingIds: readonly string[], reader: string): UnseenComments[] {
    return this.db
      .prepare(
        `SELECT c.recording_id, COUNT(*) AS unseen, MAX(c.created_at) AS latest_at, c.body, c.account_id, c.guest_name
         FROM json_each(?) j
         JOIN comments c ON c.recording_id = j.value
         LEFT JOIN comment_reads r ON r.recording_id = c.recording_id AND r.reader = ?
         WHERE c.kind = 'comment' AND c.deleted_at IS NULL AND c.created_at > COALESCE(r.seen_at, 0) AND ${notByReader('c.account_id')}
         GROUP BY c.recording_id`,
      )
      .all(JSON.stringify(recordingIds), reader, reader) as UnseenComments[];
  }

  guestComments(recordingId: string): boolean {
    const v = this.db.prepare('SELECT guest_comments FROM comment_settings WHERE recording_id = ?').pluck().get(recordingId) as number | undefined;
    return v === undefined || v === 1;
  }

  setGuestComments(recordingId: string, allowed: boolean): void {
    this.db
      .prepare('INSERT INTO comment_settings (recording_id, guest_comments) VALUES (?, ?) ON CONFLICT (recording_id) DO UPDATE SET guest_comments = excluded.guest_comments')
      .run(recordingId, allowed ? 1 : 0);
  }

  /** when `reader` last opened the recording's comments; 0: never */
  seenAt(recordingId: string, reader: string): number {
    return (this.db.prepare('SELECT seen_at FROM comment_reads WHERE recording_id = ? AND reader = ?').pluck().get(recordingId, reader) as number | undefined) ?? 0;
  }

  markSeen(recordingId: string, reader: string, at: number): void {
    this.db
      .prepare('INSERT INTO comment_reads (recording_id, reader, seen_at) VALUES (?, ?, ?) ON CONFLICT (recording_id, reader) DO UPDATE SET seen_at = MAX(seen_at, excluded.seen_at)')
      .run(recordingId, reader, at);
  }
}
