// The core and the share server over real HTTP, with a real SQLite file and real ffmpeg-made media.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:http';
import { makeLiveFixture, type LiveFixture } from '../testing/media-fixtures';
import { codecsOf, readTracks } from '../media/mp4';
import { eventually, startTestServer, tempDir, type TestServer } from '../testing/test-server';
import { parsePlaylist } from '../../../shared/hls/parse';
import type { Recording } from '../../../shared/domain';

let fixture: LiveFixture;
let rendererDir: string;

beforeAll(async () => {
  fixture = await makeLiveFixture(join(tempDir(), 'live'), 6);
  rendererDir = tempDir('reelay-renderer-');
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'viewer.html'), '<!doctype html><html><head><!--reelay:head--><script src="./assets/viewer.js"></script></head><body></body></html>');
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(rendererDir, 'assets', 'viewer.js'), 'console.log(1)');
});

const DECLARED_CODECS = 'avc1.640028,mp4a.40.2';

async function record(s: TestServer, segments = fixture.segments, stop = true): Promise<Recording> {
  const created = await s.call('recordings.create', { width: 320, height: 180, fps: 30, title: 'Demo <b>&</b>' });
  expect(created.ok).toBe(true);
  const rec = (created as { value: Recording }).value;
  expect((await s.call('recordings.start', { id: rec.id })).ok).toBe(true);
  // declared as another profile than the stream has, as a browser encoder may: the master must say what the stream is
  const init = await s.call('recordings.putInit', { id: rec.id, rendition: 'live', codecs: DECLARED_CODECS, width: 320, height: 180, frameRate: 30, bitrate: 300_000, data: fixture.init });
  expect(init).toMatchObject({ ok: true });
  for (const [seq, seg] of segments.entries()) {
    expect(await s.call('recordings.putSegment', { id: rec.id, rendition: 'live', seq, durationSec: seg.durationSec, data: seg.data })).toMatchObject({ ok: true });
  }
  if (stop) expect((await s.call('recordings.stop', { id: rec.id, durationMs: 6000 })).ok).toBe(true);
  return rec;
}

const text = async (url: string): Promise<{ status: number; body: string; headers: Headers }> => {
  const res = await fetch(url);
  return { status: res.status, body: await res.text(), headers: res.headers };
};

