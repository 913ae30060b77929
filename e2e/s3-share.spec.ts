// Storage configured through the UI against a real S3-protocol server on 127.0.0.1 (s3rver), record
// in Chromium, Stop, and the link plays to the end. Reelay Server keeps the link on its own origin
// (the page, playlists and status) while every segment comes from the bucket; a password link names
// only presigned bucket URLs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { apiCall, serve, signInContext, type ServeProcess } from './support/server';
import { launchChromium } from './support/browser';
import { readShareLink } from './support/app';
import { openViewer, playToEnd } from './support/viewer';
import { startS3rver, type LocalS3 } from '../src/main/core/storage/testing/s3rver';
import type { Recording } from '../src/shared/domain';

const SECRET = 'e2e-secret-never-shown-again';
let browser: Browser;
let s3: LocalS3;
let server: ServeProcess;

beforeAll(async () => {
  s3 = await startS3rver({ bucket: 'reelay-e2e' });
  server = await serve();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await s3?.stop();
});

describe('share from your own bucket (S3 protocol, Chromium)', () => {
  it('configures the bucket in Settings, records, and the link plays from the bucket alone', async () => {
    const context = await browser.newContext({ permissions: ['camera', 'microphone', 'clipboard-read', 'clipboard-write'] });
    await signInContext(context, server);
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByRole('link', { name: 'Settings' }).click();

    await page.getByRole('radio', { name: 'S3-compatible bucket' }).check();
    await page.getByLabel('Provider').selectOption({ label: 'Other S3-compatible' });
    await page.getByLabel('Endpoint').fill(s3.endpoint);
    await page.getByLabel('Region').fill('us-east-1');
    await page.getByLabel('Bucket', { exact: true }).fill(s3.bucket);
    await page.getByLabel('Key prefix').fill('team/');
    await page.getByLabel('Access key ID').fill(s3.accessKeyId);
    // s3rver does not check signatures, so a secret of our own shows whether it ever comes back
    await page.getByLabel('Secret access key').fill(SECRET);
    await page.getByLabel('Path-style requests').check();
    await page.getByLabel('Public base URL').fill(s3.publicBaseUrl);

    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => page.getByLabel('Connection test result').textContent(), { timeout: 20_000 }).toContain('The bucket works');
    await page.getByRole('button', { name: 'Save storage settings' }).click();
    await expect.poll(() => page.getByText('New recordings are published to bucket').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    // the secret never comes back to the page
    const settings = await apiCall(server, 'settings.get', {});
    expect(settings.storage.kind).toBe('s3');
    expect(JSON.stringify(settings)).not.toContain(SECRET);
    expect(await page.content()).not.toContain(SECRET);

    await page.getByRole('link', { name: 'Record' }).click();
    await page.getByRole('button', { name: 'Start recording' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor({ timeout: 30_000 });
    const link = await readShareLink(page);
    const base = s3.publicBaseUrl.replace(/\/+$/, '');
    expect(link.startsWith(`${server.url}/v/`)).toBe(true);
    await page.waitForTimeout(5000);
    await page.getByRole('button', { name: 'Stop' }).click();
    const started = Date.now();

    await expect
      .poll(async () => (await apiCall(server, 'recordings.list', {})).find((r) => r.link === link)?.state, { timeout: 30_000 })
      .toBe('ready');
    const rec = (await apiCall(server, 'recordings.list', {})).find((r) => r.link === link)!;
    expect(rec.storage).toBe('s3');
    expect(rec.upload.filesTotal).toBeGreaterThan(0);
    process.stderr.write(`s3 e2e: Stop → ready in ${Date.now() - started} ms\n`);

    // the page and the playlists come from the server, the media from the bucket's public URL
    const pageRes = await fetch(link);
    expect(pageRes.status).toBe(200);
    expect(pageRes.headers.get('content-type')).toContain('text/html');
    const master = await fetch(`${link}/master.m3u8`);
    expect(master.status).toBe(200);
    expect(master.headers.get('cache-control')).toBe('no-cache');
    const media = await (await fetch(`${link}/live/index.m3u8`)).text();
    const uris = media.split('\n').filter((l) => l.endsWith('.m4s'));
    expect(uris.length).toBeGreaterThan(1);
    for (const uri of uris) expect(uri.startsWith(`${base}/team/${rec.shareId}/live/`), uri).toBe(true);

    const viewer = await openViewer(browser, link);
    viewer.on('requestfailed', (r) => process.stderr.write(`[viewer] failed ${r.url()} ${r.failure()?.errorText}\n`));
    const fromBucket: string[] = [];
    viewer.on('requestfinished', (r) => r.url().endsWith('.m4s') && fromBucket.push(r.url()));
    const played = await playToEnd(viewer, 2, 60_000);
    expect(played.ended).toBe(true);
    expect(Math.abs(played.playedSeconds - rec.durationMs / 1000), JSON.stringify({ played, durationMs: rec.durationMs, q: await viewer.evaluate(() => (window as unknown as { __reelayViewer: { quickStarted: boolean | null } }).__reelayViewer.quickStarted) })).toBeLessThan(0.5);
    expect(fromBucket.length).toBeGreaterThan(0);
    expect(fromBucket.filter((u) => !u.startsWith(`${base}/`))).toEqual([]);
    await viewer.context().close();

    // a password link: nothing without it; with it, the viewer plays through presigned bucket URLs only
    await apiCall(server, 'recordings.setAccess', { id: rec.id, watch: 'password', password: 'bucket-pass-1', expiresAt: null });
    for (const path of ['', '/master.m3u8', '/live/index.m3u8', '/live/seg-00000.m4s', '/live/init.mp4', '/status.json']) {
      expect((await fetch(`${link}${path}`, { redirect: 'manual' })).status, path).toBe(401);
    }
    const privateContext = await browser.newContext();
    const privatePage = await privateContext.newPage();
    await privatePage.goto(link);
    await privatePage.getByLabel('Link password').fill('bucket-pass-1');
    await privatePage.getByRole('button', { name: 'Watch' }).click();
    await privatePage.waitForFunction(() => (window as unknown as { __reelayViewer?: { video?: HTMLVideoElement } }).__reelayViewer?.video, null, { timeout: 30_000 });
    const signed: string[] = [];
    privatePage.on('requestfinished', (r) => r.url().includes('.m4s') && signed.push(r.url()));
    const grant = (await privateContext.cookies(link)).map((c) => `${c.name}=${c.value}`).join('; ');
    const presignedPlaylist = await (await fetch(`${link}/live/index.m3u8`, { headers: { cookie: grant } })).text();
    const presignedUris = presignedPlaylist.split('\n').filter((l) => l.includes('.m4s') || l.includes('URI='));
    expect(presignedUris.length).toBeGreaterThan(1);
    for (const line of presignedUris) {
      expect(line, line).toContain('X-Amz-Signature=');
      const expires = Number(/X-Amz-Expires=(\d+)/.exec(line)?.[1]);
      expect(expires, line).toBeGreaterThan(0);
      expect(expires, line).toBeLessThanOrEqual(6 * 3600);
    }
    const privatePlay = await playToEnd(privatePage, 2, 60_000);
    expect(privatePlay.ended).toBe(true);
    expect(signed.length).toBeGreaterThan(0);
    for (const url of signed) expect(url.startsWith(`${s3.endpoint.replace(/\/+$/, '')}/`) || url.startsWith(`${base}/`), url).toBe(true);
    for (const url of signed) expect(url, url).toContain('X-Amz-Signature=');
    await privateContext.close();
    await context.close();
  });
});
