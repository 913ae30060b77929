// The live lane goes first: a recording's final segment, its ENDLIST playlist and master, and any
// recording's live files are published before any backfill output (rungs, poster, thumbnails, MP4)
// of any recording. Seen before the lanes: on a slow storage, a link became playable seconds after
// Stop because its final files waited behind another recording's HD rungs.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { createCore, type Core } from '..';
import type { PutBody, PutOptions, Storage } from '../storage/storage';
import { eventually, tempDir } from '../testing/test-server';

interface Put {
  key: string;
  startedAt: number;
  doneAt: number | null;
  body: string | null;
}

/** a storage that takes `ms` for every file, and remembers in which order each started and landed */
let clock = 0;
function slow(inner: Storage, ms: number, puts: Put[]): Storage {
  return {
    kind: inner.kind,
    linkFor: (id) => inner.linkFor(id),
    deletePrefix: (p) => inner.deletePrefix(p),
    async put(key: string, body: PutBody, options: PutOptions) {
      const put: Put = { key, startedAt: clock++, doneAt: null, body: 'data' in body ? new TextDecoder().decode(body.data) : null };
      puts.push(put);
      await delay(ms);
      await inner.put(key, body, options);
      put.doneAt = clock++;
    },
  };
}

let core: Core | null = null;
let dir: string | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function recordLive(c: Core, title: string, segments: number): Promise<{ id: string; shareId: string }> {
  const rec = await c.recordings.create({ title, width: 1280, height: 720, fps: 30 });
  c.recordings.start(rec.id);
  await c.recordings.putInit({ id: rec.id, rendition: 'live', codecs: 'avc1.640028,mp4a.40.2', width: 1280, height: 720, frameRate: 30, bitrate: 1_200_000, data: randomBytes(600) });
  for (let seq = 0; seq < segments; seq++) await c.recordings.putSegment({ id: rec.id, rendition: 'live', seq, durationSec: 2, data: randomBytes(2000) });
  return { id: rec.id, shareId: rec.shareId };
}

/** what a backfill hands the publisher when its rung is made: durable files of a whole rendition */
function madeRendition(root: string, name: string, segments: number): Parameters<Core['publisher']['renditionMade']>[1] {
  const folder = join(root, name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'init.mp4'), randomBytes(500));
  const files = Array.from({ length: segments }, (_, i) => {
    const path = join(folder, `seg-${i}.m4s`);
    writeFileSync(path, randomBytes(4000));
    return { path, durationSec: 2, bytes: 4000 };
  });
  return { name, codecs: 'avc1.640028,mp4a.40.2', width: 1920, height: 1080, frameRate: 30, bitrate: 4_000_000, initPath: join(folder, 'init.mp4'), segments: files };
}

const isBackfillKey = (key: string): boolean => key.includes('/r1080/') || key.endsWith('/poster.jpg');

