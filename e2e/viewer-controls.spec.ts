// The share viewer's controls in Chromium, against a published recording made by ffmpeg (three
// renditions, poster, thumbnails; e2e/support/viewer-fixture.ts): no recording, no app server. Each
// check is what a viewer notices: the rendition on screen, the speed, the sound, where a key press
// seeks to, the thumbnail under the pointer, what a reload keeps; and that the controls, once
// destroyed, leave no listener behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './support/browser';
import { startViewerFixture, type ViewerFixture } from './support/viewer-fixture';
import { hoverSeekBar } from './support/viewer';
import { shortcutFor, stepSpeed } from '../src/renderer/src/viewer/keyboard';
import { formatTime } from '../src/renderer/src/viewer/time';

interface HlsView {
  levels: { width: number; height: number }[];
  currentLevel: number;
  manualLevel: number;
  nextLevel: number;
}
type ViewerWindow = { __reelayViewer: { hls: HlsView | null; video: HTMLVideoElement; controls: { destroy(): void } } };

let browser: Browser;
let fixture: ViewerFixture;

beforeAll(async () => {
  [browser, fixture] = await Promise.all([launchChromium(), startViewerFixture()]);
});
afterAll(async () => {
  await browser?.close();
  await fixture?.close();
});

/** a fresh viewer (own storage) on the link, once hls.js has read the master */
async function openViewer(query = '', context?: BrowserContext): Promise<Page> {
  context ??= await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(fixture.link + query);
  await page.waitForFunction((n) => (window as unknown as ViewerWindow).__reelayViewer?.hls?.levels.length === n, fixture.renditions.length, { timeout: 30_000 });
  return page;
}

/** until the <video> has the recording's length: after the init segment it is Infinity for a moment,
 * until the player has read the playlist (a seek to a tenth of Infinity goes nowhere) */
const untilLengthKnown = (page: Page) =>
  page.waitForFunction(() => {
    const { duration } = (window as unknown as ViewerWindow).__reelayViewer.video;
    return Number.isFinite(duration) && duration > 0;
  });

const readVideo = (page: Page) =>
  page.evaluate(() => {
    const v = (window as unknown as ViewerWindow).__reelayViewer.video;
    return { currentTime: v.currentTime, paused: v.paused, ended: v.ended, muted: v.muted, volume: v.volume, playbackRate: v.playbackRate, height: v.videoHeight, duration: v.duration };
  });
const hlsLevel = (page: Page) => page.evaluate(() => (window as unknown as ViewerWindow).__reelayViewer.hls?.currentLevel ?? -2);

/** moves focus off the form controls (a click on the title), so the page's shortcuts apply */
const focusPage = (page: Page) => page.locator('#title').click();

/** the seek step the keyboard module gives a key (ArrowRight: +5 s) */
function seekStep(key: string): number {
  const action = shortcutFor({ key }, 'other');
  if (action?.kind !== 'seek-by') throw new Error(`${key} does not seek`);
  return action.seconds;
}

