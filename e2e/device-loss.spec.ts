// Issue 12, item 3 end to end: devices that go away while recording, and a silent microphone.
// Server mode in Debian's Chromium with fake devices. A device "goes away" the way the browser
// reports it: its track ends and fires 'ended' (the page's own track.stop() fires nothing, so the
// test dispatches the event itself, as the browser does when a device is unplugged or sharing stops).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { apiCall, serve, signInContext, type ServeProcess } from './support/server';
import { launchChromium } from './support/browser';
import { LOCAL_LINK, between, clickAt, readShareLink, shownAt, type Moment } from './support/app';
import { openViewer, playToEnd } from './support/viewer';
import type { Recording } from '../src/shared/domain';

type DeviceKind = 'screen' | 'camera' | 'microphone';

/** Keeps every track the page opens, by kind, so the test can end one from outside. */
function keepTracks(): void {
  const kept: Record<string, MediaStreamTrack[]> = { screen: [], camera: [], microphone: [] };
  (window as unknown as { __reelayTestTracks: typeof kept }).__reelayTestTracks = kept;
  const devices = navigator.mediaDevices;
  const display = devices.getDisplayMedia.bind(devices);
  devices.getDisplayMedia = async (constraints) => {
    const stream = await display(constraints);
    kept['screen']!.push(...stream.getVideoTracks());
    return stream;
  };
  const user = devices.getUserMedia.bind(devices);
  devices.getUserMedia = async (constraints) => {
    const stream = await user(constraints);
    for (const track of stream.getTracks()) kept[track.kind === 'video' ? 'camera' : 'microphone']!.push(track);
    return stream;
  };
}

/** Ends the newest live track of this kind as the browser does when the device goes away. */
async function endFromOutside(page: Page, kind: DeviceKind): Promise<void> {
  const ended = await page.evaluate((kind) => {
    const kept = (window as unknown as { __reelayTestTracks: Record<string, MediaStreamTrack[]> }).__reelayTestTracks;
    const track = [...(kept[kind] ?? [])].reverse().find((t) => t.readyState === 'live');
    if (!track) return false;
    track.stop();
    track.dispatchEvent(new Event('ended'));
    return true;
  }, kind);
  expect(ended, `a live ${kind} track to end`).toBe(true);
}

async function openApp(browser: Browser, server: ServeProcess): Promise<Page> {
  const context = await browser.newContext({ permissions: ['camera', 'microphone', 'clipboard-read', 'clipboard-write'] });
  await signInContext(context, server);
  await context.addInitScript(keepTracks);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('[app page error]', e.message));
  await page.goto(server.url);
  return page;
}

async function startRecording(page: Page): Promise<Moment> {
  await page.getByRole('button', { name: 'Start recording' }).click();
  return shownAt(page.getByRole('button', { name: 'Pause' }));
}

async function recordingByLink(server: ServeProcess, link: string): Promise<Recording> {
  const rec = (await apiCall(server, 'recordings.list', {})).find((r) => r.link === link);
  if (!rec) throw new Error(`no recording with link ${link}`);
  return rec;
}

/** the recording is published, as long as was recorded, and plays to its end */
async function expectPublished(browser: Browser, server: ServeProcess, link: string, recorded: { min: number; max: number }): Promise<void> {
  await expect.poll(async () => (await recordingByLink(server, link)).state, { timeout: 60_000 }).toBe('ready');
  const seconds = (await recordingByLink(server, link)).durationMs / 1000;
  expect(seconds).toBeGreaterThan(recorded.min - 0.5);
  expect(seconds).toBeLessThan(recorded.max + 0.5);
  const viewer = await openViewer(browser, link);
  const played = await playToEnd(viewer, 2, 60_000);
  expect(played.ended).toBe(true);
  expect(Math.abs(played.playedSeconds - seconds)).toBeLessThan(0.5);
  await viewer.context().close();
}

const notice = (page: Page, which: string) => page.locator(`[data-notice="${which}"]`);

