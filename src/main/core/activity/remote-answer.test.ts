// A Reelay Server's answer to recordings.activity, checked and mapped back to this library's recordings.
import { describe, expect, it } from 'vitest';
import { countsByLocalId, inCalls, MAX_IDS_PER_CALL, parseRemoteAnswer, sameCounts, type RemoteAnswer } from './remote-answer';

const asked = [
  { localId: 'local-aaaaaaaa', remoteId: 'remote-aaaaaaa' },
  { localId: 'local-bbbbbbbb', remoteId: 'remote-bbbbbbb' },
];
const entry = (id: string, newViews: number, newComments: number, latest: RemoteAnswer[number]['latestComment'] = null) => ({ id, title: 'On the server', createdAt: 1, newViews, newComments, latestComment: latest });

describe('parseRemoteAnswer', () => {
  it("takes a server's answer as it sends it (extra fields such as its title are ignored later)", () => {
    const raw = [entry('remote-aaaaaaa', 3, 1, { author: 'Dana', body: 'Nice' })];
    expect(parseRemoteAnswer(raw)).toEqual({ ok: true, answer: raw });
    expect(parseRemoteAnswer([])).toEqual({ ok: true, answer: [] });
  });

  it('refuses what no Reelay Server sends, and says where', () => {
    const bad: [unknown, RegExp][] = [
      [null, /answer: /],
      [{ items: [] }, /answer: /],
      [[entry('remote-aaaaaaa', -1, 0)], /0\.newViews/],
      [[entry('remote-aaaaaaa', 1.5, 0)], /0\.newViews/],
      [[{ ...entry('remote-aaaaaaa', 0, 1), latestComment: { author: 'x', body: 'y'.repeat(100_000) } }], /0\.latestComment\.body/],
      [[{ ...entry('remote-aaaaaaa', 0, 1), latestComment: { author: 7, body: 'y' } }], /0\.latestComment\.author/],
      [[{ id: 'remote-aaaaaaa', newViews: 1 }], /0\.newComments/],
      [Array.from({ length: MAX_IDS_PER_CALL + 1 }, (_, i) => entry(`r${i}`, 1, 0)), /answer: /],
    ];
    for (const [raw, where] of bad) {
      const parsed = parseRemoteAnswer(raw);
      expect(parsed.ok, JSON.stringify(raw).slice(0, 80)).toBe(false);
      if (!parsed.ok) expect(parsed.message).toMatch(where);
    }
  });
});

describe('countsByLocalId', () => {
  it('maps each answer to the local recording asked about; nothing new and unasked ids are left out', () => {
    const answer = [entry('remote-bbbbbbb', 0, 2, { author: 'Eli', body: 'Hi' }), entry('remote-aaaaaaa', 0, 0), entry('someone-elses', 9, 9)];
    expect(countsByLocalId(asked, answer)).toEqual(new Map([['local-bbbbbbbb', { newViews: 0, newComments: 2, latestComment: { author: 'Eli', body: 'Hi' } }]]));
    expect(countsByLocalId(asked, [])).toEqual(new Map());
  });

  it('keeps only the counts: no field of the server reaches the library beyond them', () => {
    const answer = [{ ...entry('remote-aaaaaaa', 1, 1, { author: 'A', body: 'B' }), title: '<script>', extra: 'x' }];
    const counts = countsByLocalId(asked, answer).get('local-aaaaaaaa');
    expect(counts).toEqual({ newViews: 1, newComments: 1, latestComment: { author: 'A', body: 'B' } });
    expect(Object.keys(counts!)).toEqual(['newViews', 'newComments', 'latestComment']);
  });
});

describe('sameCounts', () => {
  const a = { newViews: 1, newComments: 1, latestComment: { author: 'A', body: 'B' } };
  it('is true only when the badge and the notice would not change', () => {
    expect(sameCounts(undefined, undefined)).toBe(true);
    expect(sameCounts(a, { ...a, latestComment: { author: 'A', body: 'B' } })).toBe(true);
    expect(sameCounts(a, undefined)).toBe(false);
    expect(sameCounts(undefined, a)).toBe(false);
    expect(sameCounts(a, { ...a, newViews: 2 })).toBe(false);
    expect(sameCounts(a, { ...a, newComments: 2 })).toBe(false);
    expect(sameCounts(a, { ...a, latestComment: { author: 'A', body: 'C' } })).toBe(false);
    expect(sameCounts(a, { ...a, latestComment: null })).toBe(false);
  });
});

describe('inCalls', () => {
  it('splits ids into calls of at most 500', () => {
    const ids = Array.from({ length: 1001 }, (_, i) => i);
    expect(inCalls(ids).map((c) => c.length)).toEqual([500, 500, 1]);
    expect(inCalls(ids).flat()).toEqual(ids);
    expect(inCalls([])).toEqual([]);
  });
});
