// The cost of keeping the library's "what is new" current for recordings published to a Reelay Server:
// B (the recorder) with N recordings on A (the team's server), every one with new views' worth of
// comments there. Measured: one round of questions from B to A over loopback (N/500 calls, answers
// validated and mapped), and B's recordings.activity answered from what A last said (in process and
// over HTTP), median and p95 ms.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startTestServer, type TestServer } from '../src/main/core/testing/test-server';
import { CommentsRepo } from '../src/main/core/library/comments-repo';
import type { Principal } from '../src/main/core/accounts/principal';

const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;
const stats = (xs: number[]) => ({ medianMs: round(percentile(xs, 50)), p95Ms: round(percentile(xs, 95)) });
const dataDir = (): string => join(mkdtempSync(join(tmpdir(), 'reelay-remote-activity-bench-')), 'data');

export async function runRemoteActivityBench(o: { recordings: number; comments: number; runs: number }): Promise<object> {
  let clock = Date.now();
  const a = await startTestServer({ dataDir: dataDir(), core: { now: () => clock } });
  // no timer round during the measurement: each round is asked for
  let b: TestServer | null = null;
  try {
    b = await startTestServer({ dataDir: dataDir(), core: { remoteActivity: { intervalMs: 3_600_000 } } });
    const set = await b.call('settings.set', { storage: { kind: 'reelay', server: { url: a.origin, token: a.token } } });
    if (!set.ok) throw new Error('could not set B to publish to A');
    for (let r = 0; r < o.recordings; r++) await b.core.recordings.create({ width: 1280, height: 720, fps: 30 }, b.owner.id);
    const comments = new CommentsRepo(a.core.db);
    a.core.db.transaction(() => {
      for (const rec of a.core.recordings.list()) {
        for (let c = 0; c < o.comments; c++) comments.add({ id: `c-${rec.id}-${c}`, recording_id: rec.id, kind: 'comment', at_sec: c, body: `comment ${c}`, account_id: null, guest_name: 'Guest', created_at: ++clock });
      }
    })();

    const rounds: number[] = [];
    for (let i = 0; i < o.runs; i++) {
      const t0 = performance.now();
      await b.core.remoteActivity.pollNow();
      rounds.push(performance.now() - t0);
    }
    const who: Principal = { kind: 'account', account: b.owner, via: 'token' };
    const local: number[] = [];
    const http: number[] = [];
    let last = b.core.activity.of(who);
    for (let i = 0; i < o.runs; i++) {
      const t0 = performance.now();
      last = b.core.activity.of(who);
      local.push(performance.now() - t0);
      const t1 = performance.now();
      if (!(await b.call('recordings.activity', {})).ok) throw new Error('recordings.activity failed');
      http.push(performance.now() - t1);
    }
    return {
      recordings: o.recordings,
      callsPerRound: Math.ceil(o.recordings / 500),
      commentsPerRecording: o.comments,
      recordingsWithNews: last.length,
      newComments: last.reduce((n, x) => n + x.newComments, 0),
      roundFromBToA: stats(rounds),
      libraryActivityOnB: { inProcess: stats(local), http: stats(http) },
    };
  } finally {
    await b?.close();
    await a.close();
  }
}
