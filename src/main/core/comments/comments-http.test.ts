// Comments and reactions over real HTTP against a real core and real media: posted by one viewer, seen
// by a second and in the owner's library; HTML stays text; guests, members, the owner's switch, rate
// limits, deletion, and viewers who may not watch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HTTP } from '../../../shared/api';
import type { Recording } from '../../../shared/domain';
import type { AccessTokenCreated, InviteCreated } from '../../../shared/accounts';
import { COMMENTS, GUEST_COMMENTS_OFF, SIGN_IN_TO_COMMENT, type CommentCounts, type CommentItem, type LinkComments, type RecordingComments } from '../../../shared/comments';
import { makeLiveFixture, type LiveFixture } from '../testing/media-fixtures';
import { startTestServer, tempDir, type TestServer, recordFixture, valueOf } from '../testing/test-server';
import { COMMENT_LIMIT } from './comments-service';

const SECONDS = 12;
let fixture: LiveFixture;
let s: TestServer;
let clock = Date.now();
let member: { token: string; cookie: string };

beforeAll(async () => {
  fixture = await makeLiveFixture(join(tempDir(), 'live'), SECONDS);
  const rendererDir = tempDir('reelay-renderer-');
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'viewer.html'), '<!doctype html><html><head><!--reelay:head--></head><body></body></html>');
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>app</title>');
  s = await startTestServer({ rendererDir, core: { now: () => clock } });
  member = await newMember('carol@example.test');
}, 60_000);
afterAll(async () => s?.close());

