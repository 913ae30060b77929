// Reelay Server's accounts over real HTTP, a real SQLite file and real media: sign-in and its cookie,
// the owner made once, invites, members' own recordings, access tokens, rate limits, and who may watch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HTTP, methods } from '../../../shared/api';
import type { Recording } from '../../../shared/domain';
import type { AccessTokenCreated, InviteCreated } from '../../../shared/accounts';
import { makeLiveFixture, type LiveFixture } from '../testing/media-fixtures';
import { eventually, startTestServer, tempDir, TEST_OWNER, type TestServer, recordFixture, valueOf } from '../testing/test-server';

let fixture: LiveFixture;
let rendererDir: string;
let s: TestServer;
let clock = Date.now();

beforeAll(async () => {
  fixture = await makeLiveFixture(join(tempDir(), 'live'), 4);
  rendererDir = tempDir('reelay-renderer-');
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'viewer.html'), '<!doctype html><html><head><!--reelay:head--></head><body></body></html>');
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>app</title>');
  s = await startTestServer({ rendererDir, core: { now: () => clock } });
});
afterAll(async () => s?.close());

type Answer = { status: number; body: { ok: boolean; value?: unknown; error?: { code: string; message: string } }; headers: Headers };

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${s.origin}${path}`, { method: 'POST', headers: { origin: s.origin, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Answer['body'], headers: res.headers };
}

const sessionOf = (a: Answer): string => /reelay_session=([^;]*)/.exec(a.headers.get('set-cookie') ?? '')![1]!;

async function signIn(email: string, password: string, headers: Record<string, string> = {}): Promise<Answer> {
  return post(HTTP.auth.signIn, { email, password }, headers);
}

/** a member, invited by the owner and signed up through the invite */
async function newMember(email: string): Promise<{ session: string; token: string }> {
  const invite = valueOf(await s.call('account.invite', { email })) as InviteCreated;
  const token = invite.link.slice(invite.link.lastIndexOf('/') + 1);
  const joined = await post(HTTP.auth.acceptInvite, { token, password: 'member-password-1' });
  expect(joined.status).toBe(200);
  const session = sessionOf(joined);
  const made = await post(`${HTTP.callPrefix}tokens.create`, { name: 'member token' }, { cookie: `reelay_session=${session}` });
  return { session, token: (made.body.value as AccessTokenCreated).token };
}

describe('sign-in and the session cookie', () => {
  it('no credential, however well forged the Host and Origin: 401 for every method and the event stream', async () => {
    for (const method of Object.keys(methods)) {
      const res = await fetch(`${s.origin}${HTTP.callPrefix}${method}`, { method: 'POST', headers: { origin: s.origin, 'content-type': 'application/json' }, body: '{}' });
      expect(res.status, method).toBe(401);
      expect(((await res.json()) as Answer['body']).error?.code).toBe('unauthorized');
    }
    expect((await fetch(`${s.origin}${HTTP.events}`, { headers: { origin: s.origin } })).status).toBe(401);
    expect((await s.call('recordings.list', {}, { token: 'rly_' + 'x'.repeat(43) })).status).toBe(401);
    expect((await s.call('recordings.list', {}, { token: null, headers: { cookie: 'reelay_session=forged' } })).status).toBe(401);
  });

  it('sets an HttpOnly, SameSite cookie with an expiry, a fresh one at every sign-in; sign-out ends it', async () => {
    const first = await signIn(TEST_OWNER.email, TEST_OWNER.password);
    expect(first.status).toBe(200);
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Max-Age=\d+/);
    expect(cookie).not.toMatch(/Secure/); // http://127.0.0.1: a Secure cookie would not come back
    const second = await signIn(TEST_OWNER.email.toUpperCase(), TEST_OWNER.password);
    expect(sessionOf(second)).not.toBe(sessionOf(first));
    const asFirst = { token: null, headers: { cookie: `reelay_session=${sessionOf(first)}` } };
    expect((await s.call('recordings.list', {}, asFirst)).status).toBe(200);
    const out = await post(HTTP.auth.signOut, {}, { cookie: `reelay_session=${sessionOf(first)}` });
    expect(out.headers.get('set-cookie')).toMatch(/reelay_session=;.*Max-Age=0/);
    expect((await s.call('recordings.list', {}, asFirst)).status).toBe(401);
    // the other session is still signed in
    expect((await s.call('recordings.list', {}, { token: null, headers: { cookie: `reelay_session=${sessionOf(second)}` } })).status).toBe(200);
  });

  it('a cookie from another site is refused (CSRF), a token needs no Origin', async () => {
    const session = sessionOf(await signIn(TEST_OWNER.email, TEST_OWNER.password));
    const res = await post(`${HTTP.callPrefix}recordings.list`, {}, { origin: 'http://evil.example', cookie: `reelay_session=${session}` });
    expect(res.status).toBe(403);
    const login = await post(HTTP.auth.signIn, TEST_OWNER, { origin: 'http://evil.example' });
    expect(login.status).toBe(403);
    const byToken = await fetch(`${s.origin}${HTTP.callPrefix}recordings.list`, { method: 'POST', headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' }, body: '{}' });
    expect(byToken.status).toBe(200);
  });

  it('the owner is made once, even by two racing requests', async () => {
    const tries = await Promise.all([0, 1, 2].map((i) => post(HTTP.auth.setup, { email: `second${i}@example.test`, password: 'another-password' })));
    for (const t of tries) expect(t.body.error?.code).toBe('conflict');
    const members = valueOf(await s.call('account.members', {})) as { members: { email: string; role: string }[] };
    expect(members.members.filter((m) => m.role === 'owner').map((m) => m.email)).toEqual([TEST_OWNER.email]);
  });

  it('no password or token is stored in the clear; the secrets file is private', async () => {
    const db = readFileSync(join(s.dataDir, 'library.sqlite'));
    const wal = (() => {
      try {
        return readFileSync(join(s.dataDir, 'library.sqlite-wal'));
      } catch {
        return Buffer.alloc(0);
      }
    })();
    for (const secret of [TEST_OWNER.password, s.token]) {
      expect(db.includes(Buffer.from(secret))).toBe(false);
      expect(wal.includes(Buffer.from(secret))).toBe(false);
    }
    expect(statSync(join(s.dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(Object.keys(JSON.parse(readFileSync(join(s.dataDir, 'secrets.json'), 'utf8')) as object)).toContain('link-grant-key');
  });
});

describe('rate limits on sign-in', () => {
  it('5 wrong passwords for an account: then 429 with Retry-After, even with the right one, until the window passes', async () => {
    const email = 'limited@example.test';
    await newMember(email);
    for (let i = 0; i < 5; i++) expect((await signIn(email, `wrong-${i}`)).status).toBe(401);
    const blocked = await signIn(email, 'member-password-1');
    expect(blocked.status).toBe(429);
    expect(blocked.body.error?.code).toBe('rate-limited');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    clock += 16 * 60_000;
    expect((await signIn(email, 'member-password-1')).status).toBe(200);
  });

  it('20 failures from one client across accounts: that client waits, not the others (trusting no proxy header by default)', async () => {
    for (let i = 0; i < 20; i++) expect((await signIn(`nobody${i}@example.test`, 'whatever', { 'x-forwarded-for': `10.0.0.${i}` })).status).toBe(401);
    expect((await signIn(TEST_OWNER.email, TEST_OWNER.password)).status).toBe(429);
    clock += 16 * 60_000;
    expect((await signIn(TEST_OWNER.email, TEST_OWNER.password)).status).toBe(200);
  });
});

describe('members and invites', () => {
  it('a member sees and touches only their own recordings; the owner sees everyone’s; the event stream follows', async () => {
    const m = await newMember('alice@example.test');
    const mine = await recordFixture(s, fixture, { token: m.token });
    const owners = await recordFixture(s, fixture);
    const list = valueOf(await s.call('recordings.list', {}, { token: m.token })) as Recording[];
    expect(list.map((r) => r.id)).toEqual([mine.id]);
    expect(list[0]!.owner).toBe('alice@example.test');
    const all = (valueOf(await s.call('recordings.list', {})) as Recording[]).map((r) => r.id);
    expect(all).toEqual(expect.arrayContaining([mine.id, owners.id]));
    for (const call of [
      s.call('recordings.get', { id: owners.id }, { token: m.token }),
      s.call('recordings.rename', { id: owners.id, title: 'x' }, { token: m.token }),
      s.call('recordings.delete', { id: owners.id, from: 'both' }, { token: m.token }),
      s.call('recordings.setAccess', { id: owners.id, watch: 'members', expiresAt: null }, { token: m.token }),
    ]) {
      expect(await call).toMatchObject({ status: 404, error: { code: 'not-found' } });
    }
    expect(await s.call('settings.set', { recorder: { countdownSeconds: 5 } }, { token: m.token })).toMatchObject({ status: 403, error: { code: 'forbidden' } });
    expect(await s.call('account.members', {}, { token: m.token })).toMatchObject({ status: 403 });
    expect(await s.call('account.invite', { email: 'x@example.test' }, { token: m.token })).toMatchObject({ status: 403 });

    // the member's event stream carries their recording, never the owner's
    const abort = new AbortController();
    const stream = await fetch(`${s.origin}${HTTP.events}`, { headers: { authorization: `Bearer ${m.token}` }, signal: abort.signal });
    const reader = stream.body!.getReader();
    await s.call('recordings.rename', { id: owners.id, title: 'Owner only' });
    await s.call('recordings.rename', { id: mine.id, title: 'Alice sees this' }, { token: m.token });
    let seen = '';
    while (!seen.includes('Alice sees this')) seen += new TextDecoder().decode((await reader.read()).value);
    abort.abort();
    expect(seen).not.toContain('Owner only');
  });

  it('an invite works once and for 7 days; removing a member ends their sessions and tokens, and their recordings become the owner’s', async () => {
    const invite = valueOf(await s.call('account.invite', { email: 'bob@example.test' })) as InviteCreated;
    const token = invite.link.slice(invite.link.lastIndexOf('/') + 1);
    expect(invite.link).toBe(`${s.origin}/#/invite/${token}`);
    const late = valueOf(await s.call('account.invite', { email: 'late@example.test' })) as InviteCreated;
    expect((await fetch(`${s.origin}${HTTP.auth.invite}/${token}`)).status).toBe(200);
    const joined = await post(HTTP.auth.acceptInvite, { token, password: 'bob-password-1' });
    expect(joined.status).toBe(200);
    expect((await post(HTTP.auth.acceptInvite, { token, password: 'bob-password-2' })).status).toBe(409);
    clock += 8 * 24 * 3600_000;
    const lateToken = late.link.slice(late.link.lastIndexOf('/') + 1);
    const expired = await post(HTTP.auth.acceptInvite, { token: lateToken, password: 'late-password-1' });
    expect(expired.status).toBe(409);
    expect(expired.body.error?.message).toContain('expired');

    const bob = { token: null, headers: { cookie: `reelay_session=${sessionOf(joined)}` } };
    const bobToken = (valueOf(await s.call('tokens.create', { name: 'bob ci' }, bob)) as AccessTokenCreated).token;
    const bobRec = await recordFixture(s, fixture, { token: bobToken });
    const bobId = (valueOf(await s.call('account.members', {})) as { members: { id: string; email: string }[] }).members.find((m) => m.email === 'bob@example.test')!.id;
    await s.call('account.removeMember', { id: bobId });
    expect((await s.call('recordings.list', {}, bob)).status).toBe(401);
    expect((await s.call('recordings.list', {}, { token: bobToken })).status).toBe(401);
    expect((valueOf(await s.call('recordings.get', { id: bobRec.id })) as Recording).owner).toBeNull();
  });

  it('tokens: listed with name and last use, revocable; a member cannot see or revoke the owner’s', async () => {
    const m = await newMember('carol@example.test');
    const mine = valueOf(await s.call('tokens.list', {}, { token: m.token })) as { id: string; name: string; lastUsedAt: number | null }[];
    expect(mine.map((t) => t.name)).toEqual(['member token']);
    expect(mine[0]!.lastUsedAt).not.toBeNull();
    const all = valueOf(await s.call('tokens.list', {})) as { id: string; name: string; account: string }[];
    const ownerToken = all.find((t) => t.account === TEST_OWNER.email)!;
    expect(await s.call('tokens.revoke', { id: ownerToken.id }, { token: m.token })).toMatchObject({ status: 404 });
    expect(await s.call('tokens.revoke', { id: mine[0]!.id }, { token: m.token })).toMatchObject({ status: 200 });
    expect((await s.call('recordings.list', {}, { token: m.token })).status).toBe(401);
  });
});

