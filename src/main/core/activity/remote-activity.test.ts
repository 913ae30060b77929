// What is new on a recording published to a Reelay Server, with two real servers on loopback: B (the
// recorder) publishes to A (the team's server); a guest comments and a viewer watches on A; B's
// library says "1 new view, 2 comments" after a poll, B's notifier shows the new comment (not the one
// from before it first looked), and opening the comments through B clears them at once. A down or
// hanging: B's library still answers with the last answer, the failure is logged once, nothing
// rejects unhandled; A back: it goes on by itself.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RecordingActivity } from '../../../shared/activity';
import { COMMENTS } from '../../../shared/comments';
import type { Recording } from '../../../shared/domain';
import { BEACON, type InsightsBeacon } from '../../../shared/insights';
import type { Notice } from '../../../shared/notifications';
import type { CoreOptions } from '..';
import { CommentNotifier } from '../notifications/comment-notifier';
import { makeLiveFixture, type LiveFixture } from '../testing/media-fixtures';
import { eventually, recordFixture, startTestServer, tempDir, valueOf, type TestServer } from '../testing/test-server';

let fixture: LiveFixture;
const servers: TestServer[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
// A's clock: a view needs the time to have played it in
let clock = Date.now();

beforeAll(async () => {
  fixture = await makeLiveFixture(join(tempDir(), 'live'), 12);
  process.on('unhandledRejection', onUnhandled);
}, 60_000);
afterAll(() => void process.off('unhandledRejection', onUnhandled));
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close().catch(() => undefined)));
  expect(unhandled).toEqual([]);
});

interface Pair {
  a: TestServer;
  b: TestServer;
  logs: string[];
}

async function serverPair(remoteActivity: CoreOptions['remoteActivity']): Promise<Pair> {
  const logs: string[] = [];
  const a = await startTestServer({ core: { now: () => clock } });
  const b = await startTestServer({ core: { remoteActivity, log: (m) => logs.push(m) } });
  servers.push(b, a);
  valueOf(await b.call('settings.set', { storage: { kind: 'reelay', server: { url: a.origin, token: a.token } } }));
  return { a, b, logs };
}

/** B records, renames and stops; A has it ready (with its length, so views count) */
async function published({ a, b }: Pair, title: string): Promise<Recording> {
  const rec = await recordFixture(b, fixture);
  valueOf(await b.call('recordings.rename', { id: rec.id, title }));
  await eventually(() => a.core.recordings.list().find((r) => r.shareId === rec.shareId && r.state === 'ready' && r.durationMs > 10_000), 20_000, 'the recording ready on A');
  return rec;
}

/** a guest's comment on the link's page, which A serves */
async function comment(a: TestServer, rec: Recording, body: string, name: string): Promise<void> {
  clock += 1000;
  const res = await fetch(`${rec.link}/${COMMENTS.path}`, { method: 'POST', headers: { origin: a.origin, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'comment', atSec: 2, body, name }) });
  expect(res.status, await res.clone().text()).toBe(201);
}

/** a viewer on A playing `seconds` from the start, reporting every 5 s */
async function watch(a: TestServer, rec: Recording, seconds: number): Promise<void> {
  const viewer = randomBytes(16).toString('base64url').slice(0, 22);
  const session = randomBytes(16).toString('base64url').slice(0, 22);
  for (let t = 5; t <= seconds; t += 5) {
    clock += 5_000;
    const beacon: InsightsBeacon = { viewer, session, played: [[0, t]] };
    const res = await fetch(`${rec.link}/${BEACON.path}`, { method: 'POST', headers: { origin: a.origin, 'content-type': 'application/json' }, body: JSON.stringify(beacon) });
    expect(res.status, await res.clone().text()).toBe(204);
  }
}

async function activityOf(b: TestServer, rec: Recording): Promise<RecordingActivity | undefined> {
  return valueOf<RecordingActivity[]>(await b.call('recordings.activity', {})).find((x) => x.id === rec.id);
}

