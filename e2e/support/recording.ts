// The owner's app in a fresh browser context, and a recording made through it as a user makes one.
import { expect } from 'vitest';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import type { Recording } from '../../src/shared/domain';
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
