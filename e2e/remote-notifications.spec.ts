// What is new on a recording published to a team's Reelay Server, end to end: B (server mode, its
// storage on A through REELAY_SERVER_*) records; a guest comments on the link's page on A in another
// browser; B's library, open all along, shows "1 comment" on the card and a toast naming the recording,
// the guest and the comment, without a reload (B learns it by asking A); opening the card's comments
// (forwarded to A, which marks them read) clears the badge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { makeLiveFixture, type LiveFixture } from '../src/main/core/testing/media-fixtures';
import { apiCall, serve, signInContext, tempDataDir, type ServeProcess } from './support/server';
import { launchChromium } from './support/browser';
import { sendRecording } from './support/recording';
import { openViewer } from './support/viewer';

let browser: Browser;
let a: ServeProcess;
let b: ServeProcess;
let fixture: LiveFixture;

beforeAll(async () => {
  [browser, a, fixture] = await Promise.all([launchChromium(), serve(), makeLiveFixture(join(tempDataDir(), 'live'), 6)]);
  const { token } = await apiCall(a, 'tokens.create', { name: 'recorder B' });
  b = await serve({ env: { REELAY_SERVER_URL: a.url, REELAY_SERVER_TOKEN: token } });
});
afterAll(async () => {
  await browser?.close();
  await b?.stop();
  await a?.stop();
});

describe('notifications of comments on a recording published to a Reelay Server (two servers, Chromium)', () => {
  it("a guest comments on A: B's library shows the badge and a toast; opening the comments in B clears it", async () => {
    const rec = await sendRecording(b, fixture, 'Published demo');
    expect(rec.link.startsWith(`${a.url}/v/`)).toBe(true);
    const ownerContext = await browser.newContext();
    await signInContext(ownerContext, b);
    const library = await ownerContext.newPage();
    await library.goto(`${b.url}/#/library`);
    const card = library.getByRole('article', { name: 'Published demo' });
    await card.waitFor({ timeout: 15_000 });
    const badge = card.locator('.activity-badge');
    expect(await badge.count()).toBe(0);

    // another browser, not signed in anywhere: comments as a guest on the link's page (A's)
    const guest = await openViewer(browser, rec.link);
    await guest.getByLabel('Your name').fill('Dana');
    await guest.getByLabel('Comment', { exact: true }).fill('Seen from the team server');
    await guest.getByRole('button', { name: 'Post comment' }).click();

    // B's page, not reloaded: B asks A within its poll interval (25 s), then the badge and a toast
    await expect.poll(async () => (await badge.count()) > 0 && (await badge.textContent()), { timeout: 45_000 }).toBe('1 comment');
    const toast = library.getByRole('status').filter({ hasText: 'New comment on “Published demo”' });
    await toast.waitFor({ timeout: 10_000 });
    expect(await toast.locator('.toast-body').textContent()).toBe('Dana: Seen from the team server');

    // the comments opened in B's library come from A, which marks them read: the badge clears without the next poll
    await card.locator('.comments-panel summary').click();
    await card.locator('.comments-panel-body').first().waitFor({ timeout: 10_000 });
    await expect.poll(() => badge.count(), { timeout: 10_000 }).toBe(0);
    expect(await apiCall(b, 'recordings.activity', {})).toEqual([]);

    await guest.context().close();
    await ownerContext.close();
  });
});
