// Reelay Server with accounts, end to end in Chromium: the owner's first account, an invited member,
// each one's library, access tokens, the API closed to anyone without a credential, and who can watch
// a link (password, members, expiry) enforced on every file of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { methods } from '../src/shared/api';
import type { Recording } from '../src/shared/domain';
import { launchChromium } from './support/browser';
import { readShareLink } from './support/app';
import { callAs, serve, type ServeProcess } from './support/server';
import { playToEnd } from './support/viewer';

const OWNER = { email: 'boss@example.test', password: 'owner-pass-123' };
const MEMBER = { email: 'member@example.test', password: 'member-pass-123' };
const LINK_PASSWORD = 'link-pass-123';

let browser: Browser;
let server: ServeProcess;
let owner: { context: BrowserContext; page: Page };
let member: { context: BrowserContext; page: Page };

beforeAll(async () => {
  [browser, server] = await Promise.all([launchChromium(), serve({ owner: false })]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function newApp(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ permissions: ['camera', 'microphone', 'clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('[app page error]', e.message));
  return { context, page };
}

async function sessionOf(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies(server.url)).find((c) => c.name === 'reelay_session');
  if (!cookie) throw new Error('not signed in');
  return cookie.value;
}

/** records about `seconds` and stops; the recording once its link plays */
async function record(who: { context: BrowserContext; page: Page }, seconds: number): Promise<Recording> {
  const { page } = who;
  await page.getByRole('link', { name: 'Record' }).click();
  await page.getByRole('button', { name: 'Start recording' }).click();
  await page.getByRole('button', { name: 'Pause' }).waitFor({ timeout: 30_000 });
  const link = await readShareLink(page);
  await page.waitForTimeout(seconds * 1000); // the length of the recording
  await page.getByRole('button', { name: 'Stop' }).click();
  const session = await sessionOf(who.context);
  await expect.poll(async () => (await callAs(server.url, { session }, 'recordings.list', {})).find((r) => r.link === link)?.state, { timeout: 30_000 }).toBe('ready');
  return (await callAs(server.url, { session }, 'recordings.list', {})).find((r) => r.link === link)!;
}

async function status(url: string, headers: Record<string, string> = {}): Promise<number> {
  return (await fetch(url, { headers, redirect: 'manual' })).status;
}

describe('Reelay Server: accounts, members, tokens and private links (Chromium, server mode)', () => {
  let ownerRec: Recording;
  let memberRec: Recording;

  it('the first visit creates the owner account, who invites a member through a one-time link', async () => {
    owner = await newApp();
    await owner.page.goto(server.url);
    await owner.page.getByRole('heading', { name: 'Create the owner account' }).waitFor();
    await owner.page.getByLabel('Email').fill(OWNER.email);
    await owner.page.getByLabel('Password').fill(OWNER.password);
    await owner.page.getByRole('button', { name: 'Create account' }).click();
    await owner.page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await owner.page.getByLabel('Signed in as').textContent()).toBe(OWNER.email);

    await owner.page.getByRole('link', { name: 'Settings' }).click();
    await owner.page.getByLabel("Member's email").fill(MEMBER.email);
    await owner.page.getByRole('button', { name: 'Invite member' }).click();
    const invite = await owner.page.getByLabel('Invite link').inputValue();
    expect(invite).toMatch(new RegExp(`^${server.url}/#/invite/[A-Za-z0-9_-]{43}$`));

    member = await newApp();
    await member.page.goto(invite);
    await member.page.getByRole('heading', { name: 'Join this Reelay' }).waitFor();
    expect(await member.page.getByLabel('Email').inputValue()).toBe(MEMBER.email);
    await member.page.getByLabel('Password').fill(MEMBER.password);
    await member.page.getByRole('button', { name: 'Create account' }).click();
    await member.page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await member.page.getByLabel('Signed in as').textContent()).toBe(MEMBER.email);

    // the invite worked once
    const again = await newApp();
    await again.page.goto(invite);
    await again.page.getByText('This invite was already used').waitFor();
    await again.context.close();
  });

  it('each records; the member sees only their own recording, the owner sees both', async () => {
    memberRec = await record(member, 3);
    ownerRec = await record(owner, 3);
    expect(memberRec.owner).toBe(MEMBER.email);

    const memberList = await callAs(server.url, { session: await sessionOf(member.context) }, 'recordings.list', {});
    expect(memberList.map((r) => r.id)).toEqual([memberRec.id]);
    const ownerList = await callAs(server.url, { session: await sessionOf(owner.context) }, 'recordings.list', {});
    expect(ownerList.map((r) => r.id).sort()).toEqual([memberRec.id, ownerRec.id].sort());

    await member.page.getByRole('link', { name: 'Library', exact: true }).click();
    await member.page.getByRole('list', { name: 'Recordings' }).getByRole('listitem').first().waitFor();
    expect(await member.page.getByRole('list', { name: 'Recordings' }).getByRole('listitem').count()).toBe(1);
    await owner.page.getByRole('link', { name: 'Library', exact: true }).click();
    await expect.poll(() => owner.page.getByRole('list', { name: 'Recordings' }).getByRole('listitem').count()).toBe(2);
    expect(await owner.page.getByLabel('Made by').allTextContents()).toEqual([`by ${MEMBER.email}`]);

    // another member's recording is as good as absent
    const session = await sessionOf(member.context);
    await expect(callAs(server.url, { session }, 'recordings.rename', { id: ownerRec.id, title: 'mine now' })).rejects.toMatchObject({ code: 'not-found' });
    await expect(callAs(server.url, { session }, 'settings.set', { recorder: { countdownSeconds: 5 } })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('a request with the right Host and Origin but no credential gets 401 for every method; a token works until revoked', async () => {
    for (const method of Object.keys(methods)) {
      const res = await fetch(`${server.url}/api/call/${method}`, { method: 'POST', headers: { origin: server.url, 'content-type': 'application/json' }, body: '{}' });
      expect(res.status, method).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    }
    expect(await status(`${server.url}/api/events`, { origin: server.url })).toBe(401);

    await owner.page.getByRole('link', { name: 'Settings' }).click();
    await owner.page.getByLabel('Token name').fill('ci script');
    await owner.page.getByRole('button', { name: 'Create token' }).click();
    const token = await owner.page.getByLabel('New access token').inputValue();
    expect(token).toMatch(/^rly_/);
    const list = await callAs(server.url, { token }, 'recordings.list', {});
    expect(list).toHaveLength(2);
    await owner.page.reload();
    await owner.page.getByText('last used').waitFor(); // the list says when the token was last used
    await owner.page.getByRole('button', { name: 'Revoke ci script' }).click();
    await owner.page.getByRole('button', { name: 'Revoke ci script' }).waitFor({ state: 'detached' });
    await expect(callAs(server.url, { token }, 'recordings.list', {})).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('a password link: every file answers 401 without it; with it the viewer plays to the end; a member watches without one', async () => {
    // the poster and the MP4 exist once the HD versions are made
    const ownerSession = await sessionOf(owner.context);
    await expect.poll(async () => (await callAs(server.url, { session: ownerSession }, 'recordings.get', { id: ownerRec.id })).backfill.state, { timeout: 120_000 }).toMatch(/^(done|failed)$/);
    const made = await callAs(server.url, { session: ownerSession }, 'recordings.get', { id: ownerRec.id });
    expect(made.backfill, server.output().slice(-3000)).toMatchObject({ state: 'done', error: null });

    await owner.page.getByRole('link', { name: 'Library', exact: true }).click();
    // both were made the same minute, so both have the same title: the card is the one with this link
    const card = owner.page.getByRole('article').filter({ has: owner.page.locator(`a.card-link[href="${ownerRec.link}"]`) });
    await card.getByLabel('Who can watch').selectOption({ label: 'Password' });
    await card.getByLabel('Link password').fill(LINK_PASSWORD);
    await card.getByRole('button', { name: 'Save access' }).click();
    await card.getByText('Saved.').waitFor();

    const link = ownerRec.link;
    const files = ['', '/master.m3u8', '/live/index.m3u8', '/live/init.mp4', '/live/seg-00000.m4s', '/poster.jpg', '/download.mp4', '/status.json', '/thumbs.vtt'];
    for (const f of files) expect(await status(`${link}${f}`), f).toBe(401);

    const viewer = await browser.newContext();
    const page = await viewer.newPage();
    await page.goto(link);
    await page.getByLabel('Link password').fill('not the password');
    await page.getByRole('button', { name: 'Watch' }).click();
    await page.getByText('Wrong password').waitFor();
    await page.getByLabel('Link password').fill(LINK_PASSWORD);
    await page.getByRole('button', { name: 'Watch' }).click();
    await page.waitForFunction(() => (window as unknown as { __reelayViewer?: { video?: HTMLVideoElement } }).__reelayViewer?.video, null, { timeout: 30_000 });
    const played = await playToEnd(page, 2, 60_000);
    expect(played.ended).toBe(true);
    expect(Math.abs(played.playedSeconds - ownerRec.durationMs / 1000)).toBeLessThan(0.6);
    await viewer.close();

    // a member of the server watches a password link without the password
    const memberViewer = await member.context.newPage();
    await memberViewer.goto(link);
    await memberViewer.waitForFunction(() => (window as unknown as { __reelayViewer?: { video?: HTMLVideoElement } }).__reelayViewer?.video, null, { timeout: 30_000 });
    expect((await playToEnd(memberViewer, 2, 60_000)).ended).toBe(true);
    await memberViewer.close();
  });

  it('a members-only link asks anonymous viewers to sign in; an expired link answers 410 on every file', async () => {
    const ownerSession = await sessionOf(owner.context);
    await callAs(server.url, { session: ownerSession }, 'recordings.setAccess', { id: ownerRec.id, watch: 'members', expiresAt: null });
    const anonymous = await browser.newContext();
    const page = await anonymous.newPage();
    const answer = await page.goto(ownerRec.link);
    expect(answer?.status()).toBe(401);
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    for (const f of ['/master.m3u8', '/live/seg-00000.m4s']) expect(await status(`${ownerRec.link}${f}`), f).toBe(401);
    await anonymous.close();

    await callAs(server.url, { session: ownerSession }, 'recordings.setAccess', { id: ownerRec.id, watch: 'anyone', expiresAt: Date.now() - 1000 });
    for (const f of ['', '/master.m3u8', '/live/index.m3u8', '/live/seg-00000.m4s', '/poster.jpg', '/download.mp4', '/status.json']) {
      expect(await status(`${ownerRec.link}${f}`), f).toBe(410);
    }
    const expired = await browser.newContext();
    const expiredPage = await expired.newPage();
    await expiredPage.goto(ownerRec.link);
    await expiredPage.getByText('This link has expired').waitFor();
    await expired.close();
    // the member's own link is untouched
    expect(await status(`${memberRec.link}/master.m3u8`)).toBe(200);
  });

  it('sign out, then too many wrong passwords are refused for a while (429 with Retry-After)', async () => {
    await member.page.getByRole('button', { name: 'Sign out' }).click();
    await member.page.getByRole('heading', { name: 'Sign in to Reelay' }).waitFor();
    // the old session no longer works
    await member.page.reload();
    await member.page.getByRole('heading', { name: 'Sign in to Reelay' }).waitFor();

    for (let i = 0; i < 5; i++) {
      await member.page.getByLabel('Email').fill(MEMBER.email);
      await member.page.getByLabel('Password').fill(`wrong-${i}-password`);
      await member.page.getByRole('button', { name: 'Sign in' }).click();
      await member.page.getByText('Wrong email or password.').waitFor();
    }
    await member.page.getByLabel('Password').fill(MEMBER.password);
    await member.page.getByRole('button', { name: 'Sign in' }).click();
    await member.page.getByText(/Too many sign-in attempts\. Try again in/).waitFor();
    const res = await fetch(`${server.url}/api/auth/sign-in`, { method: 'POST', headers: { origin: server.url, 'content-type': 'application/json' }, body: JSON.stringify(MEMBER) });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    await member.context.close();
    await owner.context.close();
  });
});
