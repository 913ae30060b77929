// Issue 3's failure path, end to end: with a broken ffmpeg the library says what went wrong and the
// link keeps playing the live version; once ffmpeg works again, "Try again" in the library makes the
// HD versions on the same link.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { apiCall, serve, type ServeProcess } from './support/server';
import { launchChromium } from './support/browser';
import { openApp, recordFor } from './support/recording';
import { openViewer, playToEnd } from './support/viewer';
import { readMaster } from './support/backfill-media';
import { bundledFfmpegPath } from '../src/main/core/backfill/ffmpeg-path';

let browser: Browser;
let server: ServeProcess;
let scratch: string;
let ffmpeg: string;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'reelay-e2e-ffmpeg-'));
  // what a user meets when the ffmpeg they pointed Reelay at cannot run
  ffmpeg = join(scratch, 'ffmpeg');
  writeFileSync(ffmpeg, '#!/bin/sh\necho "ffmpeg: error while loading shared libraries: libfoo.so.1" >&2\nexit 127\n');
  chmodSync(ffmpeg, 0o755);
  browser = await launchChromium();
  server = await serve({ env: { REELAY_FFMPEG: ffmpeg } });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) rmSync(server.dataDir, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

describe('backfill with a broken ffmpeg (server mode, Chromium)', () => {
  it('says so in the library, keeps the live link playing, and makes the HD versions after Try again', async () => {
    const app = await openApp(browser, server);
    const link = await recordFor(app, 4_000);

    await app.getByRole('link', { name: 'Library', exact: true }).click();
    const card = app.locator('article').filter({ has: app.locator(`a[href="${link}"]`) }).first();
    await expect.poll(async () => (await card.textContent()) ?? '', { timeout: 60_000 }).toContain('HD versions failed');
    const text = (await card.textContent()) ?? '';
    expect(text).toContain(`could not run the ffmpeg named by REELAY_FFMPEG (${ffmpeg})`);
    expect(text).toContain('The link keeps playing the live version.');

    // and it does
    expect((await readMaster(link))?.map((v) => `${v.width}x${v.height}`)).toEqual(['1280x720']);
    const viewer = await openViewer(browser, link);
    const played = await playToEnd(viewer, 2, 60_000);
    expect(played.ended).toBe(true);
    expect(played.playedSeconds).toBeGreaterThan(3.5);
    await viewer.context().close();

    // the user repairs ffmpeg and asks again
    writeFileSync(ffmpeg, `#!/bin/sh\nexec '${bundledFfmpegPath()}' "$@"\n`);
    await card.getByRole('button', { name: 'Try HD versions again' }).click();
    await expect.poll(async () => (await card.textContent()) ?? '', { timeout: 120_000 }).toContain('HD versions ready');
    await expect(card.getByRole('button', { name: 'Try HD versions again' }).count()).resolves.toBe(0);
    const rec = (await apiCall(server, 'recordings.list', {})).find((r) => r.link === link)!;
    expect(rec.backfill).toMatchObject({ state: 'done', error: null });
    await expect.poll(async () => (await readMaster(link))?.map((v) => `${v.width}x${v.height}`).sort(), { timeout: 30_000 }).toEqual(['1280x720', '1920x1080', '854x480']);
  });
});
