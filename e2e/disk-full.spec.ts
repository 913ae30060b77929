// The disk fills up mid-recording (the data folder on a small tmpfs): the recorder pauses cleanly and
// says so, since when, and what to do; after space is freed, Resume goes on in the same recording,
// and the link plays to the end with nothing missing. Needs root to mount; skipped, saying so, without.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/browser';
import { readShareLink } from './support/app';
import { apiCall, serve, signInContext, type ServeProcess } from './support/server';
import { openViewer, playToEnd } from './support/viewer';

const mountPoint = mkdtempSync(join(tmpdir(), 'reelay-e2e-full-'));
const mounted = (() => {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', mountPoint], { stdio: 'pipe' });
    return null;
  } catch (e) {
    return `cannot mount a tmpfs here (${e instanceof Error ? e.message.split('\n')[0] : String(e)}); this test needs root`;
  }
})();

let browser: Browser;
let server: ServeProcess;

beforeAll(async () => {
  if (mounted !== null) return;
  browser = await launchChromium();
  server = await serve({ dataDir: join(mountPoint, 'data') });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (mounted === null) execFileSync('umount', [mountPoint]);
  rmSync(mountPoint, { recursive: true, force: true });
});

const segmentsIn = async (link: string): Promise<string[]> => {
  const res = await fetch(`${link}/live/index.m3u8`);
  return res.ok ? (await res.text()).split('\n').filter((l) => l.endsWith('.m4s')) : [];
};

describe.skipIf(mounted !== null)(`a full disk while recording (${mounted ?? 'tmpfs of 64 MB'})`, () => {
  it('pauses with a message, resumes in the same recording once space is freed, and the link plays to the end', async () => {
    const context = await browser.newContext({ permissions: ['camera', 'microphone', 'clipboard-read', 'clipboard-write'] });
    await signInContext(context, server);
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Start recording' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor({ timeout: 30_000 });
    const link = await readShareLink(page);
    await expect.poll(async () => (await segmentsIn(link)).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);

    // leave about half a megabyte above the reserve Reelay keeps (5% of the disk)
    const fs = statfsSync(mountPoint);
    const free = fs.bavail * fs.bsize;
    const reserve = Math.min(64 << 20, 0.05 * fs.blocks * fs.bsize);
    const filler = join(mountPoint, 'filler');
    writeFileSync(filler, Buffer.alloc(Math.max(0, Math.floor(free - reserve - (512 << 10)))));

    const alert = page.getByRole('alert').filter({ hasText: 'The disk is full' });
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.textContent()).toMatch(/The disk is full \(since \d\d:\d\d:\d\d\)\. Free some space, then press Resume\./);
    await page.getByRole('button', { name: 'Resume' }).waitFor();
    const before = await segmentsIn(link);

    rmSync(filler);
    await page.getByRole('button', { name: 'Resume' }).click();
    await alert.waitFor({ state: 'detached', timeout: 30_000 });
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await expect.poll(async () => (await segmentsIn(link)).length, { timeout: 30_000 }).toBeGreaterThan(before.length + 1);
    await page.getByRole('button', { name: 'Stop' }).click();

    await expect.poll(async () => (await apiCall(server, 'recordings.list', {})).find((r) => r.link === link)?.state, { timeout: 60_000 }).toBe('ready');
    const rec = (await apiCall(server, 'recordings.list', {})).find((r) => r.link === link)!;
    const playlist = await (await fetch(`${link}/live/index.m3u8`)).text();
    expect(playlist).toContain('#EXT-X-ENDLIST');
    const seqs = (await segmentsIn(link)).map((u) => Number(/seg-(\d+)\.m4s/.exec(u)![1]));
    expect(seqs).toEqual(seqs.map((_, i) => i)); // one recording, nothing missing
    const viewer = await openViewer(browser, link);
    const played = await playToEnd(viewer, 2, 90_000);
    expect(played.ended).toBe(true);
    expect(Math.abs(played.playedSeconds - rec.durationMs / 1000)).toBeLessThan(1);
    await viewer.context().close();
    await context.close();
  });
});