describe('upload lanes', () => {
  it("publishes a stopped recording's final files before the backfill output another recording queued at that moment", async () => {
    dir = tempDir('reelay-lanes-');
    const puts: Put[] = [];
    core = await createCore({ dataDir: join(dir, 'data'), shell: 'server', version: 't', shareBaseUrl: 'http://127.0.0.1:1', wrapStorage: (s) => slow(s, 15, puts) });
    await core.start({ backfill: false });
    const c = core;

    // A was recorded and stopped earlier; its link plays
    const a = await recordLive(c, 'A', 2);
    c.recordings.stop(a.id, 4000);
    await eventually(() => c.recordings.get(a.id).state === 'ready', 10_000, 'A ready');

    // B records; meanwhile A's backfill finishes and hands over a rung and a poster
    const b = await recordLive(c, 'B', 3);
    const rowA = c.recordings.repo.get(a.id)!;
    c.publisher.renditionMade(rowA, madeRendition(join(dir, 'made'), 'r1080', 12));
    const poster = join(dir, 'made', 'poster.jpg');
    writeFileSync(poster, randomBytes(3000));
    c.publisher.assetMade(rowA, 'poster.jpg', poster, 3000);
    // ... and B stops at that moment
    c.recordings.stop(b.id, 6000);

    await eventually(() => c.publisher.pendingCount(a.id) === 0 && c.publisher.pendingCount(b.id) === 0, 20_000, 'everything published');
    const bLive = puts.filter((p) => p.key.startsWith(`${b.shareId}/`));
    const aBackfill = puts.filter((p) => p.key.startsWith(`${a.shareId}/`) && isBackfillKey(p.key));
    expect(aBackfill.length).toBe(1 + 12 + 1 + 1); // init, segments, playlist, poster
    // B's final playlist (ENDLIST) and master landed before any of A's backfill output started
    const finalPlaylist = bLive.find((p) => p.key.endsWith('/live/index.m3u8') && p.body?.includes('#EXT-X-ENDLIST'));
    const master = bLive.filter((p) => p.key.endsWith('/master.m3u8')).at(-1);
    expect(finalPlaylist?.doneAt).not.toBeNull();
    expect(master?.doneAt).not.toBeNull();
    const firstBackfillStart = Math.min(...aBackfill.map((p) => p.startedAt));
    expect(finalPlaylist!.doneAt!).toBeLessThan(firstBackfillStart);
    expect(master!.doneAt!).toBeLessThan(firstBackfillStart);
    // and every live file of B, segments included, went before the first backfill upload
    expect(Math.max(...bLive.map((p) => p.doneAt!))).toBeLessThan(firstBackfillStart);
  });

  it('holds backfill uploads while a recording captures, and lets them go once it stops', async () => {
    dir = tempDir('reelay-lanes-');
    const puts: Put[] = [];
    core = await createCore({ dataDir: join(dir, 'data'), shell: 'server', version: 't', shareBaseUrl: 'http://127.0.0.1:1', wrapStorage: (s) => slow(s, 5, puts) });
    await core.start({ backfill: false });
    const c = core;
    const a = await recordLive(c, 'A', 1);
    c.recordings.stop(a.id, 2000);
    await eventually(() => c.recordings.get(a.id).state === 'ready', 10_000, 'A ready');

    const b = await recordLive(c, 'B', 1);
    c.publisher.renditionMade(c.recordings.repo.get(a.id)!, madeRendition(join(dir, 'made'), 'r1080', 3));
    // B's live files keep flowing while A's rung waits
    await c.recordings.putSegment({ id: b.id, rendition: 'live', seq: 1, durationSec: 2, data: randomBytes(2000) });
    await eventually(() => c.publisher.pendingCount(b.id) === 0, 10_000, "B's live files");
    expect(c.publisher.pendingCount(a.id)).toBeGreaterThan(0);
    expect(puts.filter((p) => isBackfillKey(p.key))).toEqual([]);

    c.recordings.stop(b.id, 4000);
    await eventually(() => c.publisher.pendingCount(a.id) === 0, 10_000, "A's rung");
    expect(puts.filter((p) => isBackfillKey(p.key)).length).toBe(1 + 3 + 1); // init, segments, playlist
  });

  it("makes a recording ready once its link plays, while its own HD versions are still uploading", async () => {
    dir = tempDir('reelay-lanes-');
    const puts: Put[] = [];
    let gate: (() => void) | null = null;
    const held = new Promise<void>((resolve) => (gate = resolve));
    core = await createCore({
      dataDir: join(dir, 'data'),
      shell: 'server',
      version: 't',
      shareBaseUrl: 'http://127.0.0.1:1',
      // backfill files wait at the storage until the test lets them through
      wrapStorage: (s) => {
        const inner = slow(s, 1, puts);
        return { ...inner, put: async (key, body, options) => (isBackfillKey(key) ? held.then(() => inner.put(key, body, options)) : inner.put(key, body, options)) };
      },
    });
    await core.start({ backfill: false });
    const c = core;
    const b = await recordLive(c, 'B', 2);
    c.recordings.stop(b.id, 4000);
    // the backfill hands over a rung at Stop
    c.publisher.renditionMade(c.recordings.repo.get(b.id)!, madeRendition(join(dir, 'made'), 'r1080', 2));
    await eventually(() => c.recordings.get(b.id).state === 'ready', 10_000, 'B ready');
    expect(c.publisher.pendingCount(b.id, 'backfill')).toBeGreaterThan(0);
    gate!();
    await eventually(() => c.publisher.pendingCount(b.id) === 0, 10_000, "B's rung");
  });
});
