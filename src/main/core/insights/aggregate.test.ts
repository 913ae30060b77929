import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { VIEW_DEDUPE_MS } from '../../../shared/insights';
import { aggregate, clamp, countedViews, measure, union, viewsSince, type Beacon, type Range } from './aggregate';

const names = (id: string): string | null => ({ a1: 'ann@example.test', a2: 'bob@example.test' })[id] ?? null;
const beacon = (viewerId: string, sessionId: string, played: Range[], receivedAt = 0, accountId: string | null = null): Beacon => ({ viewerId, sessionId, accountId, receivedAt, played });

describe('ranges', () => {
  it('union merges overlapping and touching ranges and drops empty ones', () => {
    expect(union([[5, 7], [0, 2], [1, 3], [3, 4], [8, 8]])).toEqual([[0, 4], [5, 7]]);
    expect(measure(union([[0, 10], [2, 3]]))).toBe(10);
    expect(clamp([[-1, 2], [9, 12], [20, 30]], 10)).toEqual([[0, 2], [9, 10]]);
  });

  const ranges = fc.array(fc.tuple(fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true })).map(([a, b]): Range => [Math.min(a, b), Math.max(a, b)]), { maxLength: 20 });
  it('union is idempotent, order-free, and never measures more than its parts', () => {
    fc.assert(
      fc.property(ranges, (rs) => {
        const u = union(rs);
        expect(union(u)).toEqual(u);
        expect(union([...rs].reverse())).toEqual(u);
        expect(measure(u)).toBeLessThanOrEqual(measure(rs) + 1e-9);
        for (let i = 1; i < u.length; i++) expect(u[i]![0]).toBeGreaterThan(u[i - 1]![1]);
      }),
    );
  });
});

