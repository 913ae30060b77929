// The figures of a link's insights, computed from its beacons. Pure. A session's played ranges are the
// union of everything its beacons said, so a repeated or reordered beacon changes nothing.
import { VIEW_DEDUPE_MS, VIEW_MIN_SEC, type Insights, type SignedInViewer } from '../../../shared/insights';

export type Range = readonly [number, number];

export interface Beacon {
  viewerId: string;
  sessionId: string;
  accountId: string | null;
  receivedAt: number;
  played: readonly Range[];
}

/** sorted, non-overlapping ranges covering the same seconds; empty ranges dropped */
export function union(ranges: readonly Range[]): Range[] {
  const sorted = ranges.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

export function measure(ranges: readonly Range[]): number {
  return ranges.reduce((sum, [a, b]) => sum + (b - a), 0);
}

/** the parts of `ranges` inside [0, end) */
export function clamp(ranges: readonly Range[], end: number): Range[] {
  return ranges.map(([a, b]): Range => [Math.max(0, a), Math.min(end, b)]).filter(([a, b]) => b > a);
}

/** per second t of [0, seconds): how much of [t, t + 1) `ranges` (a union within the duration) covers; work in proportion to what was played */
function coverage(ranges: readonly Range[], seconds: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const [a, b] of ranges) {
    for (let t = Math.floor(a); t < Math.min(seconds, Math.ceil(b)); t++) out.set(t, (out.get(t) ?? 0) + Math.min(b, t + 1) - Math.max(a, t));
  }
  return out;
}

interface Session {
  viewerKey: string;
  accountId: string | null;
  played: Range[];
  /** when it reached the view threshold; null: it never did */
  viewedAt: number | null;
}

/** played this much in one session: a view (a recording shorter than VIEW_MIN_SEC needs most of itself) */
export function viewThreshold(durationSec: number): number {
  return Math.min(VIEW_MIN_SEC, durationSec * 0.9);
}

function sessionsOf(beacons: readonly Beacon[], durationSec: number): Session[] {
  const byKey = new Map<string, { beacons: Beacon[] }>();
  for (const b of beacons) {
    const key = `${b.viewerId}|${b.sessionId}`;
    const entry = byKey.get(key) ?? { beacons: [] };
    entry.beacons.push(b);
    byKey.set(key, entry);
  }
  const threshold = viewThreshold(durationSec);
  const sessions: Session[] = [];
  for (const { beacons: list } of byKey.values()) {
    // ties broken by account so a session's account (its latest) does not depend on arrival order
    list.sort((x, y) => x.receivedAt - y.receivedAt || (x.accountId ?? '').localeCompare(y.accountId ?? ''));
    let played: Range[] = [];
    let viewedAt: number | null = null;
    let accountId: string | null = null;
    for (const b of list) {
      played = union([...played, ...clamp(b.played, durationSec)]);
      accountId = b.accountId ?? accountId;
      if (viewedAt === null && measure(played) > 0 && measure(played) >= threshold) viewedAt = b.receivedAt;
    }
    const viewerKey = accountId !== null ? `account:${accountId}` : `browser:${list[0]!.viewerId}`;
    sessions.push({ viewerKey, accountId, played, viewedAt });
  }
  return sessions;
}

/** the times of the views that count: a viewer's views within VIEW_DEDUPE_MS of a counted one do not */
export function countedViews(times: readonly number[]): number[] {
  const counted: number[] = [];
  for (const t of [...times].sort((a, b) => a - b)) {
    if (counted.length === 0 || t - counted.at(-1)! >= VIEW_DEDUPE_MS) counted.push(t);
  }
  return counted;
}

/** each viewer's account (if any) and the times of their viewings, from the sessions that were views */
function viewTimesByViewer(viewing: readonly Session[]): Map<string, { accountId: string | null; times: number[] }> {
  const timesByViewer = new Map<string, { accountId: string | null; times: number[] }>();
  for (const s of viewing) {
    if (s.viewedAt === null) continue;
    const entry = timesByViewer.get(s.viewerKey) ?? { accountId: s.accountId, times: [] };
    entry.times.push(s.viewedAt);
    timesByViewer.set(s.viewerKey, entry);
  }
  return timesByViewer;
}

/** the length the figures use: the recording's, or while unknown (0, live) the furthest second anyone played */
function durationOf(beacons: readonly Beacon[], durationSec: number): number {
  return durationSec > 0 ? durationSec : beacons.reduce((far, b) => b.played.reduce((f, [, end]) => Math.max(f, end), far), 0);
}

/**
 * How many of the views `aggregate` counts happened after `since` (ms), leaving out those of the
 * account `exceptAccountId` (whoever asks: their own views are not news to them).
 */
export function viewsSince(beacons: readonly Beacon[], durationSec: number, since: number, exceptAccountId: string | null): number {
  const duration = durationOf(beacons, durationSec);
  const viewing = sessionsOf(beacons, duration).filter((s) => s.viewedAt !== null && (exceptAccountId === null || s.accountId !== exceptAccountId));
  let n = 0;
  for (const { times } of viewTimesByViewer(viewing).values()) n += countedViews(times).filter((t) => t > since).length;
  return n;
}

/**
 * The insights of one recording. durationSec: its length; 0 while unknown (a live recording), then the
 * furthest second anyone played stands in. nameOf: a signed-in viewer's name (null: no such account).
 */
export function aggregate(beacons: readonly Beacon[], durationSec: number, nameOf: (accountId: string) => string | null): Extract<Insights, { available: true }> {
  const duration = durationOf(beacons, durationSec);
  const sessions = sessionsOf(beacons, duration);
  const viewing = sessions.filter((s) => s.viewedAt !== null);

  const timesByViewer = viewTimesByViewer(viewing);
  let views = 0;
  let anonymous = 0;
  const signedIn: SignedInViewer[] = [];
  for (const { accountId, times } of timesByViewer.values()) {
    const counted = countedViews(times);
    views += counted.length;
    const name = accountId === null ? null : nameOf(accountId);
    if (accountId !== null && name !== null) signedIn.push({ accountId, name, views: counted.length, lastViewedAt: times.reduce((a, b) => Math.max(a, b)) });
    else anonymous++;
  }
  signedIn.sort((a, b) => b.lastViewedAt - a.lastViewedAt || a.name.localeCompare(b.name));

  const seconds = Math.ceil(duration);
  // second t counts for a session that played at least half of it (the last second may be short)
  const watched = new Array<number>(seconds).fill(0);
  for (const s of viewing) {
    for (const [t, played] of coverage(s.played, seconds)) if (played >= (Math.min(t + 1, duration) - t) / 2) watched[t]!++;
  }
  const retention = watched.map((n) => (viewing.length === 0 ? 0 : n / viewing.length));
  return {
    available: true,
    views,
    uniqueViewers: timesByViewer.size,
    watchTimeSec: sessions.reduce((sum, s) => sum + measure(s.played), 0),
    averageCompletion: viewing.length === 0 || duration === 0 ? null : viewing.reduce((sum, s) => sum + Math.min(1, measure(s.played) / duration), 0) / viewing.length,
    durationSec: duration,
    retention,
    signedIn,
    anonymous,
  };
}
