// Issue 11 end to end: Import video in server mode. A generated 1080p MP4 picked in the library's
// "Import video" input becomes a recording at once, its card shows the import's progress, its link plays
// the first (720p) rendition to `ended`, then the backfill adds the ladder to the same link. A corrupt
// file is refused with an error that names the problem, and leaves no row, no folder and no published file.
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { apiCall, serve, signInContext, type ServeProcess } from './support/server';
import { launchChromium } from './support/browser';
import { openViewer, playToEnd } from './support/viewer';
import { readMaster } from './support/backfill-media';
import { makeBadFiles, makeVideo } from '../src/main/core/testing/import-files';
import { tempDir } from '../src/main/core/testing/test-server';
import type { Recording } from '../src/shared/domain';

const SECONDS = 10;
let browser: Browser;
let server: ServeProcess;
let app: Page;
let media: string;
let video: string;
let corrupt: string;
let notVideo: string;

beforeAll(async () => {
  media = tempDir('reelay-e2e-import-');
  video = await makeVideo(join(media, 'Quarterly demo.mp4'), { seconds: SECONDS, width: 1920, height: 1080 });
  const bad = await makeBadFiles(media, video);
  corrupt = bad.truncated;
  notVideo = bad.text;
  browser = await launchChromium();
  server = await serve();
  const context = await browser.newContext();
  await signInContext(context, server);
  app = await context.newPage();
  app.on('pageerror', (e) => console.error('[app page error]', e.message));
  await app.goto(server.url);
  await app.getByRole('link', { name: 'Library', exact: true }).click();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) rmSync(server.dataDir, { recursive: true, force: true });
  if (media) rmSync(media, { recursive: true, force: true });
});

const list = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir) : []);
const byTitle = async (title: string): Promise<Recording | undefined> => (await apiCall(server, 'recordings.list', {})).find((r) => r.title === title);

describe('import: a 1080p MP4 plays at its link, then gets the ladder; a corrupt file is refused and leaves nothing', () => {
  let rec: Recording;

  it('imports the file picked in "Import video": the card shows it importing, and its link plays to the end', async () => {
    const picked = Date.now();
    await app.getByLabel('Import video').setInputFiles(video);
    const card = app.locator('article', { hasText: 'Quarterly demo' });
    await card.waitFor({ timeout: 60_000 });
    const created = Date.now();
    rec = (await byTitle('Quarterly demo'))!;
    expect(rec).toBeDefined();
    expect({ width: rec.width, height: rec.height }).toEqual({ width: 1920, height: 1080 });
    // progress shows on the card while the first rendition is made (if it is not already done)
    const importing = await card.getByText(/Importing: \d+%/).isVisible().catch(() => false);

    // the link plays as soon as its first segment is published: wait for that, not for the whole import
    await expect.poll(async () => (await readMaster(rec.link))?.length ?? 0, { timeout: 60_000, interval: 100 }).toBeGreaterThan(0);
    const playable = Date.now();
    await expect.poll(async () => (await byTitle('Quarterly demo'))?.state, { timeout: 120_000 }).toBe('ready');
    const ready = Date.now();
    console.log(
      `[import] ${statSync(video).size} bytes, ${SECONDS} s of 1920x1080: recording after ${((created - picked) / 1000).toFixed(1)} s (upload + check), link playable after ${((playable - picked) / 1000).toFixed(1)} s, first rendition done after ${((ready - picked) / 1000).toFixed(1)} s; "Importing" seen on the card: ${importing}`,
    );
    const master = (await readMaster(rec.link))!;
    expect(master.map((v) => `${v.width}x${v.height}`)).toEqual(['1280x720']);

    const viewer = await openViewer(browser, rec.link);
    const played = await playToEnd(viewer, 2, 60_000);
    expect(played.ended).toBe(true);
    expect(played.playedSeconds).toBeGreaterThan(SECONDS - 0.5);
    await viewer.context().close();
  }, 240_000);

  it('then the backfill adds the ladder to the same link', async () => {
    await expect
      .poll(async () => {
        const r = await byTitle('Quarterly demo');
        if (r?.backfill.state === 'failed') throw new Error(`backfill failed: ${r.backfill.error}`);
        return r?.backfill.state;
      }, { timeout: 240_000, interval: 500 })
      .toBe('done');
    await expect
      .poll(async () => ((await readMaster(rec.link)) ?? []).map((v) => `${v.width}x${v.height}`).sort().join(' '), { timeout: 30_000 })
      .toBe('1280x720 1920x1080 854x480');
    const card = app.locator('article', { hasText: 'Quarterly demo' });
    await expect.poll(async () => (await card.textContent()) ?? '', { timeout: 15_000 }).toContain('HD versions ready');
  }, 300_000);

  it('refuses a corrupt file with an error naming the problem, and leaves no row, no folder, no published file', async () => {
    const before = { rows: (await apiCall(server, 'recordings.list', {})).length, recordings: list(join(server.dataDir, 'recordings')), share: list(join(server.dataDir, 'share')) };
    await app.getByLabel('Import video').setInputFiles(corrupt);
    const alert = app.locator('.import-video').getByRole('alert');
    await alert.waitFor({ timeout: 60_000 });
    expect(await alert.textContent()).toMatch(/^Could not import "truncated\.mp4": it is corrupt: .*the "moov" box, is missing/);
    const after = { rows: (await apiCall(server, 'recordings.list', {})).length, recordings: list(join(server.dataDir, 'recordings')), share: list(join(server.dataDir, 'share')) };
    expect(after).toEqual(before);
    expect(list(join(server.dataDir, 'imports'))).toEqual([]);
    expect(await app.locator('article', { hasText: 'truncated' }).count()).toBe(0);
  }, 120_000);

  it('takes a file dropped on the library the same way: a text file is refused as not a video', async () => {
    const rows = (await apiCall(server, 'recordings.list', {})).length;
    await app.evaluate(
      ({ bytes }) => {
        const dt = new DataTransfer();
        dt.items.add(new File([new Uint8Array(bytes)], 'notes.mp4', { type: 'video/mp4' }));
        const library = document.querySelector('.library')!;
        library.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
        library.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      },
      { bytes: [...readFileSync(notVideo)] },
    );
    const alert = app.locator('.import-video').getByRole('alert');
    await expect.poll(async () => (await alert.textContent().catch(() => '')) ?? '', { timeout: 30_000 }).toMatch(/^Could not import "notes\.mp4": it is not a video file\. Reelay imports MP4, MOV, WebM and MKV videos\.$/);
    expect((await apiCall(server, 'recordings.list', {})).length).toBe(rows);
    expect(list(join(server.dataDir, 'imports'))).toEqual([]);
  }, 60_000);
});