describe('who can watch a link', () => {
  let rec: Recording;
  const files = ['', '/master.m3u8', '/live/index.m3u8', '/live/init.mp4', '/live/seg-00000.m4s', '/status.json'];
  const get = (path: string, cookie?: string) => fetch(`${rec.link}${path}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });

  beforeAll(async () => {
    rec = await recordFixture(s, fixture);
    // published: the live lane is done once the recording is ready
    await eventually(async () => (valueOf(await s.call('recordings.get', { id: rec.id })) as Recording).state === 'ready', 15_000, 'the recording to be ready');
  });

  it('anyone with the link, by default: every file answers', async () => {
    for (const f of files) expect((await get(f)).status, f).toBe(200);
  });

  it('a password: 401 on every file without it, a grant cookie for the link with it; changing the password ends the grant', async () => {
    expect(await s.call('recordings.setAccess', { id: rec.id, watch: 'password', expiresAt: null })).toMatchObject({ status: 400 });
    const set = await s.call('recordings.setAccess', { id: rec.id, watch: 'password', password: 'link-password-1', expiresAt: null });
    expect(set).toMatchObject({ status: 200, value: { access: { watch: 'password', hasPassword: true, expiresAt: null } } });
    for (const f of files) expect((await get(f)).status, f).toBe(401);
    const page = await (await get('')).text();
    expect(page).toContain('Link password');
    expect(page).not.toContain(rec.title); // the gate names nothing of the recording
    expect(page).not.toContain('reelay-status'); // nor carries its status or names its files
    expect(page).not.toContain('rel="preload"');

    const unlock = (password: string) =>
      fetch(`${rec.link}/unlock`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `password=${encodeURIComponent(password)}`, redirect: 'manual' });
    expect((await unlock('wrong-one')).status).toBe(401);
    const ok = await unlock('link-password-1');
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/v/${rec.shareId}`);
    const setCookie = ok.headers.get('set-cookie')!;
    expect(setCookie).toContain(`Path=/v/${rec.shareId}`);
    expect(setCookie).toContain('HttpOnly');
    const grant = setCookie.split(';')[0]!;
    for (const f of files) {
      const res = await get(f, grant);
      expect(res.status, f).toBe(200);
      expect(res.headers.get('cache-control'), f).toMatch(/^private/);
      expect(res.headers.get('access-control-allow-origin'), f).toBeNull();
    }
    expect(await (await get('', grant)).text()).toContain('id="reelay-status"');
    // a grant for one link opens no other, and a forged one opens nothing
    const forged = grant.replace(/=(\d+)\./, (_, sec: string) => `=${Number(sec) + 1000}.`);
    expect((await get('/master.m3u8', forged)).status).toBe(401);

    await s.call('recordings.setAccess', { id: rec.id, watch: 'password', password: 'link-password-2', expiresAt: null });
    expect((await get('/master.m3u8', grant)).status).toBe(401);
    // keeping the password (none sent) keeps it
    expect(await s.call('recordings.setAccess', { id: rec.id, watch: 'password', expiresAt: null })).toMatchObject({ status: 200 });
    expect((await unlock('link-password-2')).status).toBe(303);
  });

  it('wrong link passwords are limited per link and client (429 with Retry-After)', async () => {
    const unlock = () => fetch(`${rec.link}/unlock`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'password=nope-nope', redirect: 'manual' });
    for (let i = 0; i < 10; i++) expect((await unlock()).status).toBe(401);
    const limited = await unlock();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    clock += 16 * 60_000;
  });

  it('members only: a signed-in member (or the owner) watches, nobody else', async () => {
    await s.call('recordings.setAccess', { id: rec.id, watch: 'members', expiresAt: null });
    for (const f of files) expect((await get(f)).status, f).toBe(401);
    expect(await (await get('')).text()).toContain('Sign in');
    const m = await newMember('dave@example.test');
    for (const f of files) expect((await get(f, `reelay_session=${m.session}`)).status, f).toBe(200);
  });

  it('expired: 410 on every file, for everyone, with a page that says so', async () => {
    await s.call('recordings.setAccess', { id: rec.id, watch: 'anyone', expiresAt: clock + 60_000 });
    expect((await get('/master.m3u8')).status).toBe(200);
    clock += 61_000;
    const owner = `reelay_session=${sessionOf(await signIn(TEST_OWNER.email, TEST_OWNER.password))}`;
    for (const f of files) {
      expect((await get(f)).status, f).toBe(410);
      expect((await get(f, owner)).status, f).toBe(410);
    }
    expect(await (await get('')).text()).toContain('This link has expired');
    // a new date opens it again
    await s.call('recordings.setAccess', { id: rec.id, watch: 'anyone', expiresAt: null });
    expect((await get('/master.m3u8')).status).toBe(200);
  });
});
