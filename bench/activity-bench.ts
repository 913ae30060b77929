// The cost of the library's "what is new" (recordings.activity) for a page of cards: in process and
// over HTTP, median and p95 ms, for a library where nothing is new since the last look (the usual
// case: an index probe per recording) and one where every recording has new views and comments (every
// beacon of every recording is read and the views recounted by the insights' own rules).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startTestServer } from '../src/main/core/testing/test-server';
import { InsightsRepo } from '../src/main/core/library/insights-repo';
import { CommentsRepo } from '../src/main/core/library/comments-repo';
import type { Principal } from '../src/main/core/accounts/principal';

const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;
const stats = (xs: number[]) => ({ medianMs: round(percentile(xs, 50)), p95Ms: round(percentile(xs, 95)) });

export async function runActivityBench(o: { recordings: number; sessions: number; comments: number; runs: number }): Promise<object> {
  let clock = Date.now();
  const s = await startTestServer({ dataDir: join(mkdtempSync(join(tmpdir(), 'reelay-activity-bench-')), 'data'), core: { now: () => clock } });
  try {
    const who: Principal = { kind: 'account', account: s.owner, via: 'token' };
    const insights = new InsightsRepo(s.core.db);
    const comments = new CommentsRepo(s.core.db);
    const ids: string[] = [];
    for (let r = 0; r < o.recordings; r++) ids.push((await s.core.recordings.create({ width: 1280, height: 720, fps: 30 }, s.owner.id)).id);
    /** each recording: `sessions` viewers playing 30 s (a beacon every 5 s) and `comments` guest comments */
    const activity = (): void => {
      s.core.db.transaction(() => {
        for (const id of ids) {
          for (let v = 0; v < o.sessions; v++) {
            const viewer = `viewer-${clock}-${v}`;
            for (let t = 5; t <= 30; t += 5) insights.add({ recording_id: id, viewer_id: viewer, session_id: `session-${v}`, account_id: null, received_at: ++clock, played: JSON.stringify([[0, t]]) });
          }
          for (let c = 0; c < o.comments; c++) comments.add({ id: `c-${id}-${clock}-${c}`, recording_id: id, kind: 'comment', at_sec: c, body: `comment ${c}`, account_id: null, guest_name: 'Guest', created_at: ++clock });
        }
      })();
    };
    const measure = async (): Promise<{ inProcess: object; http: object; newViews: number; newComments: number }> => {
      const local: number[] = [];
      const http: number[] = [];
      let last = s.core.activity.of(who);
      for (let i = 0; i < o.runs; i++) {
        const t0 = performance.now();
        last = s.core.activity.of(who);
        local.push(performance.now() - t0);
        const t1 = performance.now();
        const res = await s.call('recordings.activity', {});
        if (!res.ok) throw new Error('recordings.activity failed');
        http.push(performance.now() - t1);
      }
      return { inProcess: stats(local), http: stats(http), newViews: last.reduce((n, a) => n + a.newViews, 0), newComments: last.reduce((n, a) => n + a.newComments, 0) };
    };

    activity();
    const allNew = await measure();
    clock += 1000;
    for (const id of ids) {
      await s.call('recordings.insights', { id });
      await s.call('recordings.comments', { id });
    }
    clock += 1000;
    const nothingNew = await measure();
    return {
      recordings: o.recordings,
      beaconsPerRecording: o.sessions * 6,
      commentsPerRecording: o.comments,
      everyRecordingHasNews: allNew,
      nothingNewSinceLastLook: nothingNew,
    };
  } finally {
    await s.close();
  }
}
