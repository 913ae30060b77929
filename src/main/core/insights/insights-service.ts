// Insights of the links this server serves: takes the viewer pages' beacons (rate-limited, checked
// against the recording and the clock, then added as rows; nothing else is ever written) and computes
// the figures for the library.
import { INSIGHTS_NEED_SERVER, VIEW_MIN_SEC, type Insights, type InsightsBeacon } from '../../../shared/insights';
import type { InsightBeaconRow, InsightsRepo } from '../library/insights-repo';
import type { RecordingRow } from '../library/recordings-repo';
import { checkAll, RateLimiter, type RateLimit } from '../accounts/rate-limiter';
import { aggregate, clamp, measure, union, viewsSince, type Beacon, type Range } from './aggregate';

/** a viewer page sends one every few seconds while playing: this is several times that */
export const VIEWER_LIMIT: RateLimit = { max: 20, windowMs: 60_000 };
/** many viewers can share one address (an office behind NAT) */
export const CLIENT_LIMIT: RateLimit = { max: 600, windowMs: 60_000 };
/** played seconds a session may claim beyond twice the time since its first beacon (2× is the fastest speed) */
const GRACE_SEC = 30;
const FASTEST_RATE = 2;
/** a finished recording's played ranges are cut this far past its length (its reported length and its media's may differ a little) */
const END_SLACK_SEC = 2;

export type BeaconVerdict = { ok: true } | { ok: false; status: 422; message: string } | { ok: false; status: 429; retryAfterSec: number };

export interface InsightsServiceOptions {
  repo: InsightsRepo;
  /** is this recording's link served here (not by a bucket alone)? */
  servedHere: (rec: RecordingRow) => boolean;
  /** a signed-in viewer's name; null: no such account */
  nameOf: (accountId: string) => string | null;
  now: () => number;
  viewerLimit?: RateLimit;
  clientLimit?: RateLimit;
  /** a recording's views may have changed (a session reached a view), or its insights were opened */
  changed?: (recordingId: string) => void;
}

const isLive = (rec: RecordingRow): boolean => rec.state === 'recording' || rec.state === 'paused' || rec.state === 'created';
/** the length the figures go by: 0 while live (unknown yet) */
const durationOf = (rec: RecordingRow): number => (isLive(rec) ? 0 : rec.duration_ms / 1000);
const beaconOf = (r: InsightBeaconRow): Beacon => ({ viewerId: r.viewer_id, sessionId: r.session_id, accountId: r.account_id, receivedAt: r.received_at, played: JSON.parse(r.played) as Range[] });

export class InsightsService {
  private readonly viewers: RateLimiter;
  private readonly clients: RateLimiter;

  constructor(private readonly o: InsightsServiceOptions) {
    this.viewers = new RateLimiter(o.viewerLimit ?? VIEWER_LIMIT, o.now);
    this.clients = new RateLimiter(o.clientLimit ?? CLIENT_LIMIT, o.now);
  }

  /** is this recording's link served here? Only such links have insights */
  servedHere(rec: RecordingRow): boolean {
    return this.o.servedHere(rec);
  }

  /** a beacon the share server validated, from a viewer allowed to watch `rec` */
  accept(rec: RecordingRow, beacon: InsightsBeacon, from: { accountId: string | null; client: string }): BeaconVerdict {
    const verdict = checkAll([this.viewers.check(beacon.viewer), this.clients.check(from.client)]);
    if (!verdict.allowed) return { ok: false, status: 429, retryAfterSec: verdict.retryAfterSec };
    this.viewers.fail(beacon.viewer);
    this.clients.fail(from.client);

    // a player's last frame may end a little past the length the recorder reported: kept, cut at the end
    const reported = union(isLive(rec) ? beacon.played : clamp(beacon.played, rec.duration_ms / 1000 + END_SLACK_SEC));
    if (reported.length === 0) return { ok: false, status: 422, message: 'Played past the end of the recording.' };
    const now = this.o.now();
    const earlier = this.o.repo.sessionRows(rec.id, beacon.viewer, beacon.session);
    const firstAt = earlier[0]?.received_at ?? now;
    const before = union(earlier.flatMap((r) => JSON.parse(r.played) as Range[]));
    const played = union([...before, ...reported]);
    if (measure(played) > ((now - firstAt) / 1000) * FASTEST_RATE + GRACE_SEC) return { ok: false, status: 422, message: 'More played than the time allows.' };

    this.o.repo.add({ recording_id: rec.id, viewer_id: beacon.viewer, session_id: beacon.session, account_id: from.accountId, received_at: now, played: JSON.stringify(reported) });
    // a session short of a view until now may have become one: a hint to count again (the count is the database's)
    if (measure(before) < VIEW_MIN_SEC) this.o.changed?.(rec.id);
    return { ok: true };
  }

  /** the figures of `rec`'s link; `reader` (an account id, or 'local') has now seen its views */
  report(rec: RecordingRow, reader?: string): Insights {
    if (!this.servedHere(rec)) return { available: false, reason: INSIGHTS_NEED_SERVER };
    if (reader !== undefined) {
      this.o.repo.markSeen(rec.id, reader, this.o.now());
      this.o.changed?.(rec.id);
    }
    return aggregate(this.o.repo.ofRecording(rec.id).map(beaconOf), durationOf(rec), this.o.nameOf);
  }

  /** per recording of `recs`: the views since `reader` last opened its insights, not counting `exceptAccountId`'s own; absent: none */
  newViews(recs: readonly RecordingRow[], reader: string, exceptAccountId: string | null): Map<string, number> {
    const byRecording = new Map<string, { seenAt: number; beacons: Beacon[] }>();
    for (const row of this.o.repo.sinceSeen(recs.map((r) => r.id), reader)) {
      const entry = byRecording.get(row.recording_id) ?? { seenAt: row.seen_at, beacons: [] };
      entry.beacons.push(beaconOf(row));
      byRecording.set(row.recording_id, entry);
    }
    const out = new Map<string, number>();
    for (const rec of recs) {
      const entry = byRecording.get(rec.id);
      const n = entry ? viewsSince(entry.beacons, durationOf(rec), entry.seenAt, exceptAccountId) : 0;
      if (n > 0) out.set(rec.id, n);
    }
    return out;
  }
}
