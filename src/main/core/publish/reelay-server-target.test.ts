// A recorder (B) publishing to a team's Reelay Server (A), both real servers on loopback: the link is
// A's, every file arrives in order and durably, A's library has it, and rename, who can watch and
// delete act on A's copy too. A down mid-recording: B's queue waits, says so, and catches up.
import { join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { segmentName } from '../../../shared/published';
import { intakePaths } from '../recording/layout';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Recording } from '../../../shared/domain';
import type { PublicSettings, ServerTestResult } from '../../../shared/settings';
import { makeLiveFixture, type LiveFixture } from '../testing/media-fixtures';
import { eventually, startTestServer, tempDir, valueOf, type TestServer } from '../testing/test-server';

let fixture: LiveFixture;
const servers: TestServer[] = [];

beforeAll(async () => {
  fixture = await makeLiveFixture(join(tempDir(), 'live'), 6);
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close().catch(() => undefined)));
});

async function serverPair(): Promise<{ a: TestServer; b: TestServer }> {
  const a = await startTestServer();
  const b = await startTestServer();
  servers.push(b, a);
  const set = await b.call('settings.set', { storage: { kind: 'reelay', server: { url: a.origin, token: a.token } } });
  expect(valueOf<PublicSettings>(set).storage).toEqual({ kind: 'reelay', server: { url: a.origin, hasToken: true } });
  return { a, b };
}

const get = (s: TestServer, path: string): Promise<Response> => fetch(`${s.origin}${path}`);

async function record(b: TestServer, segments = fixture.segments): Promise<Recording> {
  const rec = valueOf<Recording>(await b.call('recordings.create', { title: 'Team demo', width: fixture.width, height: fixture.height, fps: 30 }));
  await b.call('recordings.start', { id: rec.id });
  valueOf(await b.call('recordings.putInit', { id: rec.id, rendition: 'live', codecs: fixture.codecs, width: fixture.width, height: fixture.height, frameRate: 30, bitrate: 300_000, data: fixture.init }));
  for (const [seq, seg] of segments.entries()) valueOf(await b.call('recordings.putSegment', { id: rec.id, rendition: 'live', seq, durationSec: seg.durationSec, data: seg.data }));
  return rec;
}

/** the live playlist on `s` once it is final (the last files reach the server's share folder just after B's answer) */
async function endedPlaylist(s: TestServer, shareId: string): Promise<string> {
  return eventually(async () => {
    const res = await get(s, `/v/${shareId}/live/index.m3u8`);
    const text = res.ok ? await res.text() : '';
    return text.includes('#EXT-X-ENDLIST') ? text : null;
  }, 10_000, 'the final playlist');
}

const durationOf = (segments: LiveFixture['segments']): number => Math.round(segments.reduce((n, s) => n + s.durationSec, 0) * 1000);