/** what the viewer page does: POST <link>/comments from its own origin, as JSON */
function post(rec: Recording, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${rec.link}/${COMMENTS.path}`, {
    method: 'POST',
    headers: { origin: s.origin, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function list(rec: Recording, headers: Record<string, string> = {}): Promise<{ status: number; value?: LinkComments }> {
  const res = await fetch(`${rec.link}/${COMMENTS.path}`, { headers: { origin: s.origin, ...headers } });
  const json = (await res.json()) as { value?: LinkComments };
  return { status: res.status, value: json.value };
}

async function library(rec: Recording): Promise<Extract<RecordingComments, { available: true }>> {
  const c = valueOf<RecordingComments>(await s.call('recordings.comments', { id: rec.id }));
  if (!c.available) throw new Error(c.reason);
  return c;
}

const rows = (rec: Recording): number => s.core.db.prepare('SELECT COUNT(*) FROM comments WHERE recording_id = ?').pluck().get(rec.id) as number;

describe('comments and reactions on a link this server serves', () => {
  it('posted by one viewer, seen by a second viewer and in the owner\'s library; HTML in a comment is kept as text', async () => {
    const rec = await recordFixture(s, fixture);
    expect(await (await fetch(rec.link)).text()).toContain(`<meta name="${COMMENTS.metaName}" content="${COMMENTS.path}">`);
    expect((await list(rec)).value).toEqual({ items: [], posting: { as: 'guest' } });

    const html = '<img src=x onerror="alert(1)"> <b>bold</b> & "quotes"';
    const first = await post(rec, { kind: 'comment', atSec: 4.25, body: `  ${html}  `, name: 'Dana' });
    expect(first.status, await first.clone().text()).toBe(201);
    const item = ((await first.json()) as { value: CommentItem }).value;
    expect(item).toMatchObject({ kind: 'comment', atSec: 4.3, body: html, author: { kind: 'guest', name: 'Dana' } });
    clock += 1000;
    expect((await post(rec, { kind: 'reaction', atSec: 7, body: '🎉', name: 'Dana' })).status).toBe(201);

    // a second viewer (another browser, signed in as a member) sees both, in timeline order
    const second = await list(rec, { cookie: member.cookie });
    expect(second.value!.posting).toEqual({ as: 'member', name: 'carol' });
    expect(second.value!.items.map((i) => [i.kind, i.atSec, i.body])).toEqual([
      ['comment', 4.3, html],
      ['reaction', 7, '🎉'],
    ]);
    // the JSON carries the text itself: no markup is produced or interpreted on the way
    const raw = await (await fetch(`${rec.link}/${COMMENTS.path}`)).text();
    expect(JSON.parse(raw).value.items[0].body).toBe(html);

    // the member answers, by their name
    clock += 1000;
    expect((await post(rec, { kind: 'comment', atSec: 5, body: 'Agreed' }, { cookie: member.cookie })).status).toBe(201);

    // the owner's library: counts before opening, the list (members by email), then nothing new
    expect(valueOf<CommentCounts>(await s.call('recordings.commentCounts', { id: rec.id }))).toEqual({ comments: 2, unseen: 2, reactions: 1 });
    const opened = await library(rec);
    expect(opened).toMatchObject({ comments: 2, reactions: 1, unseen: 2, guestComments: true });
    expect(opened.items.map((i) => [i.body, i.author])).toEqual([
      [html, { kind: 'guest', name: 'Dana' }],
      ['Agreed', { kind: 'member', name: 'carol@example.test' }],
      ['🎉', { kind: 'guest', name: 'Dana' }],
    ]);
    expect(valueOf<CommentCounts>(await s.call('recordings.commentCounts', { id: rec.id }))).toEqual({ comments: 2, unseen: 0, reactions: 1 });
    clock += 1000;
    await post(rec, { kind: 'comment', atSec: 1, body: 'One more', name: 'Eve' });
    expect(valueOf<CommentCounts>(await s.call('recordings.commentCounts', { id: rec.id }))).toMatchObject({ comments: 3, unseen: 1 });
  });

  it('guest comments refused when the owner turned them off; members still comment', async () => {
    const rec = await recordFixture(s, fixture);
    const off = valueOf<RecordingComments>(await s.call('recordings.setGuestComments', { id: rec.id, allowed: false }));
    expect(off).toMatchObject({ available: true, guestComments: false });
    const refused = await post(rec, { kind: 'comment', atSec: 1, body: 'hello', name: 'Guest' });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toBe(GUEST_COMMENTS_OFF);
    expect((await post(rec, { kind: 'reaction', atSec: 1, body: '👍', name: 'Guest' })).status).toBe(403);
    expect((await list(rec)).value!.posting).toEqual({ as: null, reason: GUEST_COMMENTS_OFF });
    expect((await post(rec, { kind: 'comment', atSec: 1, body: 'members only now' }, { cookie: member.cookie })).status).toBe(201);
    expect(rows(rec)).toBe(1);
    await s.call('recordings.setGuestComments', { id: rec.id, allowed: true });
    expect((await post(rec, { kind: 'comment', atSec: 1, body: 'hello', name: 'Guest' })).status).toBe(201);
    // a member of the server may not change another's recording
    expect((await s.call('recordings.setGuestComments', { id: rec.id, allowed: false }, { token: member.token })).status).toBe(404);
  });

  it('a guest must give a name; bad posts are refused and change nothing', async () => {
    const rec = await recordFixture(s, fixture);
    const noName = await post(rec, { kind: 'comment', atSec: 1, body: 'who am I' });
    expect(noName.status).toBe(422);
    for (const bad of [
      'not json',
      '{}',
      { kind: 'comment', atSec: 1, body: '', name: 'A' },
      { kind: 'comment', atSec: 1, body: '   ', name: 'A' },
      { kind: 'comment', atSec: 1, body: 'x'.repeat(COMMENTS.maxChars + 1), name: 'A' },
      { kind: 'comment', atSec: 1, body: 'nul\u0000', name: 'A' },
      { kind: 'comment', atSec: -1, body: 'x', name: 'A' },
      { kind: 'comment', atSec: 1, body: 'x', name: 'A', extra: true },
      { kind: 'comment', atSec: 1, body: 'x', name: 'n'.repeat(COMMENTS.maxNameChars + 1) },
      { kind: 'comment', atSec: 1, body: 'x', name: 'two\nlines' },
      { kind: 'reaction', atSec: 1, body: '💩', name: 'A' },
      { kind: 'shout', atSec: 1, body: 'x', name: 'A' },
    ]) {
      const res = await post(rec, bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
    }
    expect((await post(rec, { kind: 'comment', atSec: SECONDS + 30, body: 'x', name: 'A' })).status).toBe(422);
    expect((await post(rec, { kind: 'comment', atSec: 1, body: 'x'.repeat(COMMENTS.maxBytes), name: 'A' })).status).toBe(413);
    expect((await post(rec, JSON.stringify({ kind: 'comment', atSec: 1, body: 'x', name: 'A' }), { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post(rec, { kind: 'comment', atSec: 1, body: 'x', name: 'A' }, { origin: 'http://evil.example' })).status).toBe(403);
    expect(rows(rec)).toBe(0);
    // exactly the limit of characters, in a script of several bytes each, goes through
    expect((await post(rec, { kind: 'comment', atSec: 1, body: '字'.repeat(COMMENTS.maxChars), name: 'A' })).status).toBe(201);
  });

  it('rate-limited per poster: past the limit 429 with Retry-After and no row', async () => {
    const rec = await recordFixture(s, fixture);
    clock += COMMENT_LIMIT.windowMs; // the member's comments in the tests before are forgotten
    const answers: number[] = [];
    let retryAfter = '';
    for (let i = 0; i < COMMENT_LIMIT.max + 3; i++) {
      const res = await post(rec, { kind: 'comment', atSec: 1, body: `spam ${i}` }, { cookie: member.cookie });
      answers.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after') ?? '';
    }
    expect(answers.filter((a) => a === 201).length).toBe(COMMENT_LIMIT.max);
    expect(answers.filter((a) => a === 429).length).toBe(3);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(rows(rec)).toBe(COMMENT_LIMIT.max);
    clock += COMMENT_LIMIT.windowMs;
    expect((await post(rec, { kind: 'comment', atSec: 1, body: 'later' }, { cookie: member.cookie })).status).toBe(201);
  });

  it('the owner deletes any comment; it is gone for viewers and from the counts', async () => {
    const rec = await recordFixture(s, fixture);
    const made = await post(rec, { kind: 'comment', atSec: 2, body: 'mine' }, { cookie: member.cookie });
    const { id } = ((await made.json()) as { value: CommentItem }).value;
    await post(rec, { kind: 'comment', atSec: 3, body: 'stays', name: 'Guest' });
    // the member who wrote it does not manage the owner's recording
    expect((await s.call('recordings.deleteComment', { id: rec.id, commentId: id }, { token: member.token })).status).toBe(404);
    const after = valueOf<RecordingComments>(await s.call('recordings.deleteComment', { id: rec.id, commentId: id }));
    expect(after).toMatchObject({ available: true, comments: 1 });
    expect((await list(rec)).value!.items.map((i) => i.body)).toEqual(['stays']);
    expect((await s.call('recordings.deleteComment', { id: rec.id, commentId: id })).status).toBe(404);
  });

  it('a viewer who may not watch may neither read nor post; a password viewer may read but must sign in to comment', async () => {
    const rec = await recordFixture(s, fixture);
    await s.call('recordings.setAccess', { id: rec.id, watch: 'members', expiresAt: null });
    expect((await list(rec)).status).toBe(401);
    expect((await post(rec, { kind: 'comment', atSec: 1, body: 'hi', name: 'Anon' })).status).toBe(401);
    expect(rows(rec)).toBe(0);
    const asMember = await list(rec, { cookie: member.cookie });
    expect(asMember.status).toBe(200);
    expect(asMember.value!.posting).toEqual({ as: 'member', name: 'carol' });

    await s.call('recordings.setAccess', { id: rec.id, watch: 'password', password: 'link-password-1', expiresAt: null });
    const unlocked = await fetch(`${rec.link}/unlock`, { method: 'POST', redirect: 'manual', headers: { origin: s.origin, 'content-type': 'application/x-www-form-urlencoded' }, body: 'password=link-password-1' });
    const grant = /(reelay_link_[^=]+=[^;]*)/.exec(unlocked.headers.get('set-cookie') ?? '')![1]!;
    const withGrant = await list(rec, { cookie: grant });
    expect(withGrant.value!.posting).toEqual({ as: null, reason: SIGN_IN_TO_COMMENT });
    expect((await post(rec, { kind: 'comment', atSec: 1, body: 'hi', name: 'Anon' }, { cookie: grant })).status).toBe(403);

    await s.call('recordings.setAccess', { id: rec.id, watch: 'anyone', expiresAt: clock - 1 });
    expect((await list(rec, { cookie: member.cookie })).status).toBe(410);
    const missing = await fetch(`${s.origin}/v/${'A'.repeat(22)}/${COMMENTS.path}`, { headers: { origin: s.origin } });
    expect(missing.status).toBe(404);
  });

  it('a link served by a bucket alone: "Comments need a Reelay Server"', async () => {
    const rec = await recordFixture(s, fixture);
    s.core.db.prepare('UPDATE recordings SET link = ? WHERE id = ?').run(`https://bucket.example/${rec.shareId}`, rec.id);
    expect(valueOf<RecordingComments>(await s.call('recordings.comments', { id: rec.id }))).toEqual({ available: false, reason: 'Comments need a Reelay Server' });
    expect((await fetch(`${s.origin}/v/${rec.shareId}/${COMMENTS.path}`)).status).toBe(404);
  });
});

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
