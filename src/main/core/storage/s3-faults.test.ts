// Faults end to end: the real core publishing to s3rver through our fault proxy (resets, 500/503,
// stalls, latency, slow uploads) and restarts in the middle. Every file must arrive, in per-recording
// order (checked on the order objects landed at the server), with complete final playlists.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { createCore, type Core } from '..';
import { startS3rver, type LocalS3 } from './testing/s3rver';
import { combinePlans, firstMatching, randomFaults, startFaultProxy, type FaultProxy } from './testing/fault-proxy';
import { feedSegments, orderViolations, playlistUris, s3Settings, startRecording, waitPublished, writeFakeRenderer, type FedSegment } from './testing/s3-core';
import { S3Storage } from './s3-storage';
import { FileMultipartStore, MIB } from './s3-multipart';

let s3: LocalS3;
let rendererDir: string;
beforeAll(async () => {
  s3 = await startS3rver();
  rendererDir = mkdtempSync(join(tmpdir(), 'reelay-renderer-'));
  writeFakeRenderer(rendererDir);
});
afterAll(async () => {
  await s3?.stop();
  rmSync(rendererDir, { recursive: true, force: true });
});

let dataDir: string;
let proxy: FaultProxy;
const cores: Core[] = [];
beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'reelay-core-'));
  proxy = await startFaultProxy({ target: s3.endpoint, captureBody: (r) => r.path.endsWith('.m3u8') });
});
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close().catch(() => undefined);
  await proxy.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function openCore(): Promise<Core> {
  const core = await createCore({
    dataDir,
    shell: 'server',
    version: 'test',
    shareBaseUrl: 'http://127.0.0.1:1',
    retry: { baseDelayMs: 20, maxDelayMs: 200, jitter: 0.3 },
    s3FromEnv: s3Settings({ endpoint: proxy.url, bucket: s3.bucket, publicBaseUrl: s3.publicBaseUrl }),
    rendererDir,
  });
  await core.start();
  cores.push(core);
  return core;
}

async function bucketBytes(key: string): Promise<Buffer | null> {
  try {
    const out = await s3.client().send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
    return Buffer.from(await out.Body!.transformToByteArray());
  } catch {
    return null;
  }
}

/** everything a viewer needs is in the bucket: every segment as sent, final playlists complete */
async function expectComplete(shareId: string, fed: FedSegment[]): Promise<void> {
  for (const s of fed) {
    const got = await bucketBytes(`rec/${shareId}/live/seg-${String(s.seq).padStart(5, '0')}.m4s`);
    expect(got?.equals(Buffer.from(s.data)), `segment ${s.seq}`).toBe(true);
  }
  expect(await bucketBytes(`rec/${shareId}/live/init.mp4`)).not.toBeNull();
  const media = (await bucketBytes(`rec/${shareId}/live/index.m3u8`))!.toString();
  expect(media).toContain('#EXT-X-ENDLIST');
  expect(playlistUris(media).filter((u) => u.endsWith('.m4s'))).toEqual(fed.map((s) => `seg-${String(s.seq).padStart(5, '0')}.m4s`));
  expect((await bucketBytes(`rec/${shareId}/master.m3u8`))!.toString()).toContain('live/index.m3u8');
  expect((await bucketBytes(`rec/${shareId}`))!.toString()).toContain('<title>');
  expect(orderViolations(proxy.log, s3.bucket)).toEqual([]);
}