describe('publishing to a Reelay Server', () => {
  it('Test connection: each step passes against a server, and says which failed otherwise', async () => {
    const { a, b } = await serverPair();
    const ok = valueOf<ServerTestResult>(await b.call('storage.testServer', { url: a.origin }));
    expect(ok).toEqual({ ok: true, steps: ['reach', 'identify', 'token', 'write'], publicUrl: a.origin, account: a.owner.email });
    const closed = await startTestServer();
    const deadUrl = closed.origin;
    await closed.close();
    expect(valueOf<ServerTestResult>(await b.call('storage.testServer', { url: deadUrl }))).toMatchObject({ ok: false, failedStep: 'reach' });
    // something else answers there: not a Reelay Server
    expect(valueOf<ServerTestResult>(await b.call('storage.testServer', { url: `${a.origin}/v` }))).toMatchObject({ ok: false, failedStep: 'identify' });
    const refused = valueOf<ServerTestResult>(await b.call('storage.testServer', { url: a.origin, token: `rly_${'x'.repeat(43)}` }));
    expect(refused).toMatchObject({ ok: false, failedStep: 'token', code: 'storage-auth' });
  });

  it('a server that cannot be reached: Record says why and what to do, and nothing half-made is left', async () => {
    const { b } = await serverPair();
    const closed = await startTestServer();
    await closed.close();
    valueOf(await b.call('settings.set', { storage: { kind: 'reelay', server: { url: closed.origin, token: `rly_${'c'.repeat(43)}` } } }));
    const res = await b.call('recordings.create', { width: 320, height: 180, fps: 30 });
    expect(res.ok).toBe(false);
    // the storage behind this server failed, not the request nor this server: 502, and a code the page can act on
    expect(res.status).toBe(502);
    expect('error' in res && res.error.code).toBe('storage-unreachable');
    expect('error' in res && res.error.message).toMatch(/No recording was started: .*Could not reach the Reelay Server.*This computer/);
    expect(valueOf<Recording[]>(await b.call('recordings.list', {}))).toEqual([]);
  });

  it("the link is the server's at once, plays there to the end, and the recording is in the server's library", async () => {
    const { a, b } = await serverPair();
    const rec = await record(b);
    expect(rec.link.startsWith(`${a.origin}/v/`)).toBe(true);
    expect(rec.storage).toBe('reelay');
    // live on A while B still records
    await eventually(async () => (await get(a, `/v/${rec.shareId}/live/index.m3u8`)).ok, 10_000, 'the live playlist on A');
    await b.call('recordings.stop', { id: rec.id, durationMs: durationOf(fixture.segments) });
    const ready = await eventually(async () => {
      const r = valueOf<Recording>(await b.call('recordings.get', { id: rec.id }));
      return r.state === 'ready' ? r : null;
    }, 15_000, 'ready on B');
    expect(ready.upload.waiting).toBeNull();
    const playlist = await endedPlaylist(a, rec.shareId);
    expect(playlist.match(/seg-\d+\.m4s/g)).toHaveLength(fixture.segments.length);
    // each segment on A is byte for byte the one B made durable
    for (const seq of fixture.segments.keys()) {
      const res = await get(a, `/v/${rec.shareId}/live/${segmentName(seq)}`);
      const made = readFileSync(intakePaths.segment(b.core.recordings.intakeDir(rec.id), 'live', seq));
      expect(Buffer.from(await res.arrayBuffer()).equals(made)).toBe(true);
    }
    expect(await (await get(a, `/v/${rec.shareId}/master.m3u8`)).text()).toContain('live/index.m3u8');
    await eventually(() => a.core.recordings.list()[0]?.state === 'ready', 10_000, "B's last status on A");
    const onA = valueOf<Recording[]>(await a.call('recordings.list', {}));
    expect(onA).toHaveLength(1);
    expect(onA[0]).toMatchObject({ shareId: rec.shareId, title: 'Team demo', state: 'ready', durationMs: durationOf(fixture.segments), link: rec.link });
  });

  it('rename and who can watch act on the server too; delete asks where, and "the server" removes its copy', async () => {
    const { a, b } = await serverPair();
    const rec = await record(b);
    await b.call('recordings.stop', { id: rec.id, durationMs: durationOf(fixture.segments) });
    await eventually(async () => valueOf<Recording>(await b.call('recordings.get', { id: rec.id })).state === 'ready', 15_000, 'ready');
    const onA = (): Recording => a.core.recordings.list()[0]!;
    // a guest comments on the link (A's viewer page): B's library reads it from A
    const posted = await fetch(`${rec.link}/comments`, { method: 'POST', headers: { origin: a.origin, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'comment', atSec: 1.5, body: 'Nice <b>demo</b>', name: 'Guest' }) });
    expect(posted.status).toBe(201);
    const comments = valueOf<{ items: { body: string }[] }>(await b.call('recordings.comments', { id: rec.id }));
    expect(comments.items.map((c) => c.body)).toEqual(['Nice <b>demo</b>']);
    expect(valueOf<{ views: number }>(await b.call('recordings.insights', { id: rec.id }))).toMatchObject({ views: 0 });
    valueOf(await b.call('recordings.rename', { id: rec.id, title: 'Quarterly review' }));
    expect(onA().title).toBe('Quarterly review');
    valueOf(await b.call('recordings.setAccess', { id: rec.id, watch: 'members', expiresAt: null }));
    expect(onA().access.watch).toBe('members');
    expect((await get(a, `/v/${rec.shareId}/live/index.m3u8`)).status).toBe(401);
    valueOf(await b.call('recordings.delete', { id: rec.id, from: 'storage' }));
    expect(a.core.recordings.list()).toHaveLength(0);
    expect((await get(a, `/v/${rec.shareId}`)).status).toBe(404);
    // still on this computer
    expect(valueOf<Recording>(await b.call('recordings.get', { id: rec.id })).copies).toEqual({ local: true, published: false });
  });

  it('the server down mid-recording: the queue waits and says so, then everything arrives in order', async () => {
    const { a, b } = await serverPair();
    const half = Math.floor(fixture.segments.length / 2);
    const rec = await record(b, fixture.segments.slice(0, half));
    await eventually(async () => valueOf<Recording>(await b.call('recordings.get', { id: rec.id })).upload.filesDone > half, 10_000, 'the first half on A');
    const port = Number(new URL(a.origin).port);
    await a.close();
    servers.splice(servers.indexOf(a), 1);
    for (const [i, seg] of fixture.segments.slice(half).entries()) {
      valueOf(await b.call('recordings.putSegment', { id: rec.id, rendition: 'live', seq: half + i, durationSec: seg.durationSec, data: seg.data }));
    }
    await b.call('recordings.stop', { id: rec.id, durationMs: durationOf(fixture.segments) });
    const waiting = await eventually(async () => valueOf<Recording>(await b.call('recordings.get', { id: rec.id })).upload.waiting, 15_000, 'the queue to say it waits');
    expect(waiting.reason).toMatch(/Could not reach the Reelay Server/);
    expect(waiting.retryable).toBe(true);
    const again = await startTestServer({ dataDir: a.dataDir, port });
    servers.push(again);
    b.core.publisher.networkBack();
    await eventually(async () => valueOf<Recording>(await b.call('recordings.get', { id: rec.id })).state === 'ready', 30_000, 'ready after A is back');
    const playlist = await endedPlaylist(again, rec.shareId);
    expect(playlist.match(/seg-\d+\.m4s/g)).toHaveLength(fixture.segments.length);
    await eventually(() => again.core.recordings.list()[0]?.state === 'ready', 10_000, "B's last status on A");
    expect(again.core.recordings.list()[0]).toMatchObject({ state: 'ready', durationMs: durationOf(fixture.segments) });
  });

  it('the publish API refuses what it must: another member\'s recording, unsafe paths, a recording made on the server', async () => {
    const { a } = await serverPair();
    const reg = valueOf<{ id: string; shareId: string; link: string }>(await a.call('publish.register', { title: 'Mine' }));
    const put = (path: string, shareId = reg.shareId, token?: string | null) =>
      a.call('publish.put', { shareId, path, offset: 0, total: 3, data: new Uint8Array([1, 2, 3]) }, token === undefined ? {} : { token });
    expect((await put('live/seg-00000.m4s')).status).toBe(200);
    for (const bad of ['../x.m4s', 'index.html', 'a/b/c.m4s', 'live/../../x.json', 'LIVE/x.m4s', 'x.js', '.hidden.json']) {
      const res = await put(bad);
      expect(res.status, bad).toBe(400);
    }
    expect((await put('live/seg-00000.m4s', reg.shareId, null)).status).toBe(401);
    const own = valueOf<Recording>(await a.call('recordings.create', { width: 320, height: 180, fps: 30 }));
    expect((await put('status.json', own.shareId)).status).toBe(403);
    expect(existsSync(join(a.dataDir, 'share', own.shareId, 'status.json'))).toBe(false);
  });
});