/** raw request, so paths reach the server exactly as written (fetch would normalise '..') */
function rawGet(origin: string, path: string): Promise<number> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('record → link over HTTP', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ rendererDir });
  });
  afterAll(async () => s.close());

  it('publishes the link before capture and serves a viewer page with an escaped title', async () => {
    const created = await s.call('recordings.create', { width: 1280, height: 720, fps: 30, title: 'Q3 <script>alert(1)</script>' });
    if (!created.ok) throw new Error(created.error.message);
    const rec = created.value as Recording;
    expect(rec.link).toBe(`${s.origin}/v/${rec.shareId}`);
    expect(rec.shareId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const page = await text(rec.link);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.body).toContain('<title>Q3 &lt;script&gt;alert(1)&lt;/script&gt; · Reelay</title>');
    expect(page.body).not.toContain('<script>alert(1)');
    const slashed = await fetch(`${rec.link}/?t=3`, { redirect: 'manual' });
    expect(slashed.status).toBe(308);
    expect(slashed.headers.get('location')).toBe(`/v/${rec.shareId}?t=3`);
    const asset = await fetch(`${s.origin}/v/assets/viewer.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('plays the whole recording from the link after Stop: segments, ENDLIST, master', async () => {
    const rec = await record(s);
    const after = await eventually(async () => {
      const r = await s.call('recordings.get', { id: rec.id });
      return r.ok && (r.value as Recording).state === 'ready' ? (r.value as Recording) : null;
    }, 10_000, 'ready');
    expect(after.upload.filesTotal).toBeGreaterThan(fixture.segments.length);
    // 'ready' itself is announced in one more status.json: wait for the queue to drain
    await eventually(async () => {
      const r = (await s.call('recordings.get', { id: rec.id })) as { value: Recording };
      return r.value.upload.filesDone === r.value.upload.filesTotal;
    }, 5000, 'queue drained');
    const master = await text(`${rec.link}/master.m3u8`);
    expect(master.status).toBe(200);
    expect(master.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(master.headers.get('cache-control')).toBe('no-cache');
    const parsedMaster = parsePlaylist(master.body);
    if (parsedMaster.kind !== 'master') throw new Error('not a master');
    expect(parsedMaster.variants).toHaveLength(1);
    expect(parsedMaster.variants[0]!.attributes['RESOLUTION']).toBe('320x180');
    // CODECS as the stream really is (read from its init), not as declared
    const actual = codecsOf(readTracks(fixture.init));
    expect(actual).not.toBe(DECLARED_CODECS);
    expect(parsedMaster.variants[0]!.attributes['CODECS']).toBe(actual);
    const media = parsePlaylist((await text(`${rec.link}/${parsedMaster.variants[0]!.uri}`)).body);
    if (media.kind !== 'media') throw new Error('not media');
    expect(media.ended).toBe(true);
    expect(media.segments).toHaveLength(fixture.segments.length);
    for (const [i, seg] of media.segments.entries()) {
      const res = await fetch(`${rec.link}/live/${seg.uri}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toContain('immutable');
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(new Uint8Array(fixture.segments[i]!.data));
    }
    const init = await fetch(`${rec.link}/live/init.mp4`);
    expect(new Uint8Array(await init.arrayBuffer())).toEqual(new Uint8Array(fixture.init));
    const status = JSON.parse((await text(`${rec.link}/status.json`)).body) as { state: string; title: string };
    expect(status).toMatchObject({ state: 'ready', title: 'Demo <b>&</b>' });
    // the page carries what the player reads first: preloads in the order hls.js asks, and that same status
    const page = (await text(rec.link)).body;
    const base = `/v/${rec.shareId}`;
    const preloads = [...page.matchAll(/<link rel="preload" href="([^"]+)"/g)].map((m) => m[1]);
    const firstSegment = `${base}/live/${media.segments[0]!.uri}`;
    expect(preloads).toEqual([`${base}/master.m3u8`, `${base}/live/index.m3u8`, `${base}/live/init.mp4`, firstSegment]);
    // opened at a moment (?t=90) it reads another segment first: that one is not preloaded
    const later = (await text(`${rec.link}?t=90`)).body;
    expect([...later.matchAll(/<link rel="preload" href="([^"]+)"/g)].map((m) => m[1])).not.toContain(firstSegment);
    const inline = /<script type="application\/json" id="reelay-status">([^<]*)<\/script>/.exec(page)?.[1];
    expect(JSON.parse(inline ?? 'null')).toEqual(status);
  });

  it('grows the media playlist while recording (live viewers), without ENDLIST', async () => {
    const rec = await record(s, fixture.segments.slice(0, 2), false);
    const media = await eventually(async () => {
      const r = await text(`${rec.link}/live/index.m3u8`);
      const p = r.status === 200 ? parsePlaylist(r.body) : null;
      return p?.kind === 'media' && p.segments.length === 2 ? p : null;
    }, 5000, 'live playlist');
    expect(media.ended).toBe(false);
    expect(media.playlistType).toBe('EVENT');
    expect((await text(`${rec.link}/master.m3u8`)).status).toBe(200);
  });

  it('answers Range requests for segments', async () => {
    const rec = await record(s);
    await eventually(async () => (await fetch(`${rec.link}/live/seg-00001.m4s`)).status === 200);
    const res = await fetch(`${rec.link}/live/seg-00001.m4s`, { headers: { range: 'bytes=10-19' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 10-19/${fixture.segments[1]!.data.byteLength}`);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(new Uint8Array(fixture.segments[1]!.data).slice(10, 20));
    expect((await fetch(`${rec.link}/live/seg-00001.m4s`, { headers: { range: 'bytes=99999999-' } })).status).toBe(416);
  });

  it('never serves anything outside a recording folder, and 404s unknown ids', async () => {
    const rec = await record(s);
    writeFileSync(join(s.dataDir, 'secret.txt'), 'top secret');
    const base = `/v/${rec.shareId}`;
    for (const p of [`${base}/../../secret.txt`, `${base}/%2e%2e/%2e%2e/secret.txt`, `${base}/..%2f..%2fsecret.txt`, `${base}//etc/passwd`, `${base}/%2fetc%2fpasswd`, `${base}/live/..%5c..%5csecret.txt`, '/v/assets/../../library.sqlite']) {
      const status = await rawGet(s.origin, p);
      expect(status, p).toBeGreaterThanOrEqual(400);
      expect(status, p).toBeLessThan(500);
    }
    expect((await text(`${s.origin}/v/AAAAAAAAAAAAAAAAAAAAAA`)).status).toBe(404);
    expect((await text(`${s.origin}/v/AAAAAAAAAAAAAAAAAAAAAA/master.m3u8`)).status).toBe(404);
    expect((await text(`${s.origin}/v/not-an-id/master.m3u8`)).status).toBe(404);
  });
});

describe('the HTTP control API', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ rendererDir });
  });
  afterAll(async () => s.close());

  const post = (path: string, headers: Record<string, string>, body = '{}') => fetch(`${s.origin}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('a signed-in browser: only from its own origin', async () => {
    expect((await post('/api/call/recordings.list', { origin: s.origin, cookie: s.cookie })).status).toBe(200);
    expect((await post('/api/call/recordings.list', { cookie: s.cookie })).status).toBe(403);
    expect((await post('/api/call/recordings.list', { origin: 'http://evil.example', cookie: s.cookie })).status).toBe(403);
    // DNS rebinding: the attacker's name resolves to us, Host and Origin agree but are not ours
    const port = new URL(s.origin).port;
    const rebind = await new Promise<number>((resolve, reject) => {
      const req = request({ hostname: '127.0.0.1', port, path: '/api/call/recordings.list', method: 'POST', headers: { host: `evil.example:${port}`, origin: `http://evil.example:${port}`, cookie: s.cookie, 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('{}');
    });
    expect(rebind).toBe(403);
    expect((await fetch(`${s.origin}/api/events`, { headers: { origin: 'http://evil.example', cookie: s.cookie } })).status).toBe(403);
  });

  it('validates input and returns errors as data', async () => {
    const bad = await s.call('recordings.create', { width: -5, height: 10, fps: 30 } as never);
    expect(bad.status).toBe(400);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input', retryable: false } });
    const notJson = await post('/api/call/recordings.list', { origin: s.origin, cookie: s.cookie }, '{nope');
    expect(notJson.status).toBe(400);
    const unknown = await post('/api/call/recordings.dropTables', { origin: s.origin, cookie: s.cookie });
    expect(unknown.status).toBe(404);
    const missing = await s.call('recordings.get', { id: 'AAAAAAAAAAAAAAAA' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const extra = await s.call('recordings.list', { sneaky: 1 } as never);
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('acknowledges a segment only once it is on disk, idempotently, and refuses media after Stop', async () => {
    const rec = await record(s, fixture.segments.slice(0, 1), false);
    const again = await s.call('recordings.putSegment', { id: rec.id, rendition: 'live', seq: 0, durationSec: 2, data: fixture.segments[0]!.data });
    expect(again.ok).toBe(true);
    expect(existsSync(join(s.dataDir, 'recordings', rec.id, 'live', 'seg-00000.m4s'))).toBe(true);
    expect((await s.call('recordings.stop', { id: rec.id, durationMs: 2000 })).ok).toBe(true);
    const late = await s.call('recordings.putSegment', { id: rec.id, rendition: 'live', seq: 1, durationSec: 2, data: fixture.segments[1]!.data });
    expect(late).toMatchObject({ ok: false, error: { code: 'invalid-state' } });
    // Stop twice is the same as once
    const second = await s.call('recordings.stop', { id: rec.id, durationMs: 2000 });
    expect(second.ok).toBe(true);
  });

  it('cancel discards the recording and its link', async () => {
    const rec = await record(s, fixture.segments.slice(0, 2), false);
    await eventually(async () => (await fetch(`${rec.link}/live/index.m3u8`)).status === 200);
    expect((await s.call('recordings.cancel', { id: rec.id })).ok).toBe(true);
    expect((await fetch(`${rec.link}/master.m3u8`)).status).toBe(404);
    expect(existsSync(join(s.dataDir, 'recordings', rec.id))).toBe(false);
    const list = await s.call('recordings.list', {});
    expect((list as { value: Recording[] }).value.some((r) => r.id === rec.id)).toBe(false);
  });
});

describe('restarts and crashes', () => {
  it('closes a recording whose tab died: no media for a while means interrupted, with an ending for viewers', async () => {
    const s = await startTestServer({ rendererDir, core: { abandonAfterMs: 600 } });
    try {
      const rec = await record(s, fixture.segments.slice(0, 2), false);
      const paused = await record(s, fixture.segments.slice(0, 1), false);
      expect((await s.call('recordings.pause', { id: paused.id })).ok).toBe(true);
      // the tab is gone: nothing more arrives
      const closed = await eventually(async () => {
        const r = (await s.call('recordings.get', { id: rec.id })) as { value: Recording };
        return r.value.state === 'interrupted' ? r.value : null;
      }, 10_000, 'interrupted');
      expect(closed.durationMs).toBe(Math.round((fixture.segments[0]!.durationSec + fixture.segments[1]!.durationSec) * 1000));
      const media = await eventually(async () => {
        const p = parsePlaylist(await (await fetch(`${rec.link}/live/index.m3u8`)).text());
        return p.kind === 'media' && p.ended ? p : null;
      }, 5000, 'ENDLIST');
      expect(media.segments).toHaveLength(2);
      // a paused recording may rightly be silent
      expect(((await s.call('recordings.get', { id: paused.id })) as { value: Recording }).value.state).toBe('paused');
    } finally {
      await s.close();
    }
  });

  it('keeps the library across restarts and recovers a recording cut off mid-capture', async () => {
    const dataDir = tempDir();
    const a = await startTestServer({ dataDir, rendererDir });
    const done = await record(a);
    const cut = await record(a, fixture.segments.slice(0, 2), false);
    await eventually(async () => (await a.call('recordings.get', { id: done.id }) as { value: Recording }).value.state === 'ready');
    // a crash: the process goes away without stopping anything
    await a.close();

    const b = await startTestServer({ dataDir, rendererDir });
    try {
      const list = (await b.call('recordings.list', {})) as { value: Recording[] };
      const byId = new Map(list.value.map((r) => [r.id, r]));
      expect(byId.get(done.id)?.state).toBe('ready');
      expect(byId.get(cut.id)?.state).toBe('interrupted');
      expect(byId.get(cut.id)?.durationMs).toBe(Math.round((fixture.segments[0]!.durationSec + fixture.segments[1]!.durationSec) * 1000));
      // the recovered recording plays to its last durable segment, now under this server's origin
      const link = `${b.origin}/v/${cut.shareId}`;
      const media = await eventually(async () => {
        const r = await fetch(`${link}/live/index.m3u8`);
        const p = r.status === 200 ? parsePlaylist(await r.text()) : null;
        return p?.kind === 'media' && p.ended ? p : null;
      }, 5000, 'closed playlist');
      expect(media.segments).toHaveLength(2);
      expect((await fetch(`${link}/master.m3u8`)).status).toBe(200);
    } finally {
      await b.close();
    }
  });
});
