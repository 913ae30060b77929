// SQL for insight_beacons and insight_reads: the only code that touches those tables. Beacons are
// added and read; there is no update and no delete (a recording's rows go with the recording).
import type { Database } from 'better-sqlite3';

export interface InsightBeaconRow {
  recording_id: string;
  viewer_id: string;
  session_id: string;
  account_id: string | null;
  received_at: number;
  /** JSON [[start, end], ...] in seconds */
  played: string;
}

export class InsightsRepo {
  constructor(private readonly db: Database) {}

  add(row: InsightBeaconRow): void {
    this.db
      .prepare('INSERT INTO insight_beacons (recording_id, viewer_id, session_id, account_id, received_at, played) VALUES (@recording_id, @viewer_id, @session_id, @account_id, @received_at, @played)')
      .run(row);
  }

  /** a recording's rows, oldest first */
  ofRecording(recordingId: string): InsightBeaconRow[] {
    return this.db
      .prepare('SELECT recording_id, viewer_id, session_id, account_id, received_at, played FROM insight_beacons WHERE recording_id = ? ORDER BY received_at, id')
      .all(recordingId) as InsightBeaconRow[];
  }

  /** the played ranges a session has reported so far (to check a new beacon against) */
  sessionRows(recordingId: string, viewerId: string, sessionId: string): Pick<InsightBeaconRow, 'received_at' | 'played'>[] {
    return this.db
      .prepare('SELECT received_at, played FROM insight_beacons WHERE recording_id = ? AND viewer_id = ? AND session_id = ? ORDER BY received_at, id')
      .all(recordingId, viewerId, sessionId) as Pick<InsightBeaconRow, 'received_at' | 'played'>[];
  }

  count(recordingId: string): number {
    return this.db.prepare('SELECT COUNT(*) FROM insight_beacons WHERE recording_id = ?').pluck().get(recordingId) as number;
  }

  /** when `reader` last opened the recording's insights; 0: never */
  seenAt(recordingId: string, reader: string): number {
    return (this.db.prepare('SELECT seen_at FROM insight_reads WHERE recording_id = ? AND reader = ?').pluck().get(recordingId, reader) as number | undefined) ?? 0;
  }

  markSeen(recordingId: string, reader: string, at: number): void {
    this.db
      .prepare('INSERT INTO insight_reads (recording_id, reader, seen_at) VALUES (?, ?, ?) ON CONFLICT (recording_id, reader) DO UPDATE SET seen_at = MAX(seen_at, excluded.seen_at)')
      .run(recordingId, reader, at);
  }

  /**
   * In one query, for many recordings: all the beacons of those that received any since `reader` last
   * opened their insights (a view is decided by a session's whole history, so a fresh one brings its
   * recording's earlier rows), each with that mark. A recording with nothing since costs an index probe.
   */
  sinceSeen(recordingIds: readonly string[], reader: string): (InsightBeaconRow & { seen_at: number })[] {
    return this.db
      .prepare(
        `WITH marks AS (
           SELECT j.value AS recording_id, COALESCE(r.seen_at, 0) AS seen_at
           FROM json_each(?) j LEFT JOIN insight_reads r ON r.recording_id = j.value AND r.reader = ?
         ), fresh AS (
           SELECT m.recording_id, m.seen_at FROM marks m
           WHERE EXISTS (SELECT 1 FROM insight_beacons n WHERE n.recording_id = m.recording_id AND n.received_at > m.seen_at)
         )
         SELECT b.recording_id, b.viewer_id, b.session_id, b.account_id, b.received_at, b.played, f.seen_at
         FROM fresh f JOIN insight_beacons b ON b.recording_id = f.recording_id
         ORDER BY b.recording_id, b.received_at, b.id`,
      )
      .all(JSON.stringify(recordingIds), reader) as (InsightBeaconRow & { seen_at: number })[];
  }
}