describe('publishing through faults', () => {
  it('gets every file there, in order, through resets, 5xx, stalls and delays', async () => {
    proxy.setPlan(
      randomFaults({
        seed: 20261122,
        rate: 0.3,
        faults: [
          { kind: 'reset' },
          { kind: 'reset', afterRequestBytes: 20_000 },
          { kind: 'status', status: 500 },
          { kind: 'status', status: 503 },
          { kind: 'status', status: 429 },
          { kind: 'stall', phase: 'request', hangUpAfterMs: 150 },
          { kind: 'stall', phase: 'response', hangUpAfterMs: 150 }, // the object lands; the client never hears
          { kind: 'delay', ms: 200 },
        ],
      }),
    );
    proxy.setLatency(5);
    const core = await openCore();
    const a = await startRecording(core, 'Through the storm');
    const b = await startRecording(core, 'Second at the same time');
    const [fedA, fedB] = await Promise.all([
      feedSegments(core, a.id, { count: 12, bytes: 60_000, paceMs: 40 }),
      feedSegments(core, b.id, { count: 8, bytes: 30_000, paceMs: 50 }),
    ]);
    core.recordings.stop(a.id, 24_000);
    core.recordings.stop(b.id, 16_000);
    await waitPublished(core, a.id, 90_000);
    await waitPublished(core, b.id, 90_000);
    expect(core.recordings.get(a.id).state).toBe('ready');

    const faults = proxy.log.filter((e) => e.fault !== null && e.fault !== 'delay');
    expect(faults.length).toBeGreaterThan(10); // the faults really happened
    await expectComplete(a.shareId, fedA);
    await expectComplete(b.shareId, fedB);
  });

  it('never lets a playlist land before a slow segment it names', async () => {
    const core = await openCore();
    const rec = await startRecording(core);
    // segment 2 trickles up at 300 kbit/s (~1.3 s) while segments 3-5 are recorded and acknowledged
    proxy.setPlan(firstMatching((r) => r.method === 'PUT' && r.path.endsWith('/seg-00002.m4s'), { kind: 'throttle', bitsPerSecond: 300_000 }));
    const fed = await feedSegments(core, rec.id, { count: 6, bytes: 50_000, paceMs: 100 });
    // intake is not held up by the slow upload: every segment was acknowledged on its pace
    expect(fed.at(-1)!.ackedAt - fed[0]!.ackedAt).toBeLessThan(1000);
    core.recordings.stop(rec.id, 12_000);
    await waitPublished(core, rec.id);

    const slowEntry = proxy.log.find((e) => e.path.endsWith('/seg-00002.m4s'))!;
    expect(slowEntry.serverDoneAt! - slowEntry.startedAt).toBeGreaterThan(1000);
    // every playlist that names segment 2 landed after it
    const naming = proxy.landed('PUT').filter((e) => e.path.endsWith('live/index.m3u8') && e.body!.toString().includes('seg-00002.m4s'));
    expect(naming.length).toBeGreaterThan(0);
    for (const e of naming) expect(e.serverDoneSeq!).toBeGreaterThan(slowEntry.serverDoneSeq!);
    await expectComplete(rec.shareId, fed);
  });

  it('finishes after a restart in the middle of a recording and its uploads', async () => {
    proxy.setBandwidth(2_000_000); // 2 Mbit/s: the queue falls behind the recording
    let core = await openCore();
    const rec = await startRecording(core, 'Crashed mid-way');
    const fed = await feedSegments(core, rec.id, { count: 8, bytes: 100_000 });
    // wait until a few segments are up, then close while one is in flight
    const segmentsLanded = (): number => proxy.landed('PUT').filter((e) => e.path.endsWith('.m4s')).length;
    await vi.waitFor(() => expect(segmentsLanded()).toBeGreaterThanOrEqual(3), { timeout: 30_000, interval: 10 });
    await core.close();
    cores.splice(cores.indexOf(core), 1);
    const landedBefore = proxy.landed('PUT').filter((e) => e.path.endsWith('.m4s')).length;
    expect(landedBefore).toBeLessThan(8);

    proxy.setBandwidth(null);
    core = await openCore(); // same data folder: recovers the recording, resumes the queue
    expect(core.recordings.get(rec.id).state).toBe('interrupted');
    await waitPublished(core, rec.id);
    await expectComplete(rec.shareId, fed);
  });

  it('finishes a stopped recording whose tail was still uploading at quit', async () => {
    proxy.setLatency(30);
    proxy.setBandwidth(2_000_000);
    let core = await openCore();
    const rec = await startRecording(core, 'Quit while finishing');
    const fed = await feedSegments(core, rec.id, { count: 6, bytes: 100_000 });
    core.recordings.stop(rec.id, 12_000);
    expect(core.recordings.get(rec.id).state).toBe('finishing');
    // quit once the tail is really uploading: some segments are up, not all
    const segmentsLanded = (): number => proxy.landed('PUT').filter((e) => e.path.endsWith('.m4s')).length;
    await vi.waitFor(() => expect(segmentsLanded()).toBeGreaterThanOrEqual(2), { timeout: 30_000, interval: 10 });
    expect(segmentsLanded()).toBeLessThan(fed.length);
    expect(core.recordings.get(rec.id).state).toBe('finishing');
    await core.close();
    cores.splice(cores.indexOf(core), 1);

    proxy.setBandwidth(null);
    core = await openCore();
    await waitPublished(core, rec.id);
    expect(core.recordings.get(rec.id).state).toBe('ready');
    await expectComplete(rec.shareId, fed);
  });

  it('waits on bad credentials without hammering, and resumes when retried', async () => {
    // the storage rejects every request for a while, as with a revoked key
    proxy.setPlan(() => ({ kind: 'status', status: 403, code: 'InvalidAccessKeyId' }));
    const core = await openCore();
    const rec = await startRecording(core);
    const fed = await feedSegments(core, rec.id, { count: 2, bytes: 10_000 });
    core.recordings.stop(rec.id, 4000);
    // the library says why the upload waits, and that it waits for the user
    await vi.waitFor(() => expect(core.recordings.get(rec.id).upload.waiting).not.toBeNull(), { timeout: 10_000, interval: 10 });
    expect(core.recordings.get(rec.id).upload.waiting).toMatchObject({ retryable: false, reason: expect.stringMatching(/does not know this access key ID/) });
    const attempts = proxy.log.length;
    expect(attempts).toBeLessThanOrEqual(3); // one attempt, then a 60 s wait: no retry storm
    // not a wait for a condition but the window a storm would show in: with this test's retry policy
    // (backoff 20..200 ms) a queue that retried would make several more attempts within it
    await new Promise((r) => setTimeout(r, 5 * 200));
    expect(proxy.log.length).toBe(attempts);
    proxy.setPlan(null);
    core.publisher.retryNow(); // what saving new settings does
    await waitPublished(core, rec.id);
    expect(core.recordings.get(rec.id).upload.waiting).toBeNull();
    await expectComplete(rec.shareId, fed);
  });
});

