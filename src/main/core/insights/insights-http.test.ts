// Insights over real HTTP against a real core and real media: the beacons a viewer page sends, the
// figures the library gets (recordings.insights), and beacons that must change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HTTP } from '../../../shared/api';
import type { Recording } from '../../../shared/domain';
import type { InviteCreated, AccessTokenCreated } from '../../../shared/accounts';
import { BEACON, INSIGHTS_NEED_SERVER, type Insights, type InsightsBeacon } from '../../../shared/insights';
import { makeLiveFixture, type LiveFixture } from '../testing/media-fixtures';
import { startTestServer, tempDir, TEST_OWNER, type TestServer, recordFixture, valueOf } from '../testing/test-server';
import { VIEWER_LIMIT } from './insights-service';

const SECONDS = 12;
let fixture: LiveFixture;
let s: TestServer;
let clock = Date.now();

beforeAll(async () => {
  fixture = await makeLiveFixture(join(tempDir(), 'live'), SECONDS);
  const rendererDir = tempDir('reelay-renderer-');
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'viewer.html'), '<!doctype html><html><head><!--reelay:head--></head><body></body></html>');
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>app</title>');
  s = await startTestServer({ rendererDir, core: { now: () => clock } });
}, 60_000);
afterAll(async () => s?.close());

const newId = (): string => randomBytes(16).toString('base64url').slice(0, 22);

/** a browser: its viewer id (localStorage) and, when signed in, its session cookie */
function browser(cookie?: string) {
  return { viewer: newId(), cookie };
}

