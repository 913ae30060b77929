// What is new, end to end (issue 10, item 6): a second browser (a guest) watches the owner's link and
// comments on it; the owner's library, open all along, shows "1 new view, 1 comment" on the card and
// a toast naming the recording, the guest and the comment, without a reload; opening the comments and
// then the insights clears each, and a reload (the database) agrees.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { makeLiveFixture, type LiveFixture } from '../src/main/core/testing/media-fixtures';
import { apiCall, serve, signInContext, tempDataDir, type ServeProcess } from './support/server';
import { launchChromium } from './support/browser';
import { sendRecording } from './support/recording';
import { openViewer, playToEnd } from './support/viewer';

let browser: Browser;
let server: ServeProcess;
let fixture: LiveFixture;

beforeAll(async () => {
  [browser, server, fixture] = await Promise.all([launchChromium(), serve(), makeLiveFixture(join(tempDataDir(), 'live'), 6)]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('notifications of new views and comments (server mode, Chromium)', () => {
  it('a guest in another browser watches and comments: the owner\'s library shows the badge and a toast; opening the comments, then the insights, clears it', async () => {
    const rec = await sendRecording(server, fixture, 'Team update');
    const ownerContext = await browser.newContext();
    await signInContext(ownerContext, server);
    const library = await ownerContext.newPage();
    await library.goto(`${server.url}/#/library`);
    const card = library.getByRole('article', { name: 'Team update' });
    await card.waitFor({ timeout: 15_000 });
    const badge = card.locator('.activity-badge');
    expect(await badge.count()).toBe(0);

    // another browser, not signed in: plays the recording to the end (a view) and comments as a guest
    const guest = await openViewer(browser, rec.link);
    const played = await playToEnd(guest, 2, 60_000);
    expect(played.ended).toBe(true);
    await guest.getByLabel('Your name').fill('Dana');
    await guest.getByLabel('Comment', { exact: true }).fill('Looks great, ship it');
    await guest.getByRole('button', { name: 'Post comment' }).click();

    // the owner's page, not reloaded: the card's badge and a toast
    await expect.poll(async () => (await badge.count()) > 0 && (await badge.textContent()), { timeout: 15_000 }).toBe('1 new view, 1 comment');
    const toast = library.getByRole('status').filter({ hasText: 'New comment on “Team update”' });
    await toast.waitFor({ timeout: 10_000 });
    expect(await toast.locator('.toast-body').textContent()).toBe('Dana: Looks great, ship it');
    await toast.getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => toast.count(), { timeout: 5_000 }).toBe(0);

    // opening the comments clears the comment; opening the insights clears the view
    await card.locator('.comments-panel summary').click();
    await card.locator('.comments-panel-body').first().waitFor({ timeout: 10_000 });
    await expect.poll(async () => (await badge.count()) > 0 && (await badge.textContent()), { timeout: 10_000 }).toBe('1 new view');
    await card.locator('.insights summary').click();
    await expect.poll(() => badge.count(), { timeout: 10_000 }).toBe(0);

    // the database agrees: after a reload nothing is new
    await library.reload();
    await card.waitFor({ timeout: 15_000 });
    await expect.poll(async () => (await apiCall(server, 'recordings.activity', {})).length, { timeout: 5_000 }).toBe(0);
    expect(await badge.count()).toBe(0);

    await guest.context().close();
    await ownerContext.close();
  });
});
