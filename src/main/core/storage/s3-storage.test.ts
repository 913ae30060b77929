// S3Storage against a real S3-protocol server (s3rver) on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { startS3rver, type LocalS3 } from './testing/s3rver';
import { firstMatching, startFaultProxy, type FaultProxy } from './testing/fault-proxy';
import { S3Storage, type S3Target } from './s3-storage';
import { MemoryMultipartStore, MIB } from './s3-multipart';
import { StorageError } from './storage';

let s3: LocalS3;
let tmp: string;

beforeAll(async () => {
  s3 = await startS3rver();
  tmp = mkdtempSync(join(tmpdir(), 'reelay-s3-test-'));
});
afterAll(async () => {
  await s3?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

function target(overrides: Partial<S3Target> = {}): S3Target {
  return {
    kind: 's3',
    endpoint: s3.endpoint,
    region: 'us-east-1',
    bucket: s3.bucket,
    prefix: 'reelay/',
    accessKeyId: s3.accessKeyId,
    forcePathStyle: true,
    publicBaseUrl: s3.publicBaseUrl,
    ...overrides,
  };
}

async function head(key: string): Promise<{ contentType?: string; cacheControl?: string; length?: number }> {
  const h = await s3.client().send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key }));
  return { contentType: h.ContentType, cacheControl: h.CacheControl, length: h.ContentLength };
}

