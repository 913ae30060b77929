// Issue 2 end to end: server mode in Debian's Chromium with fake screen, camera and mic.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { apiCall, serve, tempDataDir, type ServeProcess } from './support/server';
import { launchChromium } from './support/browser';
import { LOCAL_LINK, readShareLink } from './support/app';
import { openViewer, playToEnd } from './support/viewer';
import type { Recording } from '../src/shared/domain';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function openApp(server: ServeProcess): Promise<Page> {
  const context = await browser.newContext({ permissions: ['camera', 'microphone', 'clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('[app page error]', e.message));
  await page.goto(server.url);
  return page;
}

async function shareLink(page: Page): Promise<string> {
  const link = await readShareLink(page);
  expect(link).toMatch(LOCAL_LINK);
  return link;
}

/** Start recording → wait until capture really runs (the Pause button appears after the countdown) */
async function startRecording(page: Page): Promise<number> {
  await page.getByRole('button', { name: 'Start recording' }).click();
  await page.getByRole('button', { name: 'Pause' }).waitFor({ timeout: 30_000 });
  return Date.now();
}

async function recordingById(server: ServeProcess, link: string): Promise<Recording> {
  const all = await apiCall<Recording[]>(server.url, 'recordings.list', {});
  const rec = all.find((r) => r.link === link);
  if (!rec) throw new Error(`no recording with link ${link}`);
  return rec;
}

describe('record → Stop → the link plays (server mode, Chromium, fake devices)', () => {
  let server: ServeProcess;
  afterAll(async () => server?.stop());

  it('records with a pause, plays live while recording, then plays to the end at the right length, and survives a restart', async () => {
    server = await serve();
    const page = await openApp(server);
    const started = await startRecording(page);
    const link = await shareLink(page);

    // a second viewer watches during the recording
    await page.waitForTimeout(4000);
    const live = await openViewer(browser, link);
    const liveProgress = await live.evaluate(async () => {
      const { video } = (window as unknown as { __reelayViewer: { video: HTMLVideoElement } }).__reelayViewer;
      video.muted = true;
      await video.play().catch(() => undefined);
      const t0 = video.currentTime;
      await new Promise((r) => setTimeout(r, 2500));
      return { advanced: video.currentTime - t0, ended: video.ended };
    });
    expect(liveProgress.advanced).toBeGreaterThan(1);
    expect(liveProgress.ended).toBe(false);
    await live.context().close();

    await page.getByRole('button', { name: 'Pause' }).click();
    const pausedAt = Date.now();
    await page.waitForTimeout(2500);
    await page.getByRole('button', { name: 'Resume' }).click();
    const resumedAt = Date.now();
    await page.waitForTimeout(Math.max(0, 8000 - (pausedAt - started) - 0));
    await page.getByRole('button', { name: 'Stop' }).click();
    const stoppedAt = Date.now();
    // the link is in the clipboard at Stop
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText()), { timeout: 10_000 }).toBe(link);
    const recordedSeconds = (stoppedAt - started - (resumedAt - pausedAt)) / 1000;

    // the link works a moment after Stop
    await expect.poll(async () => (await recordingById(server, link)).state, { timeout: 30_000 }).toBe('ready');
    const rec = await recordingById(server, link);
    expect(Math.abs(rec.durationMs / 1000 - recordedSeconds)).toBeLessThan(0.5);

    const viewer = await openViewer(browser, link);
    const played = await playToEnd(viewer, 1, 60_000);
    expect(played.ended).toBe(true);
    expect(Math.abs(played.playedSeconds - recordedSeconds)).toBeLessThan(0.5);
    await viewer.context().close();

    // the library survives a restart of the server
    await page.context().close();
    await server.stop();
    server = await serve({ dataDir: server.dataDir, port: server.port });
    const again = await openApp(server);
    await again.getByRole('link', { name: 'Library' }).click();
    await expect.poll(async () => again.locator(`a[href="${link}"], input[value="${link}"]`).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect((await recordingById(server, link)).state).toBe('ready');
    await again.context().close();
    await server.stop();
  });

  it('a server killed mid-recording comes back with the recording recovered and playable', async () => {
    const dataDir = tempDataDir();
    server = await serve({ dataDir });
    const page = await openApp(server);
    await startRecording(page);
    const link = await shareLink(page);
    await page.waitForTimeout(7000);
    const port = server.port;
    await server.kill();
    await page.context().close();

    server = await serve({ dataDir, port });
    const rec = await recordingById(server, link);
    expect(rec.state).toBe('interrupted');
    expect(rec.durationMs).toBeGreaterThanOrEqual(4000);
    const viewer = await openViewer(browser, link);
    const played = await playToEnd(viewer, 2, 60_000);
    expect(played.ended).toBe(true);
    expect(Math.abs(played.playedSeconds - rec.durationMs / 1000)).toBeLessThan(0.5);
    await viewer.context().close();
  });
});
