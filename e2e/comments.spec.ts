// Comments and reactions end to end (issue 10, item 5): one viewer posts at a moment of the recording,
// a second viewer (another browser context) sees it beside the player and on the seek bar and seeks
// there by clicking it; HTML in a comment is shown as text; the owner's library shows the counts and
// the comment; with guest comments turned off a guest is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { apiCall, serve, type ServeProcess } from './support/server';
import { launchChromium } from './support/browser';
import { openApp, recordFor, readyRecording } from './support/recording';
import { openViewer } from './support/viewer';

let browser: Browser;
let server: ServeProcess;

beforeAll(async () => {
  [browser, server] = await Promise.all([launchChromium(), serve()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const HTML = '<img src=x onerror="document.title=\'pwned\'"><b>bold</b>';

async function seekTo(page: Page, seconds: number): Promise<void> {
  await page.evaluate(async (t) => {
    const video = (window as unknown as { __reelayViewer: { video: HTMLVideoElement } }).__reelayViewer.video;
    if (!(video.duration > 0)) await new Promise((r) => video.addEventListener('loadedmetadata', r, { once: true }));
    video.currentTime = t;
    await new Promise((r) => video.addEventListener('seeked', r, { once: true }));
  }, seconds);
}

const currentTime = (page: Page): Promise<number> => page.evaluate(() => (window as unknown as { __reelayViewer: { video: HTMLVideoElement } }).__reelayViewer.video.currentTime);

describe('comments and reactions (server mode, Chromium)', () => {
  it('posted by one viewer, seen by a second viewer and in the owner\'s library; HTML in a comment is shown as text; guest comments refused when the owner turned them off', async () => {
    const app = await openApp(browser, server);
    const link = await recordFor(app, 10_000);
    const rec = await readyRecording(server, link);

    // the first viewer, a guest: names themselves, comments at 4 s, reacts at 6 s
    const first = await openViewer(browser, link);
    await seekTo(first, 4);
    await first.getByLabel('Your name').fill('Dana');
    await first.getByLabel('Comment', { exact: true }).fill(HTML);
    await first.getByRole('button', { name: 'Post comment' }).click();
    await first.locator('.comments-list .comment').first().waitFor({ timeout: 10_000 });
    await seekTo(first, 6);
    await first.getByRole('button', { name: /🎉/ }).click();
    await expect.poll(async () => first.locator('.seek-mark-reaction').count(), { timeout: 10_000 }).toBe(1);

    // the second viewer sees both; the text is text; a click on the comment's time seeks there
    const second = await openViewer(browser, link);
    const body = second.locator('.comments-list .comment-body').first();
    await body.waitFor({ timeout: 15_000 });
    expect(await body.textContent()).toBe(HTML);
    expect(await second.locator('.comments-list img, .comments-list b').count()).toBe(0);
    expect(await second.title()).not.toBe('pwned');
    expect(await second.locator('.comment-author').first().textContent()).toBe('Dana (guest)');
    expect(await second.locator('.seek-mark-comment').count()).toBe(1);
    expect(await second.locator('.seek-mark-reaction').textContent()).toBe('🎉');
    await second.getByRole('button', { name: /^Go to / }).first().click();
    await expect.poll(() => currentTime(second), { timeout: 10_000 }).toBeGreaterThanOrEqual(3.9);
    expect(await currentTime(second)).toBeLessThan(5);

    // the owner's library: counts on the card, the comment in the details
    await app.getByRole('link', { name: 'Library', exact: true }).click();
    const card = app.locator('article').filter({ has: app.locator(`a[href="${link}"]`) }).first();
    const summary = card.locator('.comments-panel summary');
    await expect.poll(async () => (await summary.textContent()) ?? '', { timeout: 10_000 }).toBe('Comments (1, 1 new) · 1 reaction');
    await summary.click();
    await card.locator('.comments-panel-body').first().waitFor({ timeout: 10_000 });
    expect(await card.locator('.comments-panel-body').first().textContent()).toBe(HTML);

    // guest comments off: the guest's form is gone on the next poll and a post is refused
    await card.getByLabel(/Guests can comment/).uncheck();
    await expect
      .poll(async () => {
        const c = await apiCall(server, 'recordings.comments', { id: rec.id });
        return c.available ? c.guestComments : c.reason;
      }, { timeout: 10_000 })
      .toBe(false);
    await first.reload();
    await expect.poll(async () => (await first.locator('.comments-status').textContent()) ?? '', { timeout: 15_000 }).toMatch(/turned off comments from guests/);
    expect(await first.getByRole('button', { name: 'Post comment' }).isVisible()).toBe(false);
    const refused = await first.evaluate(async (url) => (await fetch(`${url}/comments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'comment', atSec: 1, body: 'hi', name: 'Dana' }) })).status, link);
    expect(refused).toBe(403);

    for (const p of [first, second]) await p.context().close();
    await app.context().close();
  });
});
