// Captions and chapters end to end (issue 11): the owner records, then in the library adds a WebVTT
// file (a bad one is refused, naming the line) and chapter marks; a viewer's link plays in hls.js with
// the subtitles rendition in its master, the CC button turns the captions on (off by default,
// remembered after a reload) and the cue on screen is the file's; chapters are on the seek bar (the
// hover bubble names them) and in a list that seeks; `?t=0m6s` starts at 6 s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { apiCall, serve, type ServeProcess } from './support/server';
import { launchChromium } from './support/browser';
import { openApp, recordFor, readyRecording } from './support/recording';

let browser: Browser;
let server: ServeProcess;

beforeAll(async () => {
  [browser, server] = await Promise.all([launchChromium(), serve()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const VTT = 'WEBVTT\n\n00:00:00.500 --> 00:00:04.000\nHello from the captions\n\n00:00:04.500 --> 00:00:08.000\nSecond caption\n';

type ViewerWindow = { __reelayViewer: { video: HTMLVideoElement; hls: { levels: unknown[] } | null } };

const video = <T,>(page: Page, read: (v: HTMLVideoElement) => T): Promise<T> =>
  page.evaluate(`(${read.toString()})(window.__reelayViewer.video)`) as Promise<T>;

async function seekTo(page: Page, seconds: number): Promise<void> {
  await page.evaluate(async (t) => {
    const v = (window as unknown as ViewerWindow).__reelayViewer.video;
    if (!(v.duration > 0)) await new Promise((r) => v.addEventListener('loadedmetadata', r, { once: true }));
    v.currentTime = t;
    await new Promise((r) => v.addEventListener('seeked', r, { once: true }));
  }, seconds);
}

async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as Partial<ViewerWindow>).__reelayViewer?.video, null, { timeout: 30_000 });
}

describe('captions and chapters (server mode, Chromium)', () => {
  it('added in the library, shown by the viewer: CC off by default and remembered, chapters on the seek bar and in a list, ?t= honoured', async () => {
    const app = await openApp(browser, server);
    const link = await recordFor(app, 10_000);
    await readyRecording(server, link);

    // the library: a bad file is refused naming the line, then the good one is added
    await app.getByRole('link', { name: 'Library', exact: true }).click();
    const card = app.locator('article').filter({ has: app.locator(`a[href="${link}"]`) }).first();
    await card.locator('summary', { hasText: 'Captions' }).click();
    const file = card.getByLabel(/Add captions/);
    await file.setInputFiles({ name: 'talk.srt', mimeType: 'text/plain', buffer: Buffer.from('1\n00:00:01,000 --> 00:00:02,000\nHi\n') });
    await expect.poll(async () => (await card.getByRole('alert').textContent()) ?? '', { timeout: 10_000 }).toMatch(/^talk\.srt: Line 1: a WebVTT file starts with "WEBVTT"/);
    await card.getByLabel('Captions name').fill('English');
    await file.setInputFiles({ name: 'talk.vtt', mimeType: 'text/vtt', buffer: Buffer.from(VTT) });
    await expect.poll(async () => (await card.locator('.extras-panel').first().getByRole('status').textContent()) ?? '', { timeout: 10_000 }).toMatch(/^English: 2 cues\./);

    // chapters: typed out of order, saved in order
    await card.locator('summary', { hasText: 'Chapters' }).click();
    await card.getByLabel('Chapter 1 time').fill('0:05');
    await card.getByLabel('Chapter 1 title').fill('The demo');
    await card.getByRole('button', { name: 'Add chapter' }).click();
    await card.getByLabel('Chapter 2 time').fill('0');
    await card.getByLabel('Chapter 2 title').fill('Intro');
    await card.getByRole('button', { name: 'Save chapters' }).click();
    await card.getByText('Saved 2 chapters.').waitFor({ timeout: 10_000 });
    expect(await card.getByLabel('Chapter 1 title').inputValue()).toBe('Intro');
    expect(await apiCall(server, 'recordings.chapters', { id: (await apiCall(server, 'recordings.list', {})).find((r) => r.link === link)!.id })).toEqual([
      { atSec: 0, title: 'Intro' },
      { atSec: 5, title: 'The demo' },
    ]);
    // the master names the captions once they are published
    await expect.poll(async () => (await (await fetch(`${link}/master.m3u8`)).text()).includes('TYPE=SUBTITLES'), { timeout: 15_000 }).toBe(true);

    // a viewer: hls.js plays the master with its subtitles rendition; captions are off until CC
    const viewer = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await open(viewer, link);
    const cc = viewer.getByRole('button', { name: 'Captions' });
    await cc.waitFor({ state: 'visible', timeout: 15_000 });
    expect(await cc.getAttribute('aria-pressed')).toBe('false');
    expect(await viewer.evaluate(() => (window as unknown as ViewerWindow).__reelayViewer.hls?.levels.length ?? 0)).toBeGreaterThan(0);
    expect(await video(viewer, (v) => [...v.textTracks].map((t) => `${t.kind}:${t.label}:${t.mode}`))).toEqual(['subtitles:English:hidden']);
    await viewer.evaluate(async () => {
      const v = (window as unknown as ViewerWindow).__reelayViewer.video;
      v.muted = true;
      await v.play();
    });
    await expect.poll(() => video(viewer, (v) => v.currentTime), { timeout: 15_000 }).toBeGreaterThan(1);
    await viewer.evaluate(() => (window as unknown as ViewerWindow).__reelayViewer.video.pause());
    await cc.click();
    expect(await cc.getAttribute('aria-pressed')).toBe('true');
    await seekTo(viewer, 2);
    await expect.poll(() => video(viewer, (v) => [...(v.textTracks[0]?.activeCues ?? [])].map((c) => (c as VTTCue).text)), { timeout: 10_000 }).toEqual(['Hello from the captions']);
    expect(await video(viewer, (v) => v.textTracks[0]?.mode)).toBe('showing');

    // chapters: the list, the marks, the hover bubble, a click that seeks
    const list = viewer.getByRole('region', { name: 'Chapters' });
    await list.waitFor({ timeout: 10_000 });
    expect(await list.getByRole('button').allTextContents()).toEqual(['0:00Intro', '0:05The demo']);
    await expect.poll(() => viewer.locator('.chapter-mark').count(), { timeout: 10_000 }).toBe(2);
    const bar = await viewer.locator('#seek').boundingBox();
    const duration = await video(viewer, (v) => v.duration);
    await viewer.mouse.move(bar!.x + (bar!.width * 7) / duration, bar!.y + bar!.height / 2);
    await expect.poll(async () => (await viewer.locator('#preview-chapter').textContent()) ?? '', { timeout: 5_000 }).toBe('The demo');
    await list.getByRole('button', { name: /The demo/ }).click();
    await expect.poll(() => video(viewer, (v) => v.currentTime), { timeout: 10_000 }).toBeGreaterThanOrEqual(4.9);
    expect(await video(viewer, (v) => v.currentTime)).toBeLessThan(6);
    await expect.poll(() => list.locator('[aria-current="true"]').textContent(), { timeout: 5_000 }).toBe('0:05The demo');

    // a reload remembers CC on; ?t=0m6s starts at 6 s
    await open(viewer, `${link}?t=0m6s`);
    await viewer.getByRole('button', { name: 'Captions' }).waitFor({ state: 'visible', timeout: 15_000 });
    expect(await viewer.getByRole('button', { name: 'Captions' }).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => video(viewer, (v) => v.currentTime), { timeout: 15_000 }).toBeGreaterThanOrEqual(5.9);
    expect(await video(viewer, (v) => v.currentTime)).toBeLessThan(7);
    expect(await video(viewer, (v) => [...(v.textTracks[0]?.activeCues ?? [])].map((c) => (c as VTTCue).text))).toEqual(['Second caption']);
    await app.context().close();
  }, 180_000);
});