describe('viewer controls', () => {
  it('lists every rendition in the quality menu, and choosing one makes hls.js play it', async () => {
    const page = await openViewer();
    const quality = page.getByLabel('Quality');
    await expect.poll(() => quality.isVisible()).toBe(true);
    const options = await quality.locator('option').evaluateAll((els) => els.map((o) => ({ value: Number((o as HTMLOptionElement).value), label: o.textContent ?? '' })));
    // Auto names the rendition it plays once one does: "Auto (360p)"
    expect(options.map((o) => o.label.replace(/^Auto \(\d+p\)$/, 'Auto'))).toEqual(['Auto', '720p', '480p', '360p']);
    const levels = await page.evaluate(() => (window as unknown as ViewerWindow).__reelayViewer.hls!.levels.map((l) => l.height));
    for (const o of options.slice(1)) expect(`${levels[o.value]}p`).toBe(o.label);

    await page.getByRole('button', { name: 'Play' }).click();
    await expect.poll(async () => (await readVideo(page)).currentTime, { timeout: 15_000 }).toBeGreaterThan(0);
    for (const label of ['360p', '720p', '480p']) {
      const level = options.find((o) => o.label === label)!.value;
      const height = levels[level]!;
      await quality.selectOption({ label });
      // from the start, so the whole recording is left to show the switch in
      await focusPage(page);
      await page.keyboard.press('0');
      if ((await readVideo(page)).paused) await page.keyboard.press('k');
      await expect
        .poll(async () => ({ level: await hlsLevel(page), height: (await readVideo(page)).height }), { timeout: 20_000 })
        .toEqual({ level, height });
    }
    await page.context().close();
  });

  it('changes playbackRate from the Speed menu and the < > keys', async () => {
    const page = await openViewer();
    const speed = page.getByLabel('Speed');
    await speed.selectOption('1.5');
    await expect.poll(async () => (await readVideo(page)).playbackRate).toBe(1.5);
    await focusPage(page);
    await page.keyboard.press('>');
    await expect.poll(async () => (await readVideo(page)).playbackRate).toBe(stepSpeed(1.5, 1));
    await expect.poll(() => speed.inputValue()).toBe(String(stepSpeed(1.5, 1)));
    await expect.poll(() => page.locator('#flash').textContent()).toBe(`${stepSpeed(1.5, 1)}×`);
    await page.keyboard.press('<');
    await page.keyboard.press('<');
    await expect.poll(async () => (await readVideo(page)).playbackRate).toBe(stepSpeed(1.5, -1));
    await page.context().close();
  });

  it('mutes and unmutes from the button and the m key', async () => {
    const page = await openViewer();
    expect((await readVideo(page)).muted).toBe(false);
    await page.getByRole('button', { name: 'Mute', exact: true }).click();
    await expect.poll(async () => (await readVideo(page)).muted).toBe(true);
    await expect.poll(() => page.locator('#viewer').getAttribute('data-muted')).toBe('true');
    await page.getByRole('button', { name: 'Unmute' }).click();
    await expect.poll(async () => (await readVideo(page)).muted).toBe(false);
    await focusPage(page);
    await page.keyboard.press('m');
    await expect.poll(async () => (await readVideo(page)).muted).toBe(true);
    await expect(page.getByRole('button', { name: 'Unmute' }).isVisible()).resolves.toBe(true);
    await page.context().close();
  });

  it('seeks by the keyboard module’s step with the arrow keys, and shows the time it went to', async () => {
    const page = await openViewer();
    await untilLengthKnown(page);
    const { duration } = await readVideo(page);
    await focusPage(page);
    await page.keyboard.press('1'); // a tenth of the way in
    const from = duration / 10;
    await expect.poll(async () => (await readVideo(page)).currentTime).toBeCloseTo(from, 2);
    const forward = seekStep('ArrowRight');
    const back = seekStep('ArrowLeft');
    expect(forward).toBeGreaterThan(0);
    expect(from + forward).toBeLessThan(duration);
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await readVideo(page)).currentTime).toBeCloseTo(from + forward, 2);
    await expect.poll(() => page.locator('#time-current').textContent()).toBe(formatTime(from + forward));
    await expect.poll(() => page.locator('#flash').textContent()).toBe(`+${forward} s`);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(async () => (await readVideo(page)).currentTime).toBeCloseTo(Math.max(0, from + forward + back), 2);
    // still paused: seeking is not playing
    expect((await readVideo(page)).paused).toBe(true);
    await page.context().close();
  });

  it('shows the thumbnail of the moment under the pointer when hovering the seek bar', async () => {
    const page = await openViewer();
    await untilLengthKnown(page);
    const { duration } = await readVideo(page);
    const { intervalSec, columns, tile } = fixture.thumbnails;
    const scale = 160 / tile.width;
    // mid-tile, mid-second moments, away from the boundaries the pointer's pixel rounding could cross
    for (const fraction of [0.35, 0.75]) {
      const time = fraction * duration;
      const k = Math.floor(time / intervalSec);
      const x = (k % columns) * tile.width * scale;
      const y = Math.floor(k / columns) * tile.height * scale;
      const shown = await hoverSeekBar(page, fraction, 20_000);
      expect(shown.sprite).toBe(`url("${fixture.link}/thumbs.jpg")`);
      expect(shown.at).toBe(`${x === 0 ? 0 : -x}px ${y === 0 ? 0 : -y}px`);
      expect(shown.time).toBe(formatTime(time));
    }
    await page.mouse.move(0, 0);
    await expect.poll(() => page.locator('#preview').isVisible()).toBe(false);
    await page.context().close();
  });

  it('after a reload starts from the beginning (no resume position), with the volume and mute the viewer chose; a ?t= link starts there', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await openViewer('', context);
    await focusPage(page);
    await page.keyboard.press('ArrowDown'); // volume 95 %
    await page.keyboard.press('m');
    await page.keyboard.press('k');
    await expect.poll(async () => (await readVideo(page)).currentTime, { timeout: 15_000 }).toBeGreaterThan(3);
    const before = await readVideo(page);
    expect(before).toMatchObject({ muted: true, volume: 0.95 });

    await page.reload();
    await page.waitForFunction(() => (window as unknown as ViewerWindow).__reelayViewer?.video.readyState >= 2, null, { timeout: 30_000 });
    const after = await readVideo(page);
    expect(after).toMatchObject({ currentTime: 0, paused: true, muted: true, volume: 0.95 });
    await expect(page.getByRole('button', { name: 'Unmute' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Play' }).isVisible()).resolves.toBe(true);

    const linked = await openViewer('?t=4', context);
    await expect.poll(async () => (await readVideo(linked)).currentTime, { timeout: 15_000 }).toBeCloseTo(4, 1);
    await context.close();
  });

  it('destroy() removes every listener the controls added: the chrome stops answering', async () => {
    const page = await openViewer();
    await untilLengthKnown(page);
    const cdp = await page.context().newCDPSession(page);
    /** the event types of the listeners on the object an expression yields */
    const listenersOn = async (expression: string): Promise<string[]> => {
      const { result } = await cdp.send('Runtime.evaluate', { expression });
      const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId! });
      await cdp.send('Runtime.releaseObject', { objectId: result.objectId! });
      return listeners.map((l) => l.type).sort();
    };
    const chrome = ['play', 'big-play', 'mute', 'volume', 'live', 'speed', 'quality', 'fullscreen', 'seek-input', 'seek', 'player'];
    const chromeListeners = async () => Object.fromEntries(await Promise.all(chrome.map(async (id) => [id, await listenersOn(`document.getElementById('${id}')`)] as const)));
    /** types only the controls listen for on the <video> (hls.js listens for others) */
    const controlsOnly = ['click', 'dblclick', 'volumechange', 'ratechange', 'progress', 'waiting', 'canplay', 'durationchange', 'loadeddata', 'emptied', 'playing', 'timeupdate', 'pause', 'play'];

    const before = { chrome: await chromeListeners(), document: await listenersOn('document'), video: await listenersOn('window.__reelayViewer.video') };
    for (const id of chrome) expect(before.chrome[id], id).not.toEqual([]);
    expect(before.document).toEqual(expect.arrayContaining(['keydown', 'fullscreenchange']));
    expect(before.video).toEqual(expect.arrayContaining(['click', 'dblclick', 'volumechange', 'ratechange']));

    await page.evaluate(() => (window as unknown as ViewerWindow).__reelayViewer.controls.destroy());
    const after = { chrome: await chromeListeners(), document: await listenersOn('document'), video: await listenersOn('window.__reelayViewer.video') };
    for (const id of chrome) expect(after.chrome[id], id).toEqual([]);
    expect(after.document.filter((t) => t === 'keydown' || t === 'fullscreenchange')).toEqual([]);
    const leftOnVideo = after.video.filter((t) => controlsOnly.includes(t));
    const leftBefore = before.video.filter((t) => controlsOnly.includes(t));
    console.log(`[viewer-controls] <video> listeners: ${before.video.length} before destroy, ${after.video.length} after (${JSON.stringify(after.video)})`);
    expect(leftOnVideo.length).toBeLessThan(leftBefore.length);
    for (const t of ['click', 'dblclick', 'volumechange', 'ratechange']) expect(after.video, t).not.toContain(t);

    // and what a viewer would notice: nothing answers any more
    const state = await page.locator('#viewer').getAttribute('data-state');
    await page.getByRole('button', { name: 'Mute', exact: true }).click();
    await page.getByLabel('Speed').selectOption('2');
    await page.getByLabel('Quality').selectOption({ label: '360p' });
    await focusPage(page);
    await page.keyboard.press('ArrowRight');
    await page.locator('#seek').hover();
    const now = await readVideo(page);
    expect(now).toMatchObject({ muted: false, playbackRate: 1, currentTime: 0, paused: true });
    expect(await page.evaluate(() => (window as unknown as ViewerWindow).__reelayViewer.hls!.manualLevel)).toBe(-1);
    expect(await page.locator('#preview').isVisible()).toBe(false);
    // the element plays on its own, but the chrome no longer follows it
    await page.evaluate(() => (window as unknown as ViewerWindow).__reelayViewer.video.play());
    await expect.poll(async () => (await readVideo(page)).currentTime, { timeout: 15_000 }).toBeGreaterThan(0.5);
    expect(await page.locator('#viewer').getAttribute('data-state')).toBe(state);
    expect(await page.locator('#time-current').textContent()).toBe('0:00');
    await page.context().close();
  });
});