describe('S3Storage timeouts and resumable parts', () => {
  it('fails a stalled request with a retryable timeout', async () => {
    proxy.setPlan(() => ({ kind: 'stall', phase: 'response' }));
    const storage = new S3Storage(
      { kind: 's3', endpoint: proxy.url, region: 'us-east-1', bucket: s3.bucket, prefix: '', accessKeyId: 'S3RVER', forcePathStyle: true, publicBaseUrl: s3.publicBaseUrl },
      'S3RVER',
      { timeouts: { connectMs: 1000, idleMs: 500 } },
    );
    const started = Date.now();
    const err = await storage.put('stalled.txt', { data: new Uint8Array(10) }, { contentType: 'text/plain', cacheControl: 'no-cache' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'storage-unreachable', retryable: true, message: expect.stringMatching(/stopped answering/) });
    expect(Date.now() - started).toBeLessThan(5000);
    storage.close();
  });

  it('resumes a multipart upload from its finished parts in a new process (FileMultipartStore)', async () => {
    const file = join(dataDir, 'download.mp4');
    const bytes = randomBytes(11 * MIB);
    writeFileSync(file, bytes);
    const target = { kind: 's3' as const, endpoint: proxy.url, region: 'us-east-1', bucket: s3.bucket, prefix: 'mp/', accessKeyId: 'S3RVER', forcePathStyle: true, publicBaseUrl: s3.publicBaseUrl };
    const options = { multipartThresholdBytes: 5 * MIB, partSizeBytes: 5 * MIB, partConcurrency: 1, multipartStore: new FileMultipartStore(join(dataDir, 'multipart')) };
    proxy.setPlan(combinePlans(firstMatching((r) => r.query.includes('partNumber=2'), { kind: 'reset', afterRequestBytes: MIB })));
    const first = new S3Storage(target, 'S3RVER', options);
    await expect(first.put('download.mp4', { path: file }, { contentType: 'video/mp4', cacheControl: 'public, max-age=31536000, immutable' })).rejects.toMatchObject({ retryable: true });
    first.close();

    // "after a restart": a new storage with a new store object on the same folder
    const second = new S3Storage(target, 'S3RVER', { ...options, multipartStore: new FileMultipartStore(join(dataDir, 'multipart')) });
    await second.put('download.mp4', { path: file }, { contentType: 'video/mp4', cacheControl: 'public, max-age=31536000, immutable' });
    second.close();
    expect(proxy.log.filter((e) => e.query.includes('partNumber=1')).length).toBe(1);
    expect(proxy.log.filter((e) => e.method === 'POST' && e.query.includes('uploads')).length).toBe(1);
    expect((await bucketBytes('mp/download.mp4'))!.equals(bytes)).toBe(true);
  });
});
