// Issue 11's viewer in Chromium, against the real share routes (an in-process server on a free port,
// the built viewer, a recording published through the API): the embed page another site finds
// through oEmbed plays inside that site's page (and the full viewer page refuses to be framed there),
// Picture in picture is requested from its button, ? opens the Keyboard shortcuts, the speed is
// remembered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser';
import { startTestServer, tempDir, type TestServer } from '../src/main/core/testing/test-server';
import { makeLiveFixture } from '../src/main/core/testing/media-fixtures';
import type { Recording } from '../src/shared/domain';

type ViewerWindow = { __reelayViewer?: { hls: { levels: unknown[] } | null; video: HTMLVideoElement; quickStarted: boolean } };

let browser: Browser;
let s: TestServer;
let rec: Recording;
let host: Server | null = null;

async function publishRecording(): Promise<Recording> {
  const live = await makeLiveFixture(join(tempDir('reelay-embed-media-'), 'live'), 6, '640x360');
  const created = await s.call('recordings.create', { width: 640, height: 360, fps: 30, title: 'Embedded walkthrough' });
  if (!created.ok) throw new Error(created.error.message);
  const r = created.value as Recording;
  const ok = (x: { ok: boolean; status: number }) => {
    if (!x.ok) throw new Error(`the API refused a call (${x.status}) while publishing the fixture`);
  };
  ok(await s.call('recordings.start', { id: r.id }));
  ok(await s.call('recordings.putInit', { id: r.id, rendition: 'live', codecs: live.codecs, width: live.width, height: live.height, frameRate: 30, bitrate: 600_000, data: live.init }));
  for (const [seq, seg] of live.segments.entries()) ok(await s.call('recordings.putSegment', { id: r.id, rendition: 'live', seq, durationSec: seg.durationSec, data: seg.data }));
  ok(await s.call('recordings.stop', { id: r.id, durationMs: Math.round(live.segments.reduce((t, x) => t + x.durationSec, 0) * 1000) }));
  const until = Date.now() + 20_000;
  while (s.core.publisher.pendingCount(r.id) > 0) {
    if (Date.now() > until) throw new Error('the fixture recording was not published within 20 s');
    await new Promise((ok) => setTimeout(ok, 25));
  }
  return r;
}

beforeAll(async () => {
  [browser, s] = await Promise.all([launchChromium(), startTestServer()]);
  rec = await publishRecording();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (host) await new Promise<void>((ok) => host!.close(() => ok()));
  await s?.close();
});

/** a page of another site (localhost is another origin than 127.0.0.1) with this HTML as its body */
async function otherSite(body: string): Promise<string> {
  host = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><head><title>A blog</title></head><body><h1>Our release notes</h1>${body}</body></html>`);
  });
  await new Promise<void>((ok) => host!.listen(0, '127.0.0.1', ok));
  const address = host.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return `http://localhost:${address.port}/post`;
}

async function openViewer(url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => ((window as unknown as ViewerWindow).__reelayViewer?.hls?.levels.length ?? 0) > 0, null, { timeout: 30_000 });
  return page;
}

