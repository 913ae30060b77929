// The HD versions on a full disk, for real: the data folder (and so the backfill's scratch folder) on
// a tmpfs of a few MB, filled by the test so that the live version fits but the ladder does not. The
// job fails at once with a message that says the disk is full and what to do, its scratch files are
// gone, nothing half-made is published, the link keeps playing the live version; after space is
// freed, Try again (recordings.retryBackfill over HTTP) completes. Twice: a job that stops at the
// reserve the library keeps (the library goes on meanwhile), and one that meets the disk's own ENOSPC
// (another program took the reserve). Real core, real HTTP, the bundled ffmpeg.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Recording } from '../../../shared/domain';
import { parsePlaylist } from '../../../shared/hls/parse';
import { diskRoom, reserveFor, type DiskRoom } from '../files/disk-room';
import { mountSmallDisk, whyNoSmallDisk, type SmallDisk } from '../testing/small-disk';
import { eventually, startTestServer, tempDir, type TestServer } from '../testing/test-server';
import { feedRecording, liveDurationMs, makeLive, makeMaster, type LiveMedia } from './test-media';

const noDisk = whyNoSmallDisk();
const DISK_MB = 8;
const SIZE = { width: 640, height: 360, fps: 30 };
const FAILED =
  'The disk is full: there was no room for the HD versions, and what was made of them so far was removed. Free some space, then press Try again. The link keeps playing the live version.';

let master: string;
let live: LiveMedia;

beforeAll(async () => {
  if (noDisk) return;
  const media = tempDir('reelay-backfill-disk-full-');
  master = await makeMaster(media, { seconds: 6, ...SIZE, codec: 'vp9', videoBitrate: 600_000 });
  live = await makeLive(master, join(media, 'live'), SIZE.fps, { width: 320, height: 180 });
});

/** a server whose data folder is on a small disk of its own */
function onSmallDisk(options: { reserve: boolean }): { s: () => TestServer; disk: () => SmallDisk } {
  let disk: SmallDisk;
  let s: TestServer;
  beforeAll(async () => {
    disk = mountSmallDisk(DISK_MB);
    const rendererDir = tempDir('reelay-renderer-');
    writeFileSync(join(rendererDir, 'viewer.html'), '<!doctype html><title>viewer</title>');
    // without the reserve, the job writes until the disk itself says no
    const noReserve = async (dir: string): Promise<DiskRoom | null> => {
      const room = await diskRoom(dir);
      return room && { ...room, reserve: 0 };
    };
    const backfill = { progressIntervalMs: 100, ...(options.reserve ? {} : { diskRoom: noReserve }) };
    s = await startTestServer({ dataDir: join(disk.dir, 'data'), rendererDir, core: { backfill } });
  });
  afterAll(async () => {
    await s?.close();
    disk?.unmount();
  });
  return { s: () => s, disk: () => disk };
}

async function recording(s: TestServer, id: string): Promise<Recording> {
  const res = await s.call('recordings.get', { id });
  if (!res.ok) throw new Error(res.error.message);
  return res.value as Recording;
}

async function settled(s: TestServer, id: string): Promise<Recording> {
  return eventually(
    async () => {
      const r = await recording(s, id);
      return r.backfill.state === 'done' || r.backfill.state === 'failed' ? r : null;
    },
    90_000,
    'the HD job to end',
  );
}

async function published(s: TestServer, id: string): Promise<void> {
  await eventually(() => s.core.publisher.pendingCount(id) === 0, 20_000, 'the upload queue to drain');
}

/** the variants the link's master.m3u8 lists */
async function variants(rec: Recording): Promise<string[]> {
  const pl = parsePlaylist(await (await fetch(`${rec.link}/master.m3u8`)).text());
  if (pl.kind !== 'master') throw new Error('not a master playlist');
  return pl.variants.map((v) => v.uri.split('/')[0]!).sort();
}

/** stops a recording on a disk with `room` bytes free; resolves once its HD job failed, checked as the user and the disk see it */
async function failsForWantOfRoom(s: TestServer, disk: SmallDisk, room: number): Promise<Recording> {
  const rec = await feedRecording(s.core, master, live, SIZE, false);
  await published(s, rec.id);
  disk.leave(room);
  expect((await s.call('recordings.stop', { id: rec.id, durationMs: liveDurationMs(live) })).ok).toBe(true);

  const failed = await settled(s, rec.id);
  expect(failed.backfill).toMatchObject({ state: 'failed', error: FAILED });
  const job = s.core.backfill.worker.jobs.get(rec.id)!;
  expect(job).toMatchObject({ state: 'failed', error_code: 'disk-full', attempts: 1 }); // no retries against a full disk
  const folder = join(s.core.recordings.intakeDir(rec.id), 'backfill');
  expect(readdirSync(folder).filter((n) => n.startsWith('work-'))).toEqual([]);
  // among the published files is exactly what was published: a poster at most, no rung, no download
  const kept = existsSync(join(folder, 'published')) ? readdirSync(join(folder, 'published')) : [];
  expect(kept).toEqual(job.poster_at === null ? [] : ['poster.jpg']);
  expect(job.renditions_at).toBeNull();
  expect(s.core.recordings.repo.renditions(rec.id).map((r) => r.name)).toEqual(['live']);
  return rec;
}

async function tryAgainCompletes(s: TestServer, disk: SmallDisk, rec: Recording): Promise<void> {
  disk.unfill();
  expect((await s.call('recordings.retryBackfill', { id: rec.id })).ok).toBe(true);
  const done = await settled(s, rec.id);
  expect(done.backfill).toMatchObject({ state: 'done', error: null });
  await published(s, rec.id);
  // the ladder is complete: the live rung's twin (r180, the live size) replaces it in the master, below 360p
  expect(await variants(rec)).toEqual(['r180', 'r360']);
  expect(readdirSync(join(s.core.recordings.intakeDir(rec.id), 'backfill')).filter((n) => n.startsWith('work-'))).toEqual([]);
  const download = await fetch(`${rec.link}/download.mp4`);
  expect(download.status).toBe(200);
  expect((await download.arrayBuffer()).byteLength).toBeGreaterThan(0); // read to the end: an open file keeps the disk busy
}

const skipped = noDisk ? ` — skipped: ${noDisk}` : '';

describe.skipIf(noDisk !== null)(`HD versions on a full disk (${DISK_MB} MB tmpfs)${skipped}`, () => {
  describe('stopping at the reserve the library keeps', () => {
    const { s, disk } = onSmallDisk({ reserve: true });

    it('fails at once saying so, removes its scratch files, publishes nothing half-made, leaves the library its room; Try again completes', async () => {
      const rec = await failsForWantOfRoom(s(), disk(), reserveFor(disk().total()) + 300_000);
      // the room the job left: the link is ready, and everything about it is published
      await eventually(async () => (await recording(s(), rec.id)).state === 'ready', 20_000, 'ready');
      await published(s(), rec.id);
      expect(await variants(rec)).toEqual(['live']);
      expect(disk().free()).toBeGreaterThan(reserveFor(disk().total()) / 2);
      await tryAgainCompletes(s(), disk(), rec);
    }, 180_000);
  });

  describe("meeting the disk's own ENOSPC (another program took the reserve)", () => {
    const { s, disk } = onSmallDisk({ reserve: false });

    it('fails at once saying so, removes its scratch files, publishes nothing half-made; Try again completes', async () => {
      const rec = await failsForWantOfRoom(s(), disk(), 300_000);
      await tryAgainCompletes(s(), disk(), rec);
    }, 180_000);
  });
});