describe('activity of recordings published to a Reelay Server', () => {
  it('a view and comments on A: B\'s library says so after a poll, its notifier shows the new comment, opening them through B clears each', async () => {
    // no timer round in this test: each poll is asked for, so what clears without one is the refresh's doing
    const pair = await serverPair({ intervalMs: 3_600_000 });
    const { a, b } = pair;
    const rec = await published(pair, 'Team demo');
    const events: string[] = [];
    const offEvents = b.core.events.on('activity-changed', ({ id }) => events.push(id));
    const shown: Notice[] = [];
    const notifier = new CommentNotifier({ activity: b.core.activity, internal: b.core.internal, who: { kind: 'account', account: b.owner, via: 'session' }, show: (n) => shown.push(n) });
    notifier.start();
    try {
      // there before B first asked: the badge shows it, no notification
      await comment(a, rec, 'From before', 'Old');
      expect(await activityOf(b, rec)).toBeUndefined();
      await b.core.remoteActivity.pollNow();
      expect(await activityOf(b, rec)).toMatchObject({ newViews: 0, newComments: 1, latestComment: { author: 'Old', body: 'From before' } });
      expect(events).toEqual([rec.id]);
      expect(shown).toEqual([]);

      await watch(a, rec, 10);
      await comment(a, rec, 'Great walkthrough', 'Dana');
      await b.core.remoteActivity.pollNow();
      expect(await activityOf(b, rec)).toEqual({ id: rec.id, title: 'Team demo', createdAt: rec.createdAt, newViews: 1, newComments: 2, latestComment: { author: 'Dana', body: 'Great walkthrough' } });
      expect(shown).toEqual([{ recordingId: rec.id, title: 'New comment on “Team demo”', body: 'Dana: Great walkthrough' }]);
      expect(events).toEqual([rec.id, rec.id]);
      // asked again, nothing changed: no event, no notice
      await b.core.remoteActivity.pollNow();
      expect(events).toHaveLength(2);

      // the comments opened in B's library (forwarded to A, which marks them read): cleared without a poll
      clock += 1000;
      valueOf(await b.call('recordings.comments', { id: rec.id }));
      await eventually(async () => (await activityOf(b, rec))?.newComments === 0, 10_000, 'the comments cleared');
      expect(await activityOf(b, rec)).toMatchObject({ newViews: 1, newComments: 0 });
      clock += 1000;
      valueOf(await b.call('recordings.insights', { id: rec.id }));
      await eventually(async () => (await activityOf(b, rec)) === undefined, 10_000, 'the views cleared');
      expect(shown).toHaveLength(1);

      // what comes after is new again
      await comment(a, rec, 'One more thing', 'Eve');
      await b.core.remoteActivity.pollNow();
      expect(shown.map((n) => n.body)).toEqual(['Dana: Great walkthrough', 'Eve: One more thing']);
      expect(await activityOf(b, rec)).toMatchObject({ newViews: 0, newComments: 1 });
    } finally {
      notifier.stop();
      offEvents();
    }
  });

  it('A hanging, then down: B answers from its last answer and logs once; A back: its timer catches up by itself', async () => {
    const pair = await serverPair({ intervalMs: 50, timeoutMs: 500, backoff: { maxAttempts: Number.POSITIVE_INFINITY, baseDelayMs: 50, maxDelayMs: 200, jitter: 0 } });
    const { a, b, logs } = pair;
    const rec = await published(pair, 'Outage');
    await comment(a, rec, 'First', 'Fay');
    await eventually(async () => (await activityOf(b, rec))?.newComments === 1, 10_000, 'the first comment by the timer');

    // A's port answers nothing at all: each question times out
    const port = Number(new URL(a.origin).port);
    await a.close();
    servers.splice(servers.indexOf(a), 1);
    const hanging = await standIn(port);
    try {
      await eventually(() => hanging.asked() >= 3, 15_000, 'three questions to the hanging server');
      expect(await activityOf(b, rec)).toMatchObject({ newComments: 1, latestComment: { author: 'Fay', body: 'First' } });
      // three questions asked means each was timed out (a hanging one would hold the next round forever); one line in the log
      const failures = logs.filter((m) => m.startsWith('Could not ask the Reelay Server'));
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatch(new RegExp(`^Could not ask the Reelay Server at ${a.origin} what is new on its recordings \\((no answer in 0.5 s|Could not reach .*)\\); the library shows its last answer and asks again later.$`));
    } finally {
      await hanging.close();
    }
    // nothing listens there now: still the last answer, and not another line in the log
    await b.core.remoteActivity.pollNow();
    expect(await activityOf(b, rec)).toMatchObject({ newComments: 1 });
    expect(logs.filter((m) => m.startsWith('Could not ask'))).toHaveLength(1);

    const again = await startTestServer({ dataDir: a.dataDir, port, core: { now: () => clock } });
    servers.push(again);
    await comment(again, rec, 'Second', 'Gil');
    const back = await eventually(async () => {
      const x = await activityOf(b, rec);
      return x?.newComments === 2 ? x : null;
    }, 15_000, 'the second comment once A is back');
    expect(back.latestComment).toEqual({ author: 'Gil', body: 'Second' });
    expect(logs).toContain(`The Reelay Server at ${a.origin} answers again: its views and comments show in the library.`);
  });

  it('A answering what no Reelay Server sends: B keeps its last answer and logs what was wrong, once', async () => {
    const pair = await serverPair({ intervalMs: 3_600_000 });
    const { a, b, logs } = pair;
    const rec = await published(pair, 'Junk');
    await comment(a, rec, 'Real', 'Hal');
    await b.core.remoteActivity.pollNow();
    expect(await activityOf(b, rec)).toMatchObject({ newComments: 1 });
    const port = Number(new URL(a.origin).port);
    await a.close();
    servers.splice(servers.indexOf(a), 1);
    const junk = await standIn(port, JSON.stringify({ ok: true, value: [{ id: 'anything', newViews: -5, newComments: 1, latestComment: { author: 'x', body: 'y' } }] }));
    try {
      await b.core.remoteActivity.pollNow();
      await b.core.remoteActivity.pollNow();
      expect(junk.asked(), JSON.stringify(logs)).toBe(2);
      expect(await activityOf(b, rec)).toMatchObject({ newComments: 1, latestComment: { author: 'Hal', body: 'Real' } });
      const failures = logs.filter((m) => m.startsWith('Could not ask'));
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatch(/what is new on its recordings \(its answer to recordings\.activity was not what a Reelay Server sends \(0\.newViews: .+\)\); the library shows its last answer/);
    } finally {
      await junk.close();
    }
  });

  it('closing B drops the question in flight: nothing waits for the server, nothing is asked after', async () => {
    const pair = await serverPair({ intervalMs: 50, timeoutMs: 60_000, backoff: { maxAttempts: Number.POSITIVE_INFINITY, baseDelayMs: 50, maxDelayMs: 200, jitter: 0 } });
    const { a, b } = pair;
    await published(pair, 'Closing');
    await b.core.remoteActivity.pollNow();
    const port = Number(new URL(a.origin).port);
    await a.close();
    servers.splice(servers.indexOf(a), 1);
    const hanging = await standIn(port);
    try {
      await eventually(() => hanging.asked() >= 1, 10_000, 'a question hanging');
      await b.close(); // would wait a minute for the answer if it did not drop it
      servers.splice(servers.indexOf(b), 1);
      await eventually(() => hanging.open() === 0, 10_000, 'the hanging question dropped');
      // closed for good: asking again asks nobody
      const asked = hanging.asked();
      await b.core.remoteActivity.pollNow();
      expect(hanging.asked()).toBe(asked);
    } finally {
      await hanging.close();
    }
  });
});

/** an HTTP server in A's place that takes every request and never answers, or answers `json` to each */
async function standIn(port: number, json?: string): Promise<{ asked: () => number; open: () => number; close: () => Promise<void> }> {
  let asked = 0;
  let open = 0;
  const server: Server = createServer((req, res) => {
    asked += 1;
    open += 1;
    req.socket.on('close', () => (open -= 1));
    if (json !== undefined) res.writeHead(200, { 'content-type': 'application/json' }).end(json);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    asked: () => asked,
    open: () => open,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
