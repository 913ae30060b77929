// The owner's app in a fresh browser context, and a recording made through it as a user makes one.
import { expect } from 'vitest';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import type { Recording } from '../../src/shared/domain';
import type { LiveFixture } from '../../src/main/core/testing/media-fixtures';
import { readShareLink } from './app';
import { apiCall, signInContext, type ServeProcess } from './server';

/** the app, signed in as the server's owner, with camera, microphone and clipboard allowed */
export async function openApp(browser: Browser, server: ServeProcess, options: BrowserContextOptions = { viewport: null }): Promise<Page> {
  const context = await browser.newContext({ ...options, permissions: ['camera', 'microphone', 'clipboard-read', 'clipboard-write'] });
  await signInContext(context, server);
  const page = await context.newPage();
  await page.goto(server.url);
  return page;
}

/** Start recording, record for `ms` once capture really runs (the Pause button shows), Stop; the share link */
export async function recordFor(app: Page, ms: number): Promise<string> {
  await app.getByRole('button', { name: 'Start recording' }).click();
  await app.getByRole('button', { name: 'Pause' }).waitFor({ timeout: 30_000 });
  const link = await readShareLink(app);
  await app.waitForTimeout(ms); // the recording's length: it is what is being made
  await app.getByRole('button', { name: 'Stop' }).click();
  return link;
}

/** the recording behind `link` once it is ready on `server` */
export async function readyRecording(server: ServeProcess, link: string, timeoutMs = 30_000): Promise<Recording> {
  const find = async (): Promise<Recording | undefined> => (await apiCall(server, 'recordings.list', {})).find((r) => r.link === link);
  await expect.poll(async () => (await find())?.state, { timeout: timeoutMs }).toBe('ready');
  return (await find())!;
}

/** a finished recording sent to `server` through the API the way the recorder sends one, once it is ready */
export async function sendRecording(server: ServeProcess, fixture: LiveFixture, title: string): Promise<{ id: string; link: string }> {
  const rec = await apiCall(server, 'recordings.create', { title, width: fixture.width, height: fixture.height, fps: 30 });
  await apiCall(server, 'recordings.start', { id: rec.id });
  await apiCall(server, 'recordings.putInit', { id: rec.id, rendition: 'live', codecs: fixture.codecs, width: fixture.width, height: fixture.height, frameRate: 30, bitrate: 300_000, data: fixture.init });
  for (const [seq, seg] of fixture.segments.entries()) await apiCall(server, 'recordings.putSegment', { id: rec.id, rendition: 'live', seq, durationSec: seg.durationSec, data: seg.data });
  await apiCall(server, 'recordings.stop', { id: rec.id, durationMs: Math.round(fixture.segments.reduce((n, s) => n + s.durationSec, 0) * 1000) });
  await expect.poll(async () => (await apiCall(server, 'recordings.get', { id: rec.id })).state, { timeout: 30_000 }).toBe('ready');
  return { id: rec.id, link: rec.link };
}
