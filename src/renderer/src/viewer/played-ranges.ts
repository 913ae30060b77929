// What the viewer reports: the seconds this page load has played (the <video>'s `played` ranges), in
// the beacon's form. Pure: rounded to tenths, at most BEACON.maxRanges (the closest ranges merged).
import { BEACON, type InsightsBeacon } from '../../../shared/insights';

export interface TimeRangesLike {
  readonly length: number;
  start(index: number): number;
  end(index: number): number;
}

type Range = [number, number];

const tenth = (s: number): number => Math.round(s * 10) / 10;

export function playedRanges(played: TimeRangesLike, maxRanges: number = BEACON.maxRanges): Range[] {
  const ranges: Range[] = [];
  for (let i = 0; i < played.length; i++) {
    const start = Math.max(0, tenth(played.start(i)));
    const end = tenth(played.end(i));
    if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) continue;
    const last = ranges.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else ranges.push([start, end]);
  }
  while (ranges.length > maxRanges) {
    // merge the pair with the smallest gap: a few tenths counted as played, never a range lost
    let best = 1;
    for (let i = 2; i < ranges.length; i++) if (ranges[i]![0] - ranges[i - 1]![1] < ranges[best]![0] - ranges[best - 1]![1]) best = i;
    ranges[best - 1]![1] = ranges[best]![1];
    ranges.splice(best, 1);
  }
  return ranges;
}

/** the seconds the ranges cover */
export function playedSeconds(ranges: readonly Range[]): number {
  return ranges.reduce((sum, [a, b]) => sum + (b - a), 0);
}

export function beaconBody(viewer: string, session: string, played: Range[]): string {
  const beacon: InsightsBeacon = { viewer, session, played };
  return JSON.stringify(beacon);
}

/** a random id in the beacon's form: 22 base64url characters */
export function randomViewerId(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const bytes = random(new Uint8Array(22));
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let id = '';
  for (const byte of bytes) id += alphabet[byte & 63];
  return id;
}