describe('aggregate', () => {
  it('two viewers (6 s and to the end of 12 s): 2 views, 2 viewers, completion between them; 3 s adds no view', () => {
    const i = aggregate([beacon('v1', 's1', [[0, 6]], 1), beacon('v2', 's2', [[0, 12]], 2), beacon('v3', 's3', [[0, 3]], 3)], 12, names);
    expect(i.views).toBe(2);
    expect(i.uniqueViewers).toBe(2);
    expect(i.averageCompletion).toBeCloseTo((6 / 12 + 1) / 2);
    expect(i.watchTimeSec).toBe(21);
    expect(i.anonymous).toBe(2);
    expect(i.retention).toHaveLength(12);
    expect(i.retention.slice(0, 6)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(i.retention.slice(6)).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
  });

  it('a session reported in pieces is the union of its beacons; repeats change nothing', () => {
    const one = aggregate([beacon('v', 's', [[0, 3]], 1), beacon('v', 's', [[0, 3], [5, 8]], 2), beacon('v', 's', [[0, 3], [5, 8]], 3)], 10, names);
    expect(one.views).toBe(1);
    expect(one.watchTimeSec).toBe(6);
    expect(one.retention).toEqual([1, 1, 1, 0, 0, 1, 1, 1, 0, 0]);
  });

  it('a session naming two accounts at one moment is listed under the same one whatever order its beacons came in', () => {
    const a = beacon('v', 's', [[0, 10]], 11, 'a1');
    const b = beacon('v', 's', [], 11, 'a2');
    const forward = aggregate([b, a], 10, names);
    expect(aggregate([a, b], 10, names)).toEqual(forward);
    expect(aggregate([b, a, b], 10, names)).toEqual(forward); // fast-check's counterexample: a repeat after the other
    expect(forward.signedIn).toHaveLength(1);
  });

  it('a viewer counts once per 30 minutes; an account is one viewer across browsers, listed by name', () => {
    const min = 60_000;
    const i = aggregate(
      [
        beacon('v', 's1', [[0, 10]], 0),
        beacon('v', 's2', [[0, 10]], 10 * min),
        beacon('v', 's3', [[0, 10]], 31 * min),
        beacon('b1', 's4', [[0, 10]], 0, 'a1'),
        beacon('b2', 's5', [[0, 10]], 5 * min, 'a1'),
        beacon('b3', 's6', [[0, 10]], 0, 'gone'),
      ],
      10,
      names,
    );
    expect(i.views).toBe(2 + 1 + 1);
    expect(i.uniqueViewers).toBe(3);
    expect(i.signedIn).toEqual([{ accountId: 'a1', name: 'ann@example.test', views: 1, lastViewedAt: 5 * min }]);
    expect(i.anonymous).toBe(2); // a removed account counts as anonymous
  });

  it('played seconds past the end are not counted; no views: completion null, retention zeros', () => {
    const i = aggregate([beacon('v', 's', [[0, 2], [8, 50]], 1)], 10, names);
    expect(i.watchTimeSec).toBe(4);
    expect(i.views).toBe(0);
    expect(i.averageCompletion).toBeNull();
    expect(i.retention).toEqual(new Array(10).fill(0));
  });

  it('a live recording (length unknown) takes the furthest second played', () => {
    const i = aggregate([beacon('v', 's', [[0, 7.5]], 1)], 0, names);
    expect(i.durationSec).toBe(7.5);
    expect(i.retention).toHaveLength(8);
    expect(i.averageCompletion).toBe(1);
  });

  it('countedViews keeps views at least 30 minutes apart', () => {
    expect(countedViews([VIEW_DEDUPE_MS, 0, VIEW_DEDUPE_MS - 1, 2 * VIEW_DEDUPE_MS - 1])).toEqual([0, VIEW_DEDUPE_MS]);
  });

  const beacons = fc.array(
    fc.record({
      viewerId: fc.constantFrom('v1', 'v2', 'v3'),
      sessionId: fc.constantFrom('s1', 's2', 's3', 's4'),
      accountId: fc.constantFrom(null, 'a1', 'a2'),
      receivedAt: fc.integer({ min: 0, max: 4 * VIEW_DEDUPE_MS }),
      played: fc.array(fc.tuple(fc.double({ min: 0, max: 40, noNaN: true }), fc.double({ min: 0, max: 40, noNaN: true })).map(([a, b]): Range => [Math.min(a, b), Math.max(a, b)]), { maxLength: 5 }),
    }),
    { maxLength: 30 },
  );
  it('figures stay in bounds, and a repeated beacon changes nothing', () => {
    fc.assert(
      fc.property(beacons, fc.double({ min: 0, max: 30, noNaN: true }), fc.nat(), (list, duration, pick) => {
        const i = aggregate(list, duration, names);
        expect(i.uniqueViewers).toBeLessThanOrEqual(i.views);
        expect(i.signedIn.length + i.anonymous).toBe(i.uniqueViewers);
        for (const r of i.retention) expect(r >= 0 && r <= 1).toBe(true);
        if (i.averageCompletion !== null) expect(i.averageCompletion >= 0 && i.averageCompletion <= 1 + 1e-9).toBe(true);
        expect(i.watchTimeSec).toBeGreaterThanOrEqual(0);
        if (list.length > 0) expect(aggregate([...list, list[pick % list.length]!], duration, names)).toEqual(i);
      }),
    );
  });

  it('retention[t] is the share of viewing sessions that played at least half of second t', () => {
    fc.assert(
      fc.property(beacons, fc.double({ min: 0.5, max: 30, noNaN: true }), (list, duration) => {
        const i = aggregate(list, duration, names);
        const sessions = new Map<string, Range[]>();
        for (const b of list) sessions.set(`${b.viewerId}|${b.sessionId}`, union([...(sessions.get(`${b.viewerId}|${b.sessionId}`) ?? []), ...clamp(b.played, duration)]));
        const viewing = [...sessions.values()].filter((p) => measure(p) > 0 && measure(p) >= Math.min(5, duration * 0.9));
        const expected = Array.from({ length: Math.ceil(duration) }, (_, t) => {
          const to = Math.min(t + 1, duration);
          const n = viewing.filter((p) => measure(clamp(p.map(([a, b]): Range => [Math.max(a, t), Math.min(b, to)]), duration)) >= (to - t) / 2 - 1e-9).length;
          return viewing.length === 0 ? 0 : n / viewing.length;
        });
        expect(i.retention.length).toBe(expected.length);
        i.retention.forEach((r, t) => expect(r).toBeCloseTo(expected[t]!, 9));
      }),
    );
  });
});

describe('viewsSince (the library\'s "new views")', () => {
  const min = 60_000;
  const history = [
    beacon('v', 's1', [[0, 10]], 0),
    beacon('v', 's2', [[0, 10]], 10 * min), // within 30 min of s1: not a view of its own
    beacon('v', 's3', [[0, 10]], 31 * min),
    beacon('w', 's4', [[0, 3]], 20 * min), // reaches a view only with its second beacon, after the mark
    beacon('w', 's4', [[0, 8]], 26 * min),
    beacon('x', 's5', [[0, 10]], 40 * min, 'me'),
  ];

  it('counts the views aggregate counts, those after the mark only, and not the asker\'s own', () => {
    expect(viewsSince(history, 10, -1, null)).toBe(aggregate(history, 10, names).views);
    expect(viewsSince(history, 10, 25 * min, null)).toBe(3); // s3, s4 (viewed at 26 min), s5
    expect(viewsSince(history, 10, 25 * min, 'me')).toBe(2);
    expect(viewsSince(history, 10, 31 * min, 'me')).toBe(0); // strictly after: s3 was seen at its moment
  });

  it('a view deduplicated against one before the mark is not new', () => {
    expect(viewsSince(history, 10, 5 * min, null)).toBe(aggregate(history, 10, names).views - 1);
  });
});
