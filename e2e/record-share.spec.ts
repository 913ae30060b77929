// Issue 2 end to end: server mode in Debian's Chromium with fake screen, camera and mic.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { apiCall, serve, signInContext, tempDataDir, type ServeProcess } from './support/server';
import { launchChromium } from './support/browser';
import { LOCAL_LINK, between, clickAt, readShareLink, shownAt, sumSpans, type Moment } from './support/app';
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
  await signInContext(context, server);
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
async function startRecording(page: Page): Promise<Moment> {
  await page.getByRole('button', { name: 'Start recording' }).click();
  return shownAt(page.getByRole('button', { name: 'Pause' }));
}

/** `actual` seconds is within `tolerance` of a span known to lie between min and max */
function expectNear(actual: number, span: { min: number; max: number }, tolerance = 0.5): void {
  expect(actual, `${actual.toFixed(3)} s against a recorded ${span.min.toFixed(3)}–${span.max.toFixed(3)} s`).toBeGreaterThan(span.min - tolerance);
  expect(actual, `${actual.toFixed(3)} s against a recorded ${span.min.toFixed(3)}–${span.max.toFixed(3)} s`).toBeLessThan(span.max + tolerance);
}

async function recordingById(server: ServeProcess, link: string): Promise<Recording> {
  const all = await apiCall(server, 'recordings.list', {});
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
    // a viewer presses play once the player has a picture (on a loaded machine the first segment can come after the page)
    await live.waitForFunction(
      () => {
        const { video } = (window as unknown as { __reelayViewer: { video: HTMLVideoElement } }).__reelayViewer;
        video.muted = true;
        if (video.paused && video.readyState >= 2) void video.play().catch(() => undefined);
        return !video.paused && video.readyState >= 2;
      },
      null,
      { timeout: 60_000, polling: 250 },
    );
    const liveProgress = await live.evaluate(async () => {
      const { video } = (window as unknown as { __reelayViewer: { video: HTMLVideoElement } }).__reelayViewer;
      const t0 = video.currentTime;
      await new Promise((r) => setTimeout(r, 2500));
      return { advanced: video.currentTime - t0, ended: video.ended };
    });
    expect(liveProgress.advanced).toBeGreaterThan(1);
    expect(liveProgress.ended).toBe(false);
    await live.context().close();

    const paused = await clickAt(page.getByRole('button', { name: 'Pause' }));
    await page.waitForTimeout(2500);
    const resumed = await clickAt(page.getByRole('button', { name: 'Resume' }));
    await page.waitForTimeout(Math.max(0, 8000 - (paused.after - started.after)));
    const stopped = await clickAt(page.getByRole('button', { name: 'Stop' }));
    // the link is in the clipboard at Stop
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText()), { timeout: 10_000 }).toBe(link);
    // paused time excluded; each bound widened by how long its click or look took
    const recorded = sumSpans(between(started, paused), between(resumed, stopped));

    // the link works a moment after Stop
    await expect.poll(async () => (await recordingById(server, link)).state, { timeout: 30_000 }).toBe('ready');
    const rec = await recordingById(server, link);
    expectNear(rec.durationMs / 1000, recorded);

    const viewer = await openViewer(browser, link);
    const played = await playToEnd(viewer, 1, 60_000);
    expect(played.ended).toBe(true);
    expectNear(played.playedSeconds, recorded);
    await viewer.context().close();

    // the library survives a restart of the server
    await page.context().close();
    await server.stop();
    server = await serve({ dataDir: server.dataDir, port: server.port });
    const again = await openApp(server);
    await again.getByRole('link', { name: 'Library', exact: true }).click();
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
    // record until three segments (6 s) are acknowledged and published, however slow the encoder is
    const segmentsAt = async (): Promise<number> => {
      const res = await fetch(`${link}/live/index.m3u8`, { cache: 'no-store' }).catch(() => null);
      return res?.ok ? (await res.text()).split('\n').filter((l) => l.endsWith('.m4s')).length : 0;
    };
    await expect.poll(segmentsAt, { timeout: 120_000 }).toBeGreaterThanOrEqual(3);
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
