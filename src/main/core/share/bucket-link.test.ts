// A bucket recording whose link is on the server (server mode, hostLinks), end to end with real
// parts: a core publishing real fMP4 to an S3-protocol server (s3rver) on 127.0.0.1, and an HTTP
// server answering /v/<shareId>/... with BucketLinkFiles.serve(), as the share routes will.
// s3rver checks a presigned URL's expiry, its access key and the presence of its parameters, but not
// its signature, and it has no ACLs (unsigned reads work too): that the URLs are signed right is
// shown in s3-presign.test.ts against the SDK's own presigner.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, ServerResponse, type Server } from 'node:http';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { createCore, type Core } from '..';
import { parsePlaylist, type ParsedMediaPlaylist } from '../../../shared/hls/parse';
import { storageTargetOf, type RecordingRow } from '../library/recordings-repo';
import { eventually } from '../testing/test-server';
import { makeLiveFixture, type LiveFixture } from '../testing/media-fixtures';
import { createS3Storage, type S3Target } from '../storage/s3-storage';
import { startS3rver, type LocalS3 } from '../storage/testing/s3rver';
import { s3Settings, waitPublished, writeFakeRenderer } from '../storage/testing/s3-core';
import { createBucketLinkFiles, DEFAULT_PRESIGN_EXPIRY, presignSeconds, type BucketLinkFiles, type LinkAccess } from './bucket-link';

let s3: LocalS3;
let dir: string;
let fixture: LiveFixture;
let server: Server;
let origin: string;
let core: Core;
/** the BucketLinkFiles a request is served with: `?files=<name>`, else 'default' */
const filesNamed = new Map<string, BucketLinkFiles>();
/** who may watch each share id (the share routes decide this; here the test does) */
const accessOf = new Map<string, LinkAccess>();

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url!, 'http://test');
  const m = /^\/v\/([^/]+)\/(.*)$/.exec(url.pathname);
  const row = m ? core.recordings.repo.byShareId(m[1]!) : undefined;
  if (!m || !row) {
    res.writeHead(404).end();
    return;
  }
  const files = filesNamed.get(url.searchParams.get('files') ?? 'default')!;
  files.serve(req, res, row, m[2]!, accessOf.get(row.share_id) ?? 'public').then(
    (served) => void (served || res.writeHead(404, { 'x-test': 'not in a bucket' }).end()),
    (e: unknown) => void res.writeHead(500).end(String(e)),
  );
}

function openCore(dataDir: string, o: { hostLinks: boolean; prefix: string }): Promise<Core> {
  return createCore({
    dataDir,
    shell: 'server',
    version: 'test',
    shareBaseUrl: origin,
    hostLinks: o.hostLinks,
    rendererDir: join(dir, 'renderer'), // a built viewer: without hostLinks, pages would be uploaded
    retry: { baseDelayMs: 10, maxDelayMs: 100, jitter: 0 },
    s3FromEnv: s3Settings({ endpoint: s3.endpoint, bucket: s3.bucket, publicBaseUrl: s3.publicBaseUrl, prefix: o.prefix }),
  });
}

/** a recording of the fixture's segments; stopped and published unless `live` */
async function record(c: Core, title: string, o: { segments?: number; live?: boolean } = {}): Promise<RecordingRow> {
  const rec = await c.recordings.create({ title, width: fixture.width, height: fixture.height, fps: 30 });
  c.recordings.start(rec.id);
  await c.recordings.putInit({ id: rec.id, rendition: 'live', codecs: fixture.codecs, width: fixture.width, height: fixture.height, frameRate: 30, bitrate: 1_200_000, data: fixture.init });
  const segments = fixture.segments.slice(0, o.segments ?? fixture.segments.length);
  for (const [seq, s] of segments.entries()) await c.recordings.putSegment({ id: rec.id, rendition: 'live', seq, durationSec: s.durationSec, data: s.data });
  if (!o.live) {
    c.recordings.stop(rec.id, Math.round(segments.reduce((t, s) => t + s.durationSec, 0) * 1000));
    await waitPublished(c, rec.id);
  }
  return c.recordings.repo.get(rec.id)!;
}

async function bucketKeys(prefix: string): Promise<string[]> {
  const out = await s3.client().send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key!).sort();
}