describe('devices that go away while recording (server mode, Chromium, fake devices)', () => {
  let browser: Browser;
  let server: ServeProcess;
  beforeAll(async () => {
    browser = await launchChromium();
    server = await serve();
  });
  afterAll(async () => {
    await server?.stop();
    await browser?.close();
  });

  it('screen sharing ends: the recording stops by itself, is published with the link copied, and the page says why', async () => {
    const page = await openApp(browser, server);
    const started = await startRecording(page);
    const link = await readShareLink(page);
    expect(link).toMatch(LOCAL_LINK);
    await page.waitForTimeout(5000);
    const before = Date.now();
    await endFromOutside(page, 'screen');
    const ended = { before, after: Date.now() };
    // nobody pressed Stop
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText()), { timeout: 20_000 }).toBe(link);
    await expect.poll(() => notice(page, 'screen-ended').textContent(), { timeout: 20_000 }).toBe(
      'Screen sharing ended, so the recording stopped. Everything recorded until then is kept.',
    );
    await expectPublished(browser, server, link, between(started, ended));
    await page.context().close();
  });

  it('the camera goes away: recording goes on without the bubble and says so; everything is kept', async () => {
    const page = await openApp(browser, server);
    const started = await startRecording(page);
    const link = await readShareLink(page);
    await page.waitForTimeout(4000);
    await endFromOutside(page, 'camera');
    await expect.poll(() => notice(page, 'camera-lost').textContent(), { timeout: 10_000 }).toBe(
      'The camera was disconnected; recording continues without it. Choose a camera to bring the bubble back.',
    );
    // still recording; and the fake microphone's beeps are not taken for silence (11 s recorded in all)
    await page.waitForTimeout(7000);
    expect(await page.getByRole('button', { name: 'Pause' }).isVisible()).toBe(true);
    expect(await notice(page, 'microphone-silent').count()).toBe(0);
    const stopped = await clickAt(page.getByRole('button', { name: 'Stop' }));
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText()), { timeout: 20_000 }).toBe(link);
    expect(await notice(page, 'camera-lost').textContent()).toBe('The camera was disconnected during the recording; from then on it has no camera bubble.');
    await expectPublished(browser, server, link, between(started, stopped));
    await page.context().close();
  });

  it('the microphone goes away: recording goes on (its audio silent from then on, the timeline whole) and says so', async () => {
    const page = await openApp(browser, server);
    const started = await startRecording(page);
    const link = await readShareLink(page);
    await page.waitForTimeout(4000);
    await endFromOutside(page, 'microphone');
    await expect.poll(() => notice(page, 'microphone-lost').textContent(), { timeout: 10_000 }).toBe(
      'The microphone was disconnected; recording continues without your voice.',
    );
    await page.waitForTimeout(4000);
    expect(await page.getByRole('button', { name: 'Pause' }).isVisible()).toBe(true);
    const stopped = await clickAt(page.getByRole('button', { name: 'Stop' }));
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText()), { timeout: 20_000 }).toBe(link);
    // plays to its end: audio that stopped early would leave the last segments without audio and
    // hls.js stalls there without 'ended' (audio-gate.ts)
    await expectPublished(browser, server, link, between(started, stopped));
    await page.context().close();
  });
});

describe('a silent microphone (Chromium fed a silent WAV as its microphone)', () => {
  let browser: Browser;
  let server: ServeProcess;
  beforeAll(async () => {
    // 1 s of 48 kHz mono 16-bit zeros; Chromium loops it
    const wav = join(mkdtempSync(join(tmpdir(), 'reelay-silent-')), 'silent.wav');
    const frames = 48_000;
    const header = Buffer.alloc(44);
    header.write('RIFF', 0);
    header.writeUInt32LE(36 + frames * 2, 4);
    header.write('WAVEfmt ', 8);
    header.writeUInt32LE(16, 16);
    header.writeUInt16LE(1, 20);
    header.writeUInt16LE(1, 22);
    header.writeUInt32LE(48_000, 24);
    header.writeUInt32LE(96_000, 28);
    header.writeUInt16LE(2, 32);
    header.writeUInt16LE(16, 34);
    header.write('data', 36);
    header.writeUInt32LE(frames * 2, 40);
    writeFileSync(wav, Buffer.concat([header, Buffer.alloc(frames * 2)]));
    browser = await launchChromium([`--use-file-for-fake-audio-capture=${wav}`]);
    server = await serve();
  });
  afterAll(async () => {
    await server?.stop();
    await browser?.close();
  });

  it('warns after 10 s of recording, not before, and the recording is still published whole', async () => {
    const page = await openApp(browser, server);
    const started = await startRecording(page);
    const link = await readShareLink(page);
    await page.waitForTimeout(Math.max(0, started.after + 8000 - Date.now()));
    expect(await notice(page, 'microphone-silent').count()).toBe(0);
    await expect.poll(() => notice(page, 'microphone-silent').textContent(), { timeout: 15_000 }).toBe(
      'Your microphone seems silent (no sound for 10 s). Check it is not muted.',
    );
    const stopped = await clickAt(page.getByRole('button', { name: 'Stop' }));
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText()), { timeout: 20_000 }).toBe(link);
    // the warning was about the recording going on: it is gone once it is over
    expect(await notice(page, 'microphone-silent').count()).toBe(0);
    await expectPublished(browser, server, link, between(started, stopped));
    await page.context().close();
  });
});
