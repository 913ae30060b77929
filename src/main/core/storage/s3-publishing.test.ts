// A recording published to an S3 bucket through the real core: the link serves the viewer page (with
// the title), its assets and the HLS tree from the bucket alone.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '..';
import { startS3rver, type LocalS3 } from './testing/s3rver';
import { startFaultProxy, type FaultProxy } from './testing/fault-proxy';
import { feedSegments, orderViolations, s3Settings, startRecording, waitPublished, writeFakeRenderer } from './testing/s3-core';
import { loadViewerBundle } from './viewer-bundle';

let s3: LocalS3;
let rendererDir: string;
let fake: ReturnType<typeof writeFakeRenderer>;
beforeAll(async () => {
  s3 = await startS3rver();
  rendererDir = mkdtempSync(join(tmpdir(), 'reelay-renderer-'));
  fake = writeFakeRenderer(rendererDir);
});
afterAll(async () => {
  await s3?.stop();
  rmSync(rendererDir, { recursive: true, force: true });
});

let dataDir: string;
let core: Core;
let proxy: FaultProxy;
/** the app on `dataDir`, publishing through the proxy, with the viewer build in `renderer` */
async function openCore(renderer: string): Promise<Core> {
  const c = await createCore({
    dataDir,
    shell: 'server',
    version: 'test',
    shareBaseUrl: 'http://127.0.0.1:1',
    retry: { baseDelayMs: 10, maxDelayMs: 100, jitter: 0.2 },
    s3FromEnv: s3Settings({ endpoint: proxy.url, bucket: s3.bucket, publicBaseUrl: s3.publicBaseUrl }),
    rendererDir: renderer,
  });
  await c.start();
  return c;
}

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'reelay-core-'));
  proxy = await startFaultProxy({ target: s3.endpoint, captureBody: (r) => r.path.endsWith('.m3u8') });
  core = await openCore(rendererDir);
});
afterEach(async () => {
  await core.close();
  await proxy.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('loadViewerBundle', () => {
  it('finds exactly the assets the viewer loads, through imports and CSS', () => {
    const bundle = loadViewerBundle(rendererDir);
    expect(bundle.assets.map((a) => a.name)).toEqual(fake.viewerAssets);
    expect(bundle.html).toContain('<!--reelay:head-->');
  });
});

describe('S3 publishing', () => {
  it('serves the page, its assets and the HLS tree from the bucket alone', async () => {
    const rec = await startRecording(core, 'Quarterly <review> & "plans"');
    expect(rec.link).toBe(`${s3.publicBaseUrl}/rec/${rec.shareId}`);
    await feedSegments(core, rec.id, { count: 3, bytes: 50_000 });
    core.recordings.stop(rec.id, 6000);
    await waitPublished(core, rec.id);

    const page = await fetch(rec.link);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const html = await page.text();
    expect(html).toContain('<title>Quarterly &lt;review&gt; &amp; &quot;plans&quot; · Reelay</title>');
    expect(html).toContain(`<meta property="og:url" content="${rec.link}">`);
    expect(html).not.toContain('<!--reelay:head-->');

    // the page's relative asset URLs resolve under <prefix>assets/ and are served, cached forever
    for (const name of fake.viewerAssets) {
      const res = await fetch(new URL(`./assets/${name}`, rec.link));
      expect(res.status, name).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    }
    expect((await fetch(new URL('./assets/viewer-Ab12.js', rec.link))).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await fetch(new URL(`./assets/${fake.otherAssets[0]}`, rec.link))).status).toBe(404); // the app's own bundle stays home

    const master = await fetch(`${rec.link}/master.m3u8`);
    expect(master.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(await master.text()).toContain('live/index.m3u8');
    const media = await (await fetch(`${rec.link}/live/index.m3u8`)).text();
    expect(media).toContain('#EXT-X-ENDLIST');
    expect(media.match(/seg-\d+\.m4s/g)).toEqual(['seg-00000.m4s', 'seg-00001.m4s', 'seg-00002.m4s']);
    const seg = await fetch(`${rec.link}/live/seg-00001.m4s`);
    expect(seg.headers.get('content-type')).toBe('video/iso.segment');
    expect(seg.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

    // the page landed after its assets
    expect(orderViolations(proxy.log, s3.bucket)).toEqual([]);
    const landed = proxy.landed('PUT').map((e) => e.path);
    const pageAt = landed.indexOf(`/${s3.bucket}/rec/${rec.shareId}`);
    for (const name of fake.viewerAssets) expect(landed.indexOf(`/${s3.bucket}/rec/assets/${name}`)).toBeLessThan(pageAt);
  });

  it('publishes the assets once per bucket, and the page again on rename', async () => {
    const a = await startRecording(core, 'First');
    core.recordings.stop(a.id, 0);
    await waitPublished(core, a.id);
    const assetPuts = (): number => proxy.landed('PUT').filter((e) => e.path.includes('/rec/assets/')).length;
    expect(assetPuts()).toBe(fake.viewerAssets.length);

    const b = await startRecording(core, 'Second');
    core.recordings.stop(b.id, 0);
    await waitPublished(core, b.id);
    expect(assetPuts()).toBe(fake.viewerAssets.length); // not again

    core.recordings.rename(b.id, 'Second, renamed');
    await waitPublished(core, b.id);
    expect(await (await fetch(b.link)).text()).toContain('<title>Second, renamed · Reelay</title>');
    const pagePuts = proxy.landed('PUT').filter((e) => e.path === `/${s3.bucket}/rec/${b.shareId}`).length;
    expect(pagePuts).toBe(2);
  });

  it('removes the page with the recording from the bucket', async () => {
    const rec = await startRecording(core, 'Doomed');
    await feedSegments(core, rec.id, { count: 2, bytes: 1000 });
    core.recordings.stop(rec.id, 0);
    await waitPublished(core, rec.id);
    expect((await fetch(rec.link)).status).toBe(200);
    await core.recordings.delete(rec.id, 'storage');
    expect((await fetch(rec.link)).status).toBe(404);
    expect((await fetch(`${rec.link}/master.m3u8`)).status).toBe(404);
    // shared assets stay for the other recordings
    expect((await fetch(new URL('./assets/viewer-Ab12.js', rec.link))).status).toBe(200);
  });

  it('after an app update while a page waited to upload, the page names the new build’s assets, and they are there', async () => {
    // the bucket is unreachable while the old build records
    proxy.setPlan(() => ({ kind: 'status', status: 503 }));
    const rec = await startRecording(core, 'Before the update');
    await feedSegments(core, rec.id, { count: 2, bytes: 1000 });
    core.recordings.stop(rec.id, 4000);
    // the old build tried, and its uploads (the page among them) wait for the bucket
    await vi.waitFor(() => expect(core.recordings.get(rec.id).upload.waiting).toMatchObject({ retryable: true }), { timeout: 10_000, interval: 10 });
    expect(core.publisher.pendingCount(rec.id)).toBeGreaterThan(0);
    await core.close();

    // the update: new asset names; then the network is back
    const updated = mkdtempSync(join(tmpdir(), 'reelay-renderer-new-'));
    mkdirSync(join(updated, 'assets'));
    writeFileSync(join(updated, 'viewer.html'), '<!doctype html><html><head><!--reelay:head--><script type="module" src="./assets/viewer-New1.js"></script></head><body></body></html>');
    writeFileSync(join(updated, 'assets', 'viewer-New1.js'), 'console.log("viewer, new build")');
    proxy.setPlan(null);
    core = await openCore(updated);
    await waitPublished(core, rec.id);

    const html = await (await fetch(rec.link)).text();
    expect(html).toContain('./assets/viewer-New1.js');
    expect(html).not.toContain('viewer-Ab12.js');
    expect((await fetch(new URL('./assets/viewer-New1.js', rec.link))).status).toBe(200);
    // and the page landed after the asset it loads
    const landed = proxy.landed('PUT').map((e) => e.path);
    expect(landed.lastIndexOf(`/${s3.bucket}/rec/${rec.shareId}`)).toBeGreaterThan(landed.indexOf(`/${s3.bucket}/rec/assets/viewer-New1.js`));
    rmSync(updated, { recursive: true, force: true });
  });

  it('leaves local recordings alone', async () => {
    await core.setSettings({ storage: { kind: 'local' } });
    const rec = await startRecording(core, 'Local');
    core.recordings.stop(rec.id, 0);
    await waitPublished(core, rec.id);
    expect(proxy.log.filter((e) => e.path.includes(rec.shareId))).toEqual([]);
  });
});