async function mediaPlaylist(link: string, query = ''): Promise<{ res: Response; playlist: ParsedMediaPlaylist; urls: string[] }> {
  const res = await fetch(`${link}/live/index.m3u8${query}`);
  expect(res.status).toBe(200);
  const playlist = parsePlaylist(await res.text());
  if (playlist.kind !== 'media') throw new Error('not a media playlist');
  return { res, playlist, urls: [playlist.map!, ...playlist.segments.map((s) => s.uri)] };
}

/** fetches `url` and checks it gives exactly `expected` (Buffer.equals: toEqual is slow on media) */
async function expectBytes(url: string, expected: Uint8Array): Promise<void> {
  const res = await fetch(url);
  expect(res.status, url).toBe(200);
  expect(Buffer.from(await res.arrayBuffer()).equals(expected), `the bytes of ${url}`).toBe(true);
}

let rec: RecordingRow;
const poster = randomBytes(3000);
const sheet = randomBytes(5000);
const vtt = ['WEBVTT', '', '00:00:00.000 --> 00:00:02.000', 'thumbs.jpg#xywh=0,0,160,90', '', '00:00:02.000 --> 00:00:04.000', 'thumbs.jpg#xywh=160,0,160,90', ''].join('\n');

beforeAll(async () => {
  s3 = await startS3rver();
  dir = mkdtempSync(join(tmpdir(), 'reelay-bucket-link-'));
  writeFakeRenderer(join(dir, 'renderer'));
  fixture = await makeLiveFixture(join(dir, 'fixture'), 6);
  server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  core = await openCore(join(dir, 'data'), { hostLinks: true, prefix: 'rec/' });
  await core.start({ backfill: false });
  filesNamed.set('default', createBucketLinkFiles({ storageFor: (t) => core.storageFor(t), log: () => undefined, presignExpiry: { minSeconds: 120, perSecondOfVideo: 2, maxSeconds: 300 } }));

  rec = await record(core, 'Bucket link');
  // what the backfill publishes beside the renditions, through the Publisher as it does
  for (const [name, data] of [['poster.jpg', poster], ['thumbs.jpg', sheet], ['thumbs.vtt', Buffer.from(vtt)]] as const) {
    writeFileSync(join(dir, name), data);
    core.publisher.assetMade(rec, name, join(dir, name), data.byteLength);
  }
  await waitPublished(core, rec.id);
});

