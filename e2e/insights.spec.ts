// Insights end to end (issue 10, item 4): real viewer pages in separate browser contexts send their
// beacons; the library shows the figures and the retention chart in the recording's card.
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

/** plays from the start until `seconds` of media played (or the end), then pauses (the page reports on pause) */
async function watch(page: Page, seconds: number | 'end', rate = 1): Promise<void> {
  await page.evaluate(
    async ({ seconds, rate }) => {
      const video = (window as unknown as { __reelayViewer: { video: HTMLVideoElement } }).__reelayViewer.video;
      video.muted = true;
      video.playbackRate = rate;
      const done = new Promise<void>((resolve) => {
        const check = (): void => {
          if (video.ended || (seconds !== 'end' && video.currentTime >= seconds)) resolve();
        };
        video.addEventListener('timeupdate', check);
        video.addEventListener('ended', check);
      });
      await video.play();
      await done;
      video.pause();
    },
    { seconds, rate },
  );
}

describe('insights (server mode, Chromium)', () => {
  it('two browser contexts watch the same link (one 6 s, one to the end): 2 views, 2 unique viewers; one that watches 3 s adds no view; the library draws it', async () => {
    const app = await openApp(browser, server);
    const link = await recordFor(app, 12_000);
    const rec = await readyRecording(server, link);

    const [six, all] = await Promise.all([openViewer(browser, link), openViewer(browser, link)]);
    await Promise.all([watch(six, 6), watch(all, 'end', 2)]);
    await expect
      .poll(async () => {
        const i = await apiCall(server, 'recordings.insights', { id: rec.id });
        return i.available ? { views: i.views, uniqueViewers: i.uniqueViewers } : i.reason;
      }, { timeout: 20_000 })
      .toEqual({ views: 2, uniqueViewers: 2 });
    const two = await apiCall(server, 'recordings.insights', { id: rec.id });
    if (!two.available) throw new Error(two.reason);
    expect(two.averageCompletion!).toBeGreaterThan(6 / two.durationSec - 0.05);
    expect(two.averageCompletion!).toBeLessThan(1);
    expect(two.retention[0]).toBe(1);

    const three = await openViewer(browser, link);
    await watch(three, 3);
    await expect
      .poll(async () => {
        const i = await apiCall(server, 'recordings.insights', { id: rec.id });
        return i.available ? i.watchTimeSec : 0;
      }, { timeout: 20_000 })
      .toBeGreaterThan(two.watchTimeSec + 2);
    const after = await apiCall(server, 'recordings.insights', { id: rec.id });
    expect(after).toMatchObject({ views: 2, uniqueViewers: 2 });
    for (const p of [six, all, three]) await p.context().close();

    await app.getByRole('link', { name: 'Library', exact: true }).click();
    const card = app.locator('article').filter({ has: app.locator(`a[href="${link}"]`) }).first();
    await card.getByText('Insights', { exact: true }).click();
    const figures = card.locator('.insights-figures');
    await expect.poll(async () => (await figures.textContent()) ?? '', { timeout: 10_000 }).toContain('Views2');
    expect(await figures.textContent()).toContain('Unique viewers2');
    expect(await card.getByRole('img', { name: /^Retention: 100% watched the start/ }).count()).toBe(1);
    expect(await card.getByLabel('Viewers').textContent()).toBe('2 anonymous viewers');
    await app.context().close();
  });
});
