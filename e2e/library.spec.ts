// The library at scale, as a user sees it (issue 11): search by title as you type, sort, show one
// state; and from a card: rename, download the MP4, delete (the dialog says which copy goes), and no
// Reveal in folder (desktop app only). One real recording made in Chromium (so it has HD versions and
// an MP4) beside recordings made through the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { Recording } from '../src/shared/domain';
import { apiCall, serve, type ServeProcess } from './support/server';
import { launchChromium } from './support/browser';
import { openApp, recordFor } from './support/recording';

let browser: Browser;
let server: ServeProcess;
let app: Page;
let real: Recording;

beforeAll(async () => {
  [browser, server] = await Promise.all([launchChromium(), serve()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** polls until `check` gives a value (expect.poll works only inside a test) */
async function until<T>(check: () => Promise<T | null | false>, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** the titles of the cards the library shows, top to bottom */
const cardTitles = (page: Page): Promise<string[]> => page.locator('[aria-label="Recordings"] article .card-title').allInnerTexts();

describe('library: search, sort, filter; rename, download and delete from the card (server mode, Chromium)', () => {
  beforeAll(async () => {
    app = await openApp(browser, server, { viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    const link = await recordFor(app, 4_000);
    const byLink = async () => (await apiCall(server, 'recordings.page', { sort: 'newest', limit: 100, offset: 0 })).items.find((r) => r.link === link);
    real = await until(async () => {
      const r = await byLink();
      return r?.downloadUrl ? r : null;
    }, 120_000, 'the recording made and its MP4 published');
    await apiCall(server, 'recordings.rename', { id: real.id, title: 'Zephyr release demo' });
    for (const title of ['Quarterly roadmap', 'Bug triage', 'Onboarding walkthrough']) await apiCall(server, 'recordings.create', { width: 1280, height: 720, fps: 30, title });
    await app.getByRole('link', { name: 'Library', exact: true }).click();
    await until(async () => (await cardTitles(app)).length === 4, 10_000, 'four cards');
  }, 200_000);

  it('searches by title as you type, in any case', async () => {
    const search = app.getByRole('searchbox', { name: 'Search recordings' });
    await search.fill('ROADMAP');
    await expect.poll(() => cardTitles(app)).toEqual(['Quarterly roadmap']);
    await search.fill('zzz-nothing');
    await app.getByText('No recordings match.').waitFor();
    await search.fill('');
    await expect.poll(() => cardTitles(app)).toHaveLength(4);
  });

  it('sorts by title, by length and by date', async () => {
    const sort = app.getByRole('combobox', { name: 'Sort' });
    await sort.selectOption({ label: 'Title (A–Z)' });
    await expect.poll(() => cardTitles(app)).toEqual(['Bug triage', 'Onboarding walkthrough', 'Quarterly roadmap', 'Zephyr release demo']);
    await sort.selectOption({ label: 'Longest first' });
    await expect.poll(async () => (await cardTitles(app))[0]).toBe('Zephyr release demo');
    await sort.selectOption({ label: 'Oldest first' });
    await expect.poll(async () => (await cardTitles(app))[0]).toBe('Zephyr release demo');
    await sort.selectOption({ label: 'Newest first' });
    await expect.poll(async () => (await cardTitles(app))[3]).toBe('Zephyr release demo');
  });

  it('shows one state at a time: recording, ready', async () => {
    const show = app.getByRole('combobox', { name: 'Show' });
    await show.selectOption({ label: 'Ready' });
    await expect.poll(() => cardTitles(app)).toEqual(['Zephyr release demo']);
    await show.selectOption({ label: 'Recording' });
    await expect.poll(async () => (await cardTitles(app)).sort()).toEqual(['Bug triage', 'Onboarding walkthrough', 'Quarterly roadmap']);
    await show.selectOption({ label: 'Failed' });
    await app.getByText('No recordings match.').waitFor();
    await show.selectOption({ label: 'All recordings' });
    await expect.poll(() => cardTitles(app)).toHaveLength(4);
  });

  it('shows the storage used in all and on the card', async () => {
    const card = app.getByRole('article', { name: 'Zephyr release demo' });
    await expect.poll(async () => card.getByLabel('Size').innerText(), { timeout: 30_000 }).toMatch(/^\d+(\.\d)? (kB|MB)$/);
    await expect.poll(() => app.getByLabel('Storage used').innerText()).toMatch(/^Storage used: \d+(\.\d)? (kB|MB)$/);
  });

  it('renames from the card', async () => {
    const card = app.getByRole('article', { name: 'Bug triage' });
    await card.getByRole('button', { name: 'Rename' }).click();
    await card.getByLabel('Title').fill('Bug triage, renamed');
    await card.getByRole('button', { name: 'Save', exact: true }).click();
    await app.getByRole('article', { name: 'Bug triage, renamed' }).waitFor();
    const all = (await apiCall(server, 'recordings.page', { sort: 'newest', limit: 100, offset: 0, query: 'renamed' })).items;
    expect(all.map((r) => r.title)).toEqual(['Bug triage, renamed']);
  });

  it('downloads the MP4 from the card', async () => {
    const card = app.getByRole('article', { name: 'Zephyr release demo' });
    const [download] = await Promise.all([app.waitForEvent('download'), card.getByRole('link', { name: /Download MP4/ }).click()]);
    expect(download.suggestedFilename()).toBe('Zephyr release demo.mp4');
    const bytes = readFileSync((await download.path())!);
    expect(bytes.length).toBeGreaterThan(10_000);
    expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp'); // an MP4 file, not an error page
  });

  it('offers no Reveal in folder in a browser: a server cannot open your file manager', async () => {
    // the library asks app.info when it opens; once it has the answer (shell: 'server') the cards are final
    const isInfo = (r: { url(): string }): boolean => r.url().endsWith('/api/call/app.info');
    await Promise.all([app.waitForResponse(isInfo), app.getByRole('link', { name: 'Settings', exact: true }).click()]);
    const [info] = await Promise.all([app.waitForResponse(isInfo), app.getByRole('link', { name: 'Library', exact: true }).click()]);
    expect(((await info.json()) as { value: { shell: string } }).value.shell).toBe('server');
    const card = app.getByRole('article', { name: 'Zephyr release demo' });
    await card.getByRole('link', { name: /Download MP4/ }).waitFor();
    expect(await app.getByRole('button', { name: 'Reveal in folder' }).count()).toBe(0);
  });

  it('deletes from the card after a confirmation that says which copy goes', async () => {
    // (a recording still capturing is stopped or cancelled, not deleted: the one made in Chromium goes)
    const card = app.getByRole('article', { name: 'Zephyr release demo' });
    await card.getByRole('button', { name: 'Delete' }).click();
    const dialog = app.getByRole('dialog');
    await dialog.getByText('From this computer', { exact: true }).waitFor();
    await dialog.getByText('From storage', { exact: true }).waitFor();
    await dialog.getByRole('button', { name: 'Delete from both' }).click();
    await expect.poll(() => cardTitles(app)).toEqual(['Onboarding walkthrough', 'Bug triage, renamed', 'Quarterly roadmap']);
    expect((await apiCall(server, 'recordings.page', { sort: 'newest', limit: 100, offset: 0, query: 'zephyr' })).total).toBe(0);
    expect((await fetch(real.link)).status).toBe(404); // the link is gone with it
  });
});
