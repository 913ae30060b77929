// Insights of the links this server serves: takes the viewer pages' beacons (rate-limited, checked
// against the recording and the clock, then added as rows; nothing else is ever written) and computes
// the figures for the library.
import { INSIGHTS_NEED_SERVER, type Insights, type InsightsBeacon } from '../../../shared/insights';
import type { InsightsRepo } from '../library/insights-repo';
import type { RecordingRow } from '../library/recordings-repo';
import { checkAll, RateLimiter, type RateLimit } from '../accounts/rate-limiter';
import { aggregate, clamp, measure, union, type Range } from './aggregate';

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
}

const isLive = (rec: RecordingRow): boolean => rec.state === 'recording' || rec.state === 'paused' || rec.state === 'created';

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
    const played = union([...earlier.flatMap((r) => JSON.parse(r.played) as Range[]), ...reported]);
    if (measure(played) > ((now - firstAt) / 1000) * FASTEST_RATE + GRACE_SEC) return { ok: false, status: 422, message: 'More played than the time allows.' };

    this.o.repo.add({ recording_id: rec.id, viewer_id: beacon.viewer, session_id: beacon.session, account_id: from.accountId, received_at: now, played: JSON.stringify(reported) });
    return { ok: true };
  }

  report(rec: RecordingRow): Insights {
    if (!this.servedHere(rec)) return { available: false, reason: INSIGHTS_NEED_SERVER };
    const beacons = this.o.repo.ofRecording(rec.id).map((r) => ({ viewerId: r.viewer_id, sessionId: r.session_id, accountId: r.account_id, receivedAt: r.received_at, played: JSON.parse(r.played) as Range[] }));
    return aggregate(beacons, isLive(rec) ? 0 : rec.duration_ms / 1000, this.o.nameOf);
  }
}
