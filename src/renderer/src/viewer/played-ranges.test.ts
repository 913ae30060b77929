import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BEACON } from '../../../shared/insights';
import { beaconBody, playedRanges, playedSeconds, randomViewerId, type TimeRangesLike } from './played-ranges';

const ranges = (list: [number, number][]): TimeRangesLike => ({ length: list.length, start: (i) => list[i]![0], end: (i) => list[i]![1] });

describe('playedRanges', () => {
  it('rounds to tenths and drops what rounds to nothing', () => {
    expect(playedRanges(ranges([[0, 5.04], [7.01, 7.03], [8.26, 12.349]]))).toEqual([[0, 5], [8.3, 12.3]]);
    expect(playedRanges(ranges([]))).toEqual([]);
  });

  it('past the limit, merges the closest ranges first', () => {
    expect(playedRanges(ranges([[0, 1], [1.5, 2], [5, 6], [10, 11]]), 3)).toEqual([[0, 2], [5, 6], [10, 11]]);
    expect(playedRanges(ranges([[0, 1], [1.5, 2], [5, 6], [10, 11]]), 2)).toEqual([[0, 6], [10, 11]]);
  });

  it('any played ranges make a beacon the server takes: ordered, within the limits of size and count', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 7 * 24 * 3600, noNaN: true }), { maxLength: 400 }), (points) => {
        const sorted = [...points].sort((a, b) => a - b);
        const list: [number, number][] = [];
        for (let i = 0; i + 1 < sorted.length; i += 2) list.push([sorted[i]!, sorted[i + 1]!]);
        const out = playedRanges(ranges(list));
        expect(out.length).toBeLessThanOrEqual(BEACON.maxRanges);
        for (const [a, b] of out) expect(b).toBeGreaterThan(a);
        for (let i = 1; i < out.length; i++) expect(out[i]![0]).toBeGreaterThan(out[i - 1]![1]);
        expect(playedSeconds(out)).toBeGreaterThanOrEqual(playedSeconds(list) - 0.1 * list.length - 1e-6);
        expect(beaconBody(randomViewerId(), randomViewerId(), out).length).toBeLessThanOrEqual(BEACON.maxBytes);
      }),
    );
  });

  it('viewer ids have the beacon form', () => {
    for (let i = 0; i < 20; i++) expect(randomViewerId()).toMatch(BEACON.idPattern);
    expect(randomViewerId()).not.toBe(randomViewerId());
  });
});