afterAll(async () => {
  await core?.close();
  await new Promise((r) => server?.close(r));
  await s3?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a bucket recording with its link on the server', () => {
  it('has its link on the server, and the bucket holds its media but no viewer page', async () => {
    expect(rec.link).toBe(`${origin}/v/${rec.share_id}`);
    const folder = `rec/${rec.share_id}/`;
    const segs = fixture.segments.map((_, i) => `${folder}live/seg-${String(i).padStart(5, '0')}.m4s`);
    expect(await bucketKeys('rec/')).toEqual(
      [...segs, `${folder}live/index.m3u8`, `${folder}live/init.mp4`, `${folder}master.m3u8`, `${folder}poster.jpg`, `${folder}status.json`, `${folder}thumbs.jpg`, `${folder}thumbs.vtt`].sort(),
    );
  });

  it('open link: the master stays relative and the media playlist names public bucket URLs with the right bytes', async () => {
    const master = await fetch(`${rec.link}/master.m3u8`);
    expect(master.status).toBe(200);
    expect(master.headers.get('cache-control')).toBe('no-cache');
    expect(master.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    const parsed = parsePlaylist(await master.text());
    expect(parsed.kind === 'master' && parsed.variants.map((v) => v.uri)).toEqual(['live/index.m3u8']);

    const { res, urls, playlist } = await mediaPlaylist(rec.link);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(playlist.ended).toBe(true);
    const base = `${s3.publicBaseUrl}/rec/${rec.share_id}/live/`;
    expect(urls).toEqual([`${base}init.mp4`, ...fixture.segments.map((_, i) => `${base}seg-${String(i).padStart(5, '0')}.m4s`)]);
    await expectBytes(urls[0]!, Buffer.from(fixture.init));
    for (const [i, s] of fixture.segments.entries()) await expectBytes(urls[i + 1]!, Buffer.from(s.data));

    const status = await fetch(`${rec.link}/status.json`);
    expect(status.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await status.json()).toMatchObject({ title: 'Bucket link', state: 'ready' });
  });

  it('restricted link: every media URL is presigned for no longer than configured, fetches the right bytes, and is renewed at each fetch', async () => {
    accessOf.set(rec.share_id, 'restricted');
    try {
      const first = await mediaPlaylist(rec.link);
      expect(first.res.headers.get('cache-control')).toBe('private, no-cache');
      expect(first.res.headers.get('access-control-allow-origin')).toBeNull();
      for (const url of first.urls) {
        const u = new URL(url);
        expect(u.origin + u.pathname).toMatch(new RegExp(`^${s3.endpoint}/${s3.bucket}/rec/${rec.share_id}/live/(init\\.mp4|seg-\\d{5}\\.m4s)$`));
        expect(u.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
        // the recording is ~6 s: max(120 s, 2 × 6 s) = 120 s, within the 300 s cap
        expect(Number(u.searchParams.get('X-Amz-Expires'))).toBe(120);
      }
      await expectBytes(first.urls[0]!, Buffer.from(fixture.init));
      for (const [i, s] of fixture.segments.entries()) await expectBytes(first.urls[i + 1]!, Buffer.from(s.data));
      // X-Amz-Date has whole seconds: a later fetch signs again, with a later date
      const dateOf = (url: string): string => new URL(url).searchParams.get('X-Amz-Date')!;
      await eventually(async () => dateOf((await mediaPlaylist(rec.link)).urls[1]!) > dateOf(first.urls[1]!), 5000, 'a playlist signed at a later second');
    } finally {
      accessOf.delete(rec.share_id);
    }
  });

  it('the thumbnails track names the sprite in the bucket: public, or presigned', async () => {
    const cuesOf = async (): Promise<string[]> => {
      const res = await fetch(`${rec.link}/thumbs.vtt`);
      expect(res.headers.get('content-type')).toBe('text/vtt; charset=utf-8');
      return (await res.text()).split('\n').filter((l) => l.includes('#xywh='));
    };
    const open = await cuesOf();
    expect(open).toEqual([`${s3.publicBaseUrl}/rec/${rec.share_id}/thumbs.jpg#xywh=0,0,160,90`, `${s3.publicBaseUrl}/rec/${rec.share_id}/thumbs.jpg#xywh=160,0,160,90`]);
    accessOf.set(rec.share_id, 'restricted');
    try {
      const signed = await cuesOf();
      expect(signed).toHaveLength(2);
      const image = new URL(signed[0]!);
      expect(image.hash).toBe('#xywh=0,0,160,90');
      expect(image.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
      image.hash = '';
      await expectBytes(image.href, sheet);
    } finally {
      accessOf.delete(rec.share_id);
    }
  });

  it('captions: their VTT reads through unchanged (a one-word cue is text, not an image), their playlist names it in the bucket', async () => {
    const captioned = await record(core, 'Captioned');
    const text = 'WEBVTT\n\n00:00:00.500 --> 00:00:01.500\nHello\n\n00:02.000 --> 00:03.000\nthumbs.jpg\n';
    core.captions.set(captioned, { data: new TextEncoder().encode(text) });
    await waitPublished(core, captioned.id);
    const res = await fetch(`${captioned.link}/captions.vtt`);
    expect(res.headers.get('content-type')).toBe('text/vtt; charset=utf-8');
    expect(await res.text()).toBe(text);
    const playlist = parsePlaylist(await (await fetch(`${captioned.link}/captions.m3u8`)).text());
    expect(playlist.kind === 'media' && playlist.segments.map((s) => s.uri)).toEqual([`${s3.publicBaseUrl}/rec/${captioned.share_id}/captions.vtt`]);
  });

  it('the poster, a segment and the download redirect into the bucket', async () => {
    const open = await fetch(`${rec.link}/poster.jpg`, { redirect: 'manual' });
    expect(open.status).toBe(302);
    expect(open.headers.get('location')).toBe(`${s3.publicBaseUrl}/rec/${rec.share_id}/poster.jpg`);
    expect(open.headers.get('cache-control')).toBe('no-cache');
    await expectBytes(open.headers.get('location')!, poster);
    // the page's download link: a redirect too (the MP4 is not published here, so the bucket says 404)
    const download = await fetch(`${rec.link}/download.mp4`, { redirect: 'manual' });
    expect(download.headers.get('location')).toBe(`${s3.publicBaseUrl}/rec/${rec.share_id}/download.mp4`);

    accessOf.set(rec.share_id, 'restricted');
    try {
      for (const [inner, bytes] of [['poster.jpg', poster], ['live/seg-00001.m4s', fixture.segments[1]!.data]] as const) {
        const res = await fetch(`${rec.link}/${inner}`, { redirect: 'manual' });
        expect(res.status).toBe(302);
        expect(res.headers.get('cache-control')).toBe('private, no-store');
        const location = new URL(res.headers.get('location')!);
        expect(location.pathname).toBe(`/${s3.bucket}/rec/${rec.share_id}/${inner}`);
        expect(location.searchParams.get('X-Amz-Expires')).toBe('120');
        await expectBytes(location.href, Buffer.from(bytes));
      }
    } finally {
      accessOf.delete(rec.share_id);
    }
  });

  it('a presigned URL configured to live 1 s is refused by the bucket once it has expired', async () => {
    filesNamed.set('short', createBucketLinkFiles({ storageFor: (t) => core.storageFor(t), log: () => undefined, presignExpiry: { minSeconds: 1, perSecondOfVideo: 0, maxSeconds: 1 } }));
    accessOf.set(rec.share_id, 'restricted');
    try {
      const { urls } = await mediaPlaylist(rec.link, '?files=short');
      const url = urls[1]!;
      expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('1');
      const refused = await eventually(async () => {
        const res = await fetch(url);
        return res.status === 403 ? res.text() : null;
      }, 5000, 'the bucket to refuse the expired URL');
      expect(refused).toContain('Request has expired');
    } finally {
      accessOf.delete(rec.share_id);
    }
  });

  it('s3rver, the bucket of these tests, checks expiry and the access key of a presigned URL but not its signature', async () => {
    accessOf.set(rec.share_id, 'restricted');
    try {
      const { urls } = await mediaPlaylist(rec.link);
      const tampered = new URL(urls[1]!);
      tampered.searchParams.set('X-Amz-Signature', '0'.repeat(64));
      expect((await fetch(tampered)).status).toBe(200); // a real S3 would say SignatureDoesNotMatch
      const stranger = new URL(urls[1]!);
      stranger.searchParams.set('X-Amz-Credential', stranger.searchParams.get('X-Amz-Credential')!.replace(/^S3RVER\//, 'NOBODY/'));
      expect((await fetch(stranger)).status).toBe(403);
      const unsigned = new URL(urls[1]!);
      unsigned.search = '';
      expect((await fetch(unsigned)).status).toBe(200); // no ACLs: a private bucket cannot be shown here
    } finally {
      accessOf.delete(rec.share_id);
    }
  });

  it('answers 404 for a file the bucket lacks, 502 when the bucket cannot be reached, 400 for a bad path; HEAD has no body', async () => {
    expect((await fetch(`${rec.link}/1080p/index.m3u8`)).status).toBe(404);
    expect((await fetch(`${rec.link}/live%2Findex.m3u8`)).status).toBe(400);
    expect((await fetch(`${rec.link}/.hidden.json`)).status).toBe(400);

    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    const gone = createS3Storage({ ...(storageTargetOf(rec) as S3Target), endpoint: `http://127.0.0.1:${port}` }, 'S3RVER');
    const logged: string[] = [];
    filesNamed.set('gone', createBucketLinkFiles({ storageFor: () => gone, log: (m) => logged.push(m) }));
    try {
      const res = await fetch(`${rec.link}/live/index.m3u8?files=gone`);
      expect(res.status).toBe(502);
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(await res.text()).toBe("This recording's storage cannot be reached. Try again in a moment.");
      expect(logged).toEqual([`share: cannot read ${rec.share_id}/live/index.m3u8 of recording ${rec.id} from bucket ${s3.bucket}`]);
    } finally {
      gone.close();
    }

    const get = await fetch(`${rec.link}/master.m3u8`);
    const head = await fetch(`${rec.link}/master.m3u8`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String((await get.arrayBuffer()).byteLength));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });

  it('resolves false for a recording whose files are not in a bucket', async () => {
    const local: RecordingRow = { ...rec, storage_target: JSON.stringify({ kind: 'local', baseUrl: origin }) };
    const req = new IncomingMessage(new Socket());
    req.method = 'GET';
    const res = new ServerResponse(req);
    expect(await filesNamed.get('default')!.serve(req, res, local, 'master.m3u8', 'public')).toBe(false);
    expect(res.headersSent).toBe(false);
    expect(await filesNamed.get('default')!.mediaOrigins(local)).toEqual([]);
  });

  it('names the origins the viewer page loads media from: the public URL and the presigned URLs', async () => {
    // s3rver here: public URL and endpoint are on one origin (path style)
    expect(await filesNamed.get('default')!.mediaOrigins(rec)).toEqual([s3.endpoint]);
  });

  it('a live playlist through the server shows a new segment within the cache time, and a 404 is not kept', async () => {
    const live = await record(core, 'Live', { segments: 0, live: true });
    expect((await fetch(`${live.link}/live/index.m3u8`)).status).toBe(404);
    await core.recordings.putSegment({ id: live.id, rendition: 'live', seq: 0, durationSec: 2, data: fixture.segments[0]!.data });
    await eventually(() => core.publisher.pendingCount(live.id) === 0, 10_000, 'the first segment published');
    expect((await mediaPlaylist(live.link)).playlist.segments).toHaveLength(1);
    await core.recordings.putSegment({ id: live.id, rendition: 'live', seq: 1, durationSec: 2, data: fixture.segments[1]!.data });
    await eventually(() => core.publisher.pendingCount(live.id) === 0, 10_000, 'the second segment published');
    const published = performance.now();
    await eventually(async () => (await mediaPlaylist(live.link)).playlist.segments.length === 2, 5000, 'the second segment listed');
    expect(performance.now() - published).toBeLessThan(2000); // the cache keeps a read 0.5 s (margin for a busy machine)
    core.recordings.stop(live.id, 4000);
    await waitPublished(core, live.id);
  });
});

describe('presignSeconds', () => {
  it('covers one viewing: twice the length, 10 min at least, 6 h at most (and never past S3\'s week)', () => {
    expect(presignSeconds(6_000, DEFAULT_PRESIGN_EXPIRY)).toBe(600);
    expect(presignSeconds(3_600_000, DEFAULT_PRESIGN_EXPIRY)).toBe(7200);
    expect(presignSeconds(10 * 3_600_000, DEFAULT_PRESIGN_EXPIRY)).toBe(21_600);
    expect(presignSeconds(0, { minSeconds: 1, perSecondOfVideo: 0, maxSeconds: 1 })).toBe(1);
    expect(presignSeconds(1e9, { minSeconds: 1, perSecondOfVideo: 2, maxSeconds: 1e9 })).toBe(604_800);
  });
});

describe('a bucket recording made before links moved to the server', () => {
  it('keeps its bucket link and its page, which a rename still updates; the next recording gets a server link', async () => {
    await core.close();
    const dataDir = join(dir, 'data-before');
    const before = await openCore(dataDir, { hostLinks: false, prefix: 'old/' });
    await before.start({ backfill: false });
    const old = await record(before, 'Before');
    await before.close();
    expect(old.link).toBe(`${s3.publicBaseUrl}/old/${old.share_id}`);

    core = await openCore(dataDir, { hostLinks: true, prefix: 'old/' });
    await core.start({ backfill: false });
    expect(core.recordings.repo.get(old.id)!.link).toBe(old.link);
    core.recordings.rename(old.id, 'Renamed after the move');
    await waitPublished(core, old.id);
    expect(await (await fetch(old.link)).text()).toContain('<title>Renamed after the move · Reelay</title>');

    const next = await record(core, 'After');
    expect(next.link).toBe(`${origin}/v/${next.share_id}`);
    expect((await bucketKeys('old/')).filter((k) => k.includes(next.share_id)).every((k) => k.startsWith(`old/${next.share_id}/`))).toBe(true);
    expect((await fetch(`${s3.publicBaseUrl}/old/${next.share_id}`)).status).toBe(404);
  });
});
