// What is new on a recording, over real HTTP against a real core, real SQLite and real media: a
// viewer's view and a guest's comment make "1 new view, 1 comment" for the owner; opening the insights
// and the comments clears it; each account has its own marks; members see and hear only their own
// recordings; nobody is told of their own comments; the desktop's notifier shows new comments only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HTTP } from '../../../shared/api';
import type { Recording } from '../../../shared/domain';
import type { AccessTokenCreated, InviteCreated } from '../../../shared/accounts';
import { activityLine, type RecordingActivity } from '../../../shared/activity';
import { COMMENTS } from '../../../shared/comments';
import { BEACON, type InsightsBeacon } from '../../../shared/insights';
import type { Notice } from '../../../shared/notifications';
import { makeLiveFixture, type LiveFixture } from '../testing/media-fixtures';
import { eventually, recordFixture, startTestServer, tempDir, type TestServer, valueOf } from '../testing/test-server';
import { CommentNotifier } from '../notifications/comment-notifier';

let fixture: LiveFixture;
let s: TestServer;
let clock = Date.now();
let member: { token: string; cookie: string };

beforeAll(async () => {
  fixture = await makeLiveFixture(join(tempDir(), 'live'), 12);
  const rendererDir = tempDir('reelay-renderer-');
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'viewer.html'), '<!doctype html><html><head><!--reelay:head--></head><body></body></html>');
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>app</title>');
  s = await startTestServer({ rendererDir, core: { now: () => clock } });
  member = await newMember('carol@example.test');
}, 60_000);
afterAll(async () => s?.close());

const newId = (): string => randomBytes(16).toString('base64url').slice(0, 22);