async function getBytes(key: string): Promise<Buffer> {
  const out = await s3.client().send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

describe('S3Storage', () => {
  it('links to the public base URL + prefix + share id', () => {
    const storage = new S3Storage(target({ publicBaseUrl: 'https://cdn.example.com/' }), 'x');
    expect(storage.linkFor('AbCdEfGhIjKlMnOpQrStUv')).toBe('https://cdn.example.com/reelay/AbCdEfGhIjKlMnOpQrStUv');
    storage.close();
  });

  it('puts bytes and files under the prefix with their Content-Type and Cache-Control', async () => {
    const storage = new S3Storage(target(), s3.secretAccessKey);
    await storage.put('share1/master.m3u8', { data: new TextEncoder().encode('#EXTM3U\n') }, { contentType: 'application/vnd.apple.mpegurl', cacheControl: 'no-cache' });
    const file = join(tmp, 'seg.m4s');
    const bytes = randomBytes(300_000);
    writeFileSync(file, bytes);
    const progress: number[] = [];
    await storage.put('share1/live/seg-00000.m4s', { path: file }, { contentType: 'video/iso.segment', cacheControl: 'public, max-age=31536000, immutable', onProgress: (n) => progress.push(n) });

    expect(await head('reelay/share1/master.m3u8')).toMatchObject({ contentType: 'application/vnd.apple.mpegurl', cacheControl: 'no-cache' });
    expect(await head('reelay/share1/live/seg-00000.m4s')).toMatchObject({ contentType: 'video/iso.segment', cacheControl: 'public, max-age=31536000, immutable', length: 300_000 });
    // the bytes are stored as sent: no aws-chunked framing
    expect((await getBytes('reelay/share1/live/seg-00000.m4s')).equals(bytes)).toBe(true);
    expect(progress.at(-1)).toBe(300_000);
    const empty = join(tmp, 'empty.vtt');
    writeFileSync(empty, '');
    await storage.put('share1/empty.vtt', { path: empty }, { contentType: 'text/vtt; charset=utf-8', cacheControl: 'no-cache' });
    expect(await head('reelay/share1/empty.vtt')).toMatchObject({ length: 0, contentType: 'text/vtt; charset=utf-8' });
    expect(new TextDecoder().decode((await storage.get('share1/master.m3u8'))!)).toBe('#EXTM3U\n');
    expect(await storage.get('share1/nothing-here')).toBeNull();
    // a viewer fetches it with a plain GET from the public URL
    const res = await fetch(storage.publicUrl('share1/master.m3u8'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    storage.close();
  });

  it('holds a page object and a folder of the same name (the link and its HLS files)', async () => {
    const storage = new S3Storage(target(), s3.secretAccessKey);
    await storage.put('pageid', { data: new TextEncoder().encode('<!doctype html>page') }, { contentType: 'text/html; charset=utf-8', cacheControl: 'no-cache' });
    await storage.put('pageid/master.m3u8', { data: new TextEncoder().encode('#EXTM3U\n') }, { contentType: 'application/vnd.apple.mpegurl', cacheControl: 'no-cache' });
    const page = await fetch(storage.linkFor('pageid'));
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toBe('<!doctype html>page');
    expect(await (await fetch(`${storage.linkFor('pageid')}/master.m3u8`)).text()).toBe('#EXTM3U\n');
    storage.close();
  });

  it('deletes everything under a folder, and the folder page, across list pages; nothing else', async () => {
    const storage = new S3Storage(target(), s3.secretAccessKey);
    const put = (k: string): Promise<void> => storage.put(k, { data: new Uint8Array([1]) }, { contentType: 'application/octet-stream', cacheControl: 'no-cache' });
    await put('gone');
    for (let i = 0; i < 1005; i += 50) await Promise.all(Array.from({ length: Math.min(50, 1005 - i) }, (_, j) => put(`gone/f-${String(i + j).padStart(5, '0')}`)));
    await put('gone-but-not-this/x');
    await put('kept/x');
    expect(await storage.deletePrefix('gone/')).toBe(1006);
    expect(await storage.list('gone/')).toEqual([]);
    expect(await storage.get('gone')).toBeNull();
    expect(await storage.list('gone-but-not-this/')).toEqual(['gone-but-not-this/x']);
    expect(await storage.list('kept/')).toEqual(['kept/x']);
    await expect(storage.deletePrefix('/')).rejects.toMatchObject({ code: 'storage-config' });
    storage.close();
  });

  it('uploads a large file in parts, with progress, and resumes after a failed part', async () => {
    const proxy = await startFaultProxy({ target: s3.endpoint });
    try {
      const file = join(tmp, 'download.mp4');
      const bytes = randomBytes(12 * MIB + 12345);
      writeFileSync(file, bytes);
      const store = new MemoryMultipartStore();
      const options = { multipartThresholdBytes: 5 * MIB, partSizeBytes: 5 * MIB, partConcurrency: 1, multipartStore: store };
      const storage = new S3Storage(target({ endpoint: proxy.url }), s3.secretAccessKey, options);
      // the second part's connection is reset half way
      proxy.setPlan(firstMatching((r) => r.method === 'PUT' && r.query.includes('partNumber=2'), { kind: 'reset', afterRequestBytes: 2 * MIB }));
      const progress: number[] = [];
      const put = (): Promise<void> => storage.put('big/download.mp4', { path: file }, { contentType: 'video/mp4', cacheControl: 'public, max-age=31536000, immutable', onProgress: (n) => progress.push(n) });
      const err = await put().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StorageError);
      expect(err).toMatchObject({ code: 'storage-unreachable', retryable: true });
      const partsBefore = proxy.log.filter((e) => e.query.includes('partNumber=1') && e.serverStatus === 200).length;
      expect(partsBefore).toBe(1);

      await put();
      // part 1 was not sent again; parts 2 and 3 were
      expect(proxy.log.filter((e) => e.query.includes('partNumber=1')).length).toBe(1);
      expect(proxy.log.filter((e) => e.query.includes('partNumber=3') && e.serverStatus === 200).length).toBe(1);
      expect(proxy.log.filter((e) => e.method === 'POST' && e.query.includes('uploads')).length).toBe(1); // one CreateMultipartUpload
      expect((await getBytes('reelay/big/download.mp4')).equals(bytes)).toBe(true);
      expect(await head('reelay/big/download.mp4')).toMatchObject({ contentType: 'video/mp4', cacheControl: 'public, max-age=31536000, immutable' });
      expect(progress.at(-1)).toBe(bytes.length);
      expect(progress.some((n) => n > 0 && n < 5 * MIB)).toBe(true); // progress within a part, not only per part
      expect(await store.get(`${s3.bucket}\nreelay/big/download.mp4\n${file}`)).toBeNull(); // forgotten once complete
      storage.close();
    } finally {
      await proxy.close();
    }
  });

  it('on MinIO-style buckets, links to <shareId>.html beside the folder and deletes both', async () => {
    const storage = new S3Storage(target({ pageSuffix: '.html' }), s3.secretAccessKey);
    expect(storage.linkFor('mnid')).toBe(`${s3.publicBaseUrl.replace(/\/+$/, '')}/reelay/mnid.html`);
    const put = (k: string): Promise<void> => storage.put(k, { data: new Uint8Array([1]) }, { contentType: 'text/html; charset=utf-8', cacheControl: 'no-cache' });
    await put('mnid.html');
    await put('mnid/master.m3u8');
    await put('mnid2.html');
    expect(await storage.deletePrefix('mnid/')).toBe(2);
    expect(await storage.get('mnid.html')).toBeNull();
    expect(await storage.get('mnid2.html')).not.toBeNull();
    storage.close();
  });

  it('lists through pagination (s3rver needs --openssl-legacy-provider for this)', async () => {
    const storage = new S3Storage(target({ prefix: 'many/' }), s3.secretAccessKey);
    await Promise.all(Array.from({ length: 30 }, (_, i) => storage.put(`k/${i}`, { data: new Uint8Array([i]) }, { contentType: 'application/octet-stream', cacheControl: 'no-cache' })));
    const page = await s3.client().send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'many/k/', MaxKeys: 7 }));
    expect(page.IsTruncated).toBe(true);
    expect((await storage.list('k/')).length).toBe(30);
    expect(await storage.deletePrefix('k/')).toBe(30);
    storage.close();
  });
});
