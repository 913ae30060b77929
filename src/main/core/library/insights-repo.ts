// SQL for insight_beacons: the only code that touches the table. It adds rows and reads them; there
// is no update and no delete (a recording's rows go with the recording).
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
}