/** a viewer page playing `seconds` from the start in one session, reporting every 5 s as it goes */
async function watch(rec: Recording, seconds: number, cookie?: string): Promise<void> {
  const viewer = newId();
  const session = newId();
  for (let t = 5; t <= seconds; t += 5) {
    clock += 5_000;
    const beacon: InsightsBeacon = { viewer, session, played: [[0, t]] };
    const res = await fetch(`${rec.link}/${BEACON.path}`, { method: 'POST', headers: { origin: s.origin, 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify(beacon) });
    expect(res.status, await res.clone().text()).toBe(204);
  }
}

/** a comment from the link's page: a guest's (with a name) or a signed-in account's (with its cookie) */
async function comment(rec: Recording, body: string, from: { name: string } | { cookie: string }): Promise<void> {
  clock += 1000;
  const res = await fetch(`${rec.link}/${COMMENTS.path}`, {
    method: 'POST',
    headers: { origin: s.origin, 'content-type': 'application/json', ...('cookie' in from ? { cookie: from.cookie } : {}) },
    body: JSON.stringify({ kind: 'comment', atSec: 2, body, ...('name' in from ? { name: from.name } : {}) }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
}

async function activity(as?: { token: string }, ids?: string[]): Promise<RecordingActivity[]> {
  return valueOf<RecordingActivity[]>(await s.call('recordings.activity', ids ? { ids } : {}, as));
}
const of = (list: RecordingActivity[], rec: Recording): RecordingActivity | undefined => list.find((a) => a.id === rec.id);

async function titled(title: string, as?: { token: string }): Promise<Recording> {
  const rec = await recordFixture(s, fixture, as);
  return valueOf<Recording>(await s.call('recordings.rename', { id: rec.id, title }, as));
}

describe('what is new on a recording', () => {
  it('a viewer\'s view and a guest\'s comment: "1 new view, 1 comment"; opening the insights, then the comments, clears each', async () => {
    const rec = await titled('Quarterly demo');
    expect(of(await activity(), rec)).toBeUndefined();

    await watch(rec, 10); // a view (5 s played)
    await watch(rec, 4); // not a view
    await comment(rec, 'Great walkthrough', { name: 'Dana' });
    const a = of(await activity(), rec)!;
    expect(a).toEqual({ id: rec.id, title: 'Quarterly demo', createdAt: rec.createdAt, newViews: 1, newComments: 1, latestComment: { author: 'Dana', body: 'Great walkthrough' } });
    expect(activityLine(a)).toBe('1 new view, 1 comment');

    clock += 1000;
    valueOf(await s.call('recordings.insights', { id: rec.id }));
    expect(of(await activity(), rec)).toMatchObject({ newViews: 0, newComments: 1 });
    clock += 1000;
    valueOf(await s.call('recordings.comments', { id: rec.id }));
    expect(of(await activity(), rec)).toBeUndefined(); // 0 new

    // what comes after the marks is new again; asking for some ids gives those only
    await watch(rec, 10);
    const other = await titled('Other');
    await comment(other, 'Hello', { name: 'Eli' });
    expect((await activity(undefined, [rec.id])).map((x) => [x.id, x.newViews, x.newComments])).toEqual([[rec.id, 1, 0]]);
    expect(of(await activity(), other)).toMatchObject({ newViews: 0, newComments: 1 });
    await comment(other, 'Second thought', { name: 'Fay' });
    expect(of(await activity(), other)).toMatchObject({ newComments: 2, latestComment: { author: 'Fay', body: 'Second thought' } });
  });

  it('nobody is told of their own comments or views; a member\'s comment on the owner\'s link is news to the owner', async () => {
    const rec = await titled('Own');
    await comment(rec, 'Note to self', { cookie: s.cookie });
    await watch(rec, 10, s.cookie);
    expect(of(await activity(), rec)).toBeUndefined();
    await comment(rec, 'From a member', { cookie: member.cookie });
    expect(of(await activity(), rec)).toMatchObject({ newViews: 0, newComments: 1, latestComment: { author: 'carol@example.test', body: 'From a member' } });
  });

  it('members: their own recordings only, in the list, by id and on the event stream; each account has its own marks', async () => {
    const events = await eventStream(member.token);
    try {
      const owners = await titled('Owner only');
      await comment(owners, 'for the owner', { name: 'Gus' });
      const mine = await titled('Carol\'s', member);
      await comment(mine, 'for carol', { name: 'Hal' });

      // the owner's recording is not the member's business, even named by id
      expect((await activity(member)).map((a) => a.id)).toEqual([mine.id]);
      expect(await activity(member, [owners.id])).toEqual([]);
      // the member's stream hears of their recording, and never of the owner's (sent first)
      await eventually(() => events.received.some((e) => e.event === 'activity-changed' && (e.data as { id: string }).id === mine.id), 10_000, "the member's activity-changed");
      expect(events.received.filter((e) => e.event === 'activity-changed').map((e) => (e.data as { id: string }).id)).not.toContain(owners.id);

      // the server's owner sees everyone's; the member opening their comments clears the member's count, not the owner's
      expect(of(await activity(), mine)).toMatchObject({ newComments: 1 });
      clock += 1000;
      valueOf(await s.call('recordings.comments', { id: mine.id }, member));
      expect(of(await activity(member), mine)).toBeUndefined();
      expect(of(await activity(), mine)).toMatchObject({ newComments: 1 });
    } finally {
      events.close();
    }
  });
});

describe('the desktop\'s notifier (CommentNotifier), on the same core', () => {
  it('a guest\'s new comment notifies once with the recording, author and text; views, the reader\'s own comment and opening do not', async () => {
    const rec = await titled('Launch video');
    await comment(rec, 'from before the start', { name: 'Old' }); // already new at start: the baseline, no notice
    const shown: Notice[] = [];
    const notifier = new CommentNotifier({ activity: s.core.activity, internal: s.core.internal, who: { kind: 'account', account: s.owner, via: 'session' }, show: (n) => shown.push(n) });
    notifier.start();
    try {
      await watch(rec, 10);
      await comment(rec, 'mine', { cookie: s.cookie });
      expect(shown).toEqual([]);
      await comment(rec, 'Love the ending', { name: 'Ivy' });
      expect(shown).toEqual([{ recordingId: rec.id, title: 'New comment on “Launch video”', body: 'Ivy: Love the ending' }]);
      clock += 1000;
      valueOf(await s.call('recordings.comments', { id: rec.id }));
      await comment(rec, 'And the music', { name: 'Jo' });
      expect(shown.map((n) => n.body)).toEqual(['Ivy: Love the ending', 'Jo: And the music']);
    } finally {
      notifier.stop();
    }
  });
});

/** the library's server-sent events, as a browser's EventSource reads them */
async function eventStream(token: string): Promise<{ received: { event: string; data: unknown }[]; close: () => void }> {
  const controller = new AbortController();
  const res = await fetch(s.origin + HTTP.events, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
  expect(res.status).toBe(200);
  const received: { event: string; data: unknown }[] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) received.push({ event, data: JSON.parse(data) });
        }
      }
    } catch {
      // aborted at the end of the test
    }
  })();
  return { received, close: () => controller.abort() };
}

async function newMember(email: string): Promise<{ token: string; cookie: string }> {
  const send = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${s.origin}${path}`, { method: 'POST', headers: { origin: s.origin, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const invite = valueOf<InviteCreated>(await s.call('account.invite', { email }));
  const joined = await send(HTTP.auth.acceptInvite, { token: invite.link.slice(invite.link.lastIndexOf('/') + 1), password: 'member-password-1' });
  const session = /reelay_session=([^;]*)/.exec(joined.headers.get('set-cookie') ?? '')![1]!;
  const cookie = `reelay_session=${session}`;
  const made = await send(`${HTTP.callPrefix}tokens.create`, { name: 'member token' }, { cookie });
  return { token: ((await made.json()) as { value: AccessTokenCreated }).value.token, cookie };
}