/** what the viewer page sends: its session's played ranges so far, to <link>/insights, from its own origin */
async function send(rec: Recording, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${rec.link}/${BEACON.path}`, {
    method: 'POST',
    headers: { origin: s.origin, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** a page load that plays `upTo` seconds from the start, reporting every 5 s of playback and when it is left */
async function watch(rec: Recording, who: { viewer: string; cookie?: string }, upTo: number): Promise<void> {
  const session = newId();
  for (let t = Math.min(5, upTo); ; t = Math.min(t + 5, upTo)) {
    clock += 5_000;
    const beacon: InsightsBeacon = { viewer: who.viewer, session, played: [[0, t]] };
    const res = await send(rec, beacon, who.cookie ? { cookie: who.cookie } : {});
    expect(res.status, await res.clone().text()).toBe(204);
    if (t === upTo) return;
  }
}

async function insightsOf(rec: Recording): Promise<Extract<Insights, { available: true }>> {
  const insights = valueOf<Insights>(await s.call('recordings.insights', { id: rec.id }));
  if (!insights.available) throw new Error(insights.reason);
  return insights;
}

const rows = (rec: Recording): number => s.core.db.prepare('SELECT COUNT(*) FROM insight_beacons WHERE recording_id = ?').pluck().get(rec.id) as number;

describe('insights of a link this server serves', () => {
  it('its page names the beacon endpoint; no beacons yet: zeros, not an error', async () => {
    const rec = await recordFixture(s, fixture);
    const page = await (await fetch(rec.link)).text();
    expect(page).toContain(`<meta name="${BEACON.metaName}" content="${BEACON.path}">`);
    const i = await insightsOf(rec);
    expect(i).toMatchObject({ views: 0, uniqueViewers: 0, watchTimeSec: 0, averageCompletion: null, durationSec: SECONDS, signedIn: [], anonymous: 0 });
    expect(i.retention).toEqual(new Array(SECONDS).fill(0));
  });

  it('two browsers watch the same link (one 6 s, one to the end): 2 views, 2 unique viewers, completion between them; one that watches 3 s adds no view', async () => {
    const rec = await recordFixture(s, fixture);
    await Promise.all([watch(rec, browser(), 6), watch(rec, browser(), SECONDS)]);
    const two = await insightsOf(rec);
    expect(two.views).toBe(2);
    expect(two.uniqueViewers).toBe(2);
    expect(two.anonymous).toBe(2);
    expect(two.averageCompletion!).toBeGreaterThan(6 / SECONDS);
    expect(two.averageCompletion!).toBeLessThan(1);
    expect(two.watchTimeSec).toBe(6 + SECONDS);
    expect(two.retention[0]).toBe(1);
    expect(two.retention[SECONDS - 1]).toBe(0.5);

    await watch(rec, browser(), 3);
    const three = await insightsOf(rec);
    expect(three.views).toBe(2);
    expect(three.uniqueViewers).toBe(2);
    expect(three.watchTimeSec).toBe(6 + SECONDS + 3);
  });

  it('the same viewer again within 30 minutes is no new view; after them it is', async () => {
    const rec = await recordFixture(s, fixture);
    const b = browser();
    await watch(rec, b, 8);
    await watch(rec, b, 8);
    expect((await insightsOf(rec)).views).toBe(1);
    clock += 31 * 60_000;
    await watch(rec, b, 8);
    expect(await insightsOf(rec)).toMatchObject({ views: 2, uniqueViewers: 1 });
  });

  it('signed-in viewers are listed by name, the others counted as anonymous', async () => {
    const rec = await recordFixture(s, fixture);
    await watch(rec, browser(s.cookie), SECONDS);
    await watch(rec, browser(), 7);
    const i = await insightsOf(rec);
    expect(i.signedIn).toEqual([expect.objectContaining({ accountId: s.owner.id, name: TEST_OWNER.email, views: 1 })]);
    expect(i.anonymous).toBe(1);
  });

  it('bad beacons (wrong schema, huge, implausible, from another site, flooding) get 4xx/429 and change nothing', async () => {
    const rec = await recordFixture(s, fixture);
    const b = browser();
    await watch(rec, b, 10);
    const before = await insightsOf(rec);
    const count = rows(rec);
    const session = newId();
    const good: InsightsBeacon = { viewer: b.viewer, session, played: [[0, 4]] };

    for (const bad of [
      'not json',
      '{}',
      { ...good, extra: 1 },
      { ...good, viewer: 'short' },
      { ...good, session: '../../etc/passwd-xxxxx' },
      { ...good, played: [] },
      { ...good, played: [[4, 2]] },
      { ...good, played: [[-1, 2]] },
      { ...good, played: [[0, 'x']] },
      { ...good, played: Array.from({ length: BEACON.maxRanges + 1 }, (_, i) => [i, i + 0.5]) },
    ]) {
      const res = await send(rec, bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid-input');
    }
    const huge = await send(rec, { ...good, pad: 'x'.repeat(BEACON.maxBytes) });
    expect(huge.status).toBe(413);
    // played only past the end of the recording
    expect((await send(rec, { ...good, played: [[SECONDS + 10, SECONDS + 30]] })).status).toBe(422);
    // the same browser's good beacon still goes through (4 s: no view)
    expect((await send(rec, good)).status).toBe(204);
    // another site's page may not report views of this link
    expect((await send(rec, good, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await send(rec, good, { origin: 'null' })).status).toBe(403);
    expect(rows(rec)).toBe(count + 1);
    const afterLegit = await insightsOf(rec);

    // flooding: the same viewer as fast as it can; past the limit, 429 with Retry-After and no row
    const flooder = newId();
    const flood: InsightsBeacon = { viewer: flooder, session: newId(), played: [[0, 2]] };
    const answers = [];
    for (let i = 0; i < VIEWER_LIMIT.max + 5; i++) answers.push(await send(rec, flood));
    const limited = answers.filter((a) => a.status === 429);
    expect(limited.length).toBe(5);
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
    const countAfterFlood = rows(rec);
    expect(countAfterFlood).toBe(count + 1 + VIEWER_LIMIT.max);
    // what the flood was let through is one 2 s session: no view, same ranges repeated
    const afterFlood = await insightsOf(rec);
    expect(afterFlood.views).toBe(afterLegit.views);
    expect(afterFlood.uniqueViewers).toBe(afterLegit.uniqueViewers);
    expect(afterFlood.watchTimeSec).toBe(afterLegit.watchTimeSec + 2);
    expect(afterLegit).toMatchObject({ views: before.views, uniqueViewers: before.uniqueViewers, watchTimeSec: before.watchTimeSec + 4 });
  });

  it('a viewer who may not watch may not send beacons; only who manages the recording reads its insights', async () => {
    const rec = await recordFixture(s, fixture);
    await s.call('recordings.setAccess', { id: rec.id, watch: 'members', expiresAt: null });
    const anon = await send(rec, { viewer: newId(), session: newId(), played: [[0, 6]] });
    expect(anon.status).toBe(401);
    expect(rows(rec)).toBe(0);
    await watch(rec, browser(s.cookie), 6);
    expect(rows(rec)).toBeGreaterThan(0);
    expect((await s.call('recordings.insights', { id: rec.id }, { token: null })).status).toBe(401);
    const member = await newMember('viewer@example.test');
    expect(await s.call('recordings.insights', { id: rec.id }, { token: member.token })).toMatchObject({ status: 404, ok: false });
    expect((await s.call('recordings.insights', { id: rec.id })).status).toBe(200);
    const missing = await fetch(`${s.origin}/v/${'A'.repeat(22)}/${BEACON.path}`, { method: 'POST', headers: { origin: s.origin }, body: '{}' });
    expect(missing.status).toBe(404);
  });

  it('a link served by a bucket alone: "Insights need a Reelay Server"', async () => {
    const rec = await recordFixture(s, fixture);
    // a link from before this server hosted its links: the page lives in the bucket
    s.core.db.prepare('UPDATE recordings SET link = ? WHERE id = ?').run(`https://bucket.example/${rec.shareId}`, rec.id);
    expect(valueOf<Insights>(await s.call('recordings.insights', { id: rec.id }))).toEqual({ available: false, reason: INSIGHTS_NEED_SERVER });
    // and no beacon for it is taken here
    expect((await send(rec, { viewer: newId(), session: newId(), played: [[0, 6]] })).status).toBe(404);
    expect(rows(rec)).toBe(0);
  });
});

async function newMember(email: string): Promise<{ token: string }> {
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${s.origin}${path}`, { method: 'POST', headers: { origin: s.origin, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const invite = valueOf<InviteCreated>(await s.call('account.invite', { email }));
  const joined = await post(HTTP.auth.acceptInvite, { token: invite.link.slice(invite.link.lastIndexOf('/') + 1), password: 'member-password-1' });
  const session = /reelay_session=([^;]*)/.exec(joined.headers.get('set-cookie') ?? '')![1]!;
  const made = await post(`${HTTP.callPrefix}tokens.create`, { name: 'member token' }, { cookie: `reelay_session=${session}` });
  return { token: ((await made.json()) as { value: AccessTokenCreated }).value.token };
}