describe('the viewer, embedded and at its link', () => {
  it("the embed page found through the link's oEmbed plays inside another site's page; the full page will not be framed there", async () => {
    // the link's page names its oEmbed endpoint, as an unfurler or a CMS finds it
    const viewer = await openViewer(rec.link);
    const endpoint = await viewer.locator('link[rel="alternate"][type="application/json+oembed"]').getAttribute('href');
    await viewer.context().close();
    expect(endpoint).toBeTruthy();
    const res = await fetch(endpoint!);
    expect(res.status).toBe(200);
    const oembed = (await res.json()) as { type: string; html: string; width: number; height: number; title: string };
    expect(oembed).toMatchObject({ type: 'video', title: 'Embedded walkthrough', width: 960, height: 540 });

    // the site pastes the answer's HTML, and also (wrongly) tries to frame the full viewer page
    const post = await otherSite(`${oembed.html}<iframe id="full" src="${rec.link}" width="640" height="360"></iframe>`);
    const context = await browser.newContext({ viewport: { width: 1280, height: 1200 } });
    const page = await context.newPage();
    await page.goto(post);
    const frame = await (await page.waitForSelector(`iframe[src="${rec.link}/embed"]`)).contentFrame();
    if (!frame) throw new Error('the embed iframe has no frame');
    await frame.waitForFunction(() => ((window as unknown as ViewerWindow).__reelayViewer?.hls?.levels.length ?? 0) > 0, null, { timeout: 30_000 });
    // minimal chrome: the player and its controls, no title bar, no details, no comments
    expect(await frame.locator('.topbar').isVisible()).toBe(false);
    expect(await frame.locator('#title').isVisible()).toBe(false);
    await frame.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => frame.evaluate(() => (window as unknown as ViewerWindow).__reelayViewer!.video.currentTime), { timeout: 20_000 }).toBeGreaterThan(1);
    const picture = await frame.evaluate(() => {
      const v = (window as unknown as ViewerWindow).__reelayViewer!.video;
      return { width: v.videoWidth, height: v.videoHeight, box: v.getBoundingClientRect().height };
    });
    expect(picture).toMatchObject({ width: 640, height: 360 });
    expect(picture.box).toBeGreaterThan(300); // the player fills the 540 px frame

    // the full page's frame was refused: it holds no viewer
    const full = await (await page.$('#full'))!.contentFrame();
    await full!.waitForLoadState('load');
    const framedViewer = await full!.evaluate(() => document.getElementById('video') !== null).catch(() => false);
    expect(framedViewer).toBe(false);
    await context.close();
  });

  it('shows the first frame from what the page preloaded, before the player has loaded; the player takes it over and plays to the end', async () => {
    const page = await openViewer(rec.link);
    const viewer = () => page.evaluate(() => {
      const v = (window as unknown as ViewerWindow).__reelayViewer!;
      return { quickStarted: v.quickStarted, readyState: v.video.readyState, currentTime: v.video.currentTime, ended: v.video.ended, duration: v.video.duration, height: v.video.videoHeight };
    });
    expect((await viewer()).quickStarted).toBe(true);
    // paused on its first frame, the recording's length known
    await expect.poll(async () => (await viewer()).readyState).toBeGreaterThanOrEqual(2);
    expect((await viewer()).duration).toBeCloseTo(6, 0);
    await page.getByRole('button', { name: 'Play' }).click();
    // past the first segment (2 s): what hls.js appended to the same buffer
    await expect.poll(async () => (await viewer()).currentTime, { timeout: 20_000 }).toBeGreaterThan(3);
    await expect.poll(async () => (await viewer()).ended, { timeout: 20_000 }).toBe(true);
    expect((await viewer()).height).toBe(360);
    await page.context().close();

    // a ?t= link starts elsewhere: the player starts it, there
    const later = await openViewer(`${rec.link}?t=3`);
    expect(await later.evaluate(() => (window as unknown as ViewerWindow).__reelayViewer!.quickStarted)).toBe(false);
    await later.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => later.evaluate(() => (window as unknown as ViewerWindow).__reelayViewer!.video.currentTime), { timeout: 20_000 }).toBeGreaterThan(3.5);
    await later.context().close();
  });

  it('requests picture in picture from its button', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // count the requests and what came of them, calling the browser's own method
    await context.addInitScript(() => {
      const own = HTMLVideoElement.prototype.requestPictureInPicture;
      const log: string[] = [];
      (window as unknown as { __pip: string[] }).__pip = log;
      HTMLVideoElement.prototype.requestPictureInPicture = function (this: HTMLVideoElement) {
        log.push('requested');
        const p = own.call(this);
        p.then(() => log.push('entered'), (e: unknown) => log.push(`refused: ${e instanceof Error ? e.message : String(e)}`));
        return p;
      };
    });
    const page = await context.newPage();
    await page.goto(rec.link);
    await page.waitForFunction(() => ((window as unknown as ViewerWindow).__reelayViewer?.hls?.levels.length ?? 0) > 0, null, { timeout: 30_000 });
    await page.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => page.evaluate(() => (window as unknown as ViewerWindow).__reelayViewer!.video.currentTime), { timeout: 20_000 }).toBeGreaterThan(0.5);
    const button = page.getByRole('button', { name: 'Picture in picture' });
    expect(await button.isVisible()).toBe(true);
    await button.click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { __pip: string[] }).__pip.length), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const log = await page.evaluate(() => (window as unknown as { __pip: string[] }).__pip);
    console.log(`[viewer-embed] picture in picture: ${log.join(', ')}`);
    expect(log[0]).toBe('requested');
    if (log[1] === 'entered') {
      expect(await page.evaluate(() => document.pictureInPictureElement === (window as unknown as ViewerWindow).__reelayViewer!.video)).toBe(true);
      expect(await button.getAttribute('aria-pressed')).toBe('true');
      await button.click();
      await expect.poll(() => page.evaluate(() => document.pictureInPictureElement === null)).toBe(true);
    }
    await context.close();
  });

  it("plays the same link with the <video> element's own HLS where MediaSource is missing (as on iOS Safari)", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(() => {
      for (const name of ['MediaSource', 'ManagedMediaSource', 'WebKitMediaSource']) Object.defineProperty(window, name, { value: undefined, configurable: true });
    });
    const page = await context.newPage();
    await page.goto(rec.link);
    await page.waitForFunction(() => (window as unknown as ViewerWindow).__reelayViewer !== undefined);
    expect(await page.evaluate(() => (window as unknown as ViewerWindow).__reelayViewer!.hls)).toBeNull();
    await page.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => page.evaluate(() => (window as unknown as ViewerWindow).__reelayViewer!.video.currentTime), { timeout: 20_000 }).toBeGreaterThan(1);
    expect(await page.evaluate(() => (window as unknown as ViewerWindow).__reelayViewer!.video.videoHeight)).toBe(360);
    // the quality menu is the engine's: without hls.js there is none
    expect(await page.getByLabel('Quality').isVisible()).toBe(false);
    await context.close();
  });

  it('? opens the Keyboard shortcuts and Escape closes them; the speed chosen is the speed of the next link opened', async () => {
    const page = await openViewer(rec.link);
    await page.locator('body').press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toContain('Picture in picture');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);

    await page.getByLabel('Speed').selectOption('1.5');
    await page.reload();
    await page.waitForFunction(() => ((window as unknown as ViewerWindow).__reelayViewer?.hls?.levels.length ?? 0) > 0, null, { timeout: 30_000 });
    expect(await page.getByLabel('Speed').inputValue()).toBe('1.5');
    await page.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => page.evaluate(() => (window as unknown as ViewerWindow).__reelayViewer!.video.playbackRate)).toBe(1.5);
    await page.context().close();
  });
});
