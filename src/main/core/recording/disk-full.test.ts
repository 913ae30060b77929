// A full disk while recording, for real: the data folder on a tmpfs of a few MB, filled by the test
// until the core refuses media. What a user notices: the 'disk-full' answer (507) that says what to do,
// every segment acknowledged before it still served and playable, the disk agreeing with the
// database, and, once space is freed, the same recording taking the refused media again, going on,
// and ending with a link that plays all of it. Real core, real HTTP, real SQLite, the bundled ffmpeg
// for the media and ffprobe to play it back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Recording } from '../../../shared/domain';
import { parsePlaylist } from '../../../shared/hls/parse';
import { run, testFfprobe } from '../backfill/test-media';
import { ReelayError } from '../errors';
import { reserveFor } from '../files/disk-room';
import { makeLiveFixture, type LiveFixture } from '../testing/media-fixtures';
import { mountSmallDisk, whyNoSmallDisk, type SmallDisk } from '../testing/small-disk';
import { eventually, startTestServer, tempDir, type TestServer } from '../testing/test-server';
import type { Storage } from '../storage/storage';
import { Intake } from './intake';
import { intakePaths } from './layout';

const noDisk = whyNoSmallDisk();
const DISK_MB = 4;
const CHUNK = 40_000;
const MIME = 'video/webm;codecs=vp9,opus';

let fixture: LiveFixture;
let disk: SmallDisk;
let s: TestServer;
let rec: Recording;
/** while set, every put to the storage waits for it (to have an upload in flight when the disk fills) */
let gate: Promise<void> | null = null;
/** puts tried, by key */
const puts = new Map<string, number>();
const logged: string[] = [];
/** what the core acknowledged: segment seq → bytes sent; master chunks in order */
const acked = new Map<number, Uint8Array>();
const chunks: Uint8Array[] = [];
const masterChunk = (seq: number): Uint8Array => new Uint8Array(CHUNK).fill(seq + 1);

beforeAll(async () => {
  if (noDisk) return;
  // 20 s of distinct 2 s segments (~110 kB each): the recording plays back as one timeline
  fixture = await makeLiveFixture(join(tempDir('reelay-disk-full-media-'), 'live'), 20, '160x90');
  disk = mountSmallDisk(DISK_MB);
  const rendererDir = tempDir('reelay-renderer-');
  writeFileSync(join(rendererDir, 'viewer.html'), '<!doctype html><title>viewer</title>');
  const wrapStorage = (inner: Storage): Storage => {
    const gated = Object.create(inner) as Storage;
    gated.put = async (key, body, options) => {
      puts.set(key, (puts.get(key) ?? 0) + 1);
      if (gate) await gate;
      return inner.put(key, body, options);
    };
    return gated;
  };
  s = await startTestServer({ dataDir: join(disk.dir, 'data'), rendererDir, core: { wrapStorage, log: (m) => logged.push(m) } });
});

afterAll(async () => {
  await s?.close();
  disk?.unmount();
});

function segment(seq: number): { data: Uint8Array; durationSec: number } {
  const seg = fixture.segments[seq];
  if (!seg) throw new Error(`the fixture has no segment ${seq}`);
  return seg;
}

async function putSegment(seq: number) {
  const res = await s.call('recordings.putSegment', { id: rec.id, rendition: 'live', seq, durationSec: segment(seq).durationSec, data: segment(seq).data });
  if (res.ok) acked.set(seq, segment(seq).data);
  return res;
}

async function putChunk() {
  const data = masterChunk(chunks.length);
  const res = await s.call('recordings.putMasterChunk', { id: rec.id, seq: chunks.length, mimeType: MIME, data });
  if (res.ok) chunks.push(data);
  return res;
}

/** every upload queued so far is published */
async function published(): Promise<void> {
  await eventually(() => s.core.publisher.pendingCount(rec.id) === 0, 10_000, 'the upload queue to drain');
}

async function stateOf(): Promise<Recording['state']> {
  const res = await s.call('recordings.get', { id: rec.id });
  if (!res.ok) throw new Error(res.error.message);
  return (res.value as Recording).state;
}

/** the media playlist the link serves: its segments' sequence numbers, and whether it ended */
async function servedPlaylist(): Promise<{ seqs: number[]; ended: boolean }> {
  const res = await fetch(`${rec.link}/live/index.m3u8`);
  expect(res.status).toBe(200);
  const pl = parsePlaylist(await res.text());
  if (pl.kind !== 'media') throw new Error('not a media playlist');
  return { seqs: pl.segments.map((x) => Number(/(\d+)/.exec(x.uri)![1])), ended: pl.ended };
}

/** the link serves exactly the acknowledged segments, byte for byte, and each plays (ffprobe decodes its 60 frames) */
async function servesWhatWasAcknowledged(): Promise<void> {
  await published();
  const { seqs, ended } = await servedPlaylist();
  expect(ended).toBe(false);
  expect(seqs).toEqual([...acked.keys()].sort((a, b) => a - b));
  const init = new Uint8Array(await (await fetch(`${rec.link}/live/init.mp4`)).arrayBuffer());
  expect(Buffer.from(init).equals(fixture.init)).toBe(true);
  const scratch = tempDir('reelay-disk-full-play-');
  for (const seq of seqs) {
    const res = await fetch(`${rec.link}/live/seg-${String(seq).padStart(5, '0')}.m4s`);
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.equals(acked.get(seq)!)).toBe(true);
    const file = join(scratch, `play-${seq}.mp4`);
    writeFileSync(file, Buffer.concat([init, bytes]));
    expect(await decodedVideoFrames(file)).toBe(60);
  }
}

async function decodedVideoFrames(input: string): Promise<number> {
  const out = await run(testFfprobe(), ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', input]);
  return Number.parseInt(out.trim(), 10);
}

/** no file without a row, no row without its file, every size as the database says; no temp file left */
function diskAgreesWithDatabase(): void {
  const repo = s.core.recordings.repo;
  const dir = s.core.recordings.intakeDir(rec.id);
  const rows = repo.segments(rec.id, 'live');
  const files = readdirSync(join(dir, 'live')).filter((n) => n !== 'init.mp4');
  expect(files.sort()).toEqual(rows.map((r) => `seg-${String(r.seq).padStart(5, '0')}.m4s`).sort());
  for (const r of rows) expect(statSync(intakePaths.segment(dir, 'live', r.seq)).size).toBe(r.bytes);
  const { count, bytes } = repo.masterChunkCount(rec.id);
  expect(count).toBe(chunks.length);
  const master = intakePaths.master(dir, MIME);
  expect(existsSync(master) ? statSync(master).size : 0).toBe(bytes);
  expect(readFileSync(master).equals(Buffer.concat(chunks))).toBe(true);
  expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
}

function expectDiskFull(res: Awaited<ReturnType<TestServer['call']>>, what: RegExp): void {
  expect(res.status).toBe(507);
  if (res.ok) throw new Error('the call succeeded');
  expect(res.error.code).toBe('disk-full');
  expect(res.error.retryable).toBe(true);
  expect(res.error.message).toMatch(/^The disk is full/);
  expect(res.error.message).toMatch(what);
  expect(res.error.message).toMatch(/Free some space, then send it again; everything saved before it is kept\.$/);
}

describe.skipIf(noDisk !== null)(`recording onto a full disk (${DISK_MB} MB tmpfs)${noDisk ? ` — skipped: ${noDisk}` : ''}`, () => {
  it('records normally while there is room', async () => {
    const created = await s.call('recordings.create', { width: 160, height: 90, fps: 30, title: 'Full disk' });
    if (!created.ok) throw new Error(created.error.message);
    rec = created.value as Recording;
    expect((await s.call('recordings.start', { id: rec.id })).ok).toBe(true);
    expect((await s.call('recordings.putInit', { id: rec.id, rendition: 'live', codecs: fixture.codecs, width: 160, height: 90, frameRate: 30, bitrate: 300_000, data: fixture.init })).ok).toBe(true);
    for (const seq of [0, 1]) {
      expect((await putSegment(seq)).ok).toBe(true);
      expect((await putChunk()).ok).toBe(true);
    }
    await servesWhatWasAcknowledged();
  });

  it("refuses media with 507 'disk-full' before the disk is full, saying what to do; what came before stays published and playable", async () => {
    const reserve = reserveFor(disk.total());
    // room for one more segment and chunk above the reserve, not for two
    disk.leave(reserve + 200_000);
    let refused: Awaited<ReturnType<TestServer['call']>> | null = null;
    for (let seq = 2; seq < 8 && !refused; seq++) {
      const res = await putSegment(seq);
      if (!res.ok) refused = res;
      else expect((await putChunk()).ok).toBe(true);
    }
    if (!refused) throw new Error('the disk never filled');
    expectDiskFull(refused, /segment \d+ was not saved/);
    expect(refused.ok || refused.error.message).toMatch(/MB free, of which Reelay keeps [\d.]+ MB for its library and playlists/);
    expect(acked.size).toBeGreaterThanOrEqual(3);

    // the master lane meets the same wall
    let chunkRefused: Awaited<ReturnType<TestServer['call']>> | null = null;
    for (let i = 0; i < 20 && !chunkRefused; i++) {
      const res = await putChunk();
      if (!res.ok) chunkRefused = res;
    }
    if (!chunkRefused) throw new Error('the master never hit the wall');
    expectDiskFull(chunkRefused, /chunk \d+ of the full-quality recording was not saved/);

    // not lost, not failed: still recording, and the reserve leaves room for a clean Pause
    expect(await stateOf()).toBe('recording');
    diskAgreesWithDatabase();
    await servesWhatWasAcknowledged();
    const paused = await s.call('recordings.pause', { id: rec.id });
    expect(paused.ok).toBe(true);
    expect(await stateOf()).toBe('paused');
  });

  describe('when the disk itself refuses (another program ate the reserve)', () => {
    // the HTTP core keeps its reserve; an intake beside it on the same core, without one, meets the disk's own limits
    let bare: Intake;
    const next = (): number => Math.max(...acked.keys()) + 1;
    beforeAll(() => {
      bare = new Intake({ db: s.core.db, dataDir: s.core.dataDir, recordings: s.core.recordings.repo, publisher: s.core.publisher, now: Date.now, diskRoom: async () => null });
    });

    async function refusal(p: Promise<unknown>): Promise<ReelayError> {
      const e = await p.then(
        () => null,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(ReelayError);
      expect(e).toMatchObject({ code: 'disk-full', retryable: true });
      return e as ReelayError;
    }

    it('a segment the disk cannot hold (ENOSPC) leaves no file, no temp file and no row', async () => {
      await published();
      disk.leave(40_000);
      const seq = next();
      const e = await refusal(bare.putSegment({ id: rec.id, rendition: 'live', seq, durationSec: segment(seq).durationSec, data: segment(seq).data }));
      expect((e.cause as NodeJS.ErrnoException).code).toBe('ENOSPC');
      expect(e.message).toBe(`The disk is full: segment ${seq} was not saved. Free some space, then send it again; everything saved before it is kept.`);
      diskAgreesWithDatabase();
    });

    it('a master chunk written halfway is cut back to what was acknowledged', async () => {
      disk.leave(16_384);
      const before = s.core.recordings.repo.masterChunkCount(rec.id);
      await refusal(bare.putMasterChunk({ id: rec.id, seq: chunks.length, mimeType: MIME, data: masterChunk(chunks.length) }));
      expect(s.core.recordings.repo.masterChunkCount(rec.id)).toEqual(before);
      diskAgreesWithDatabase();
    });

    it('a segment whose file fits but whose row does not (SQLITE_FULL) is taken back, and the library keeps working', async () => {
      await published();
      const seq = next();
      // exactly the segment's pages: its file fits, the database's next WAL frame does not
      disk.leave(Math.ceil(segment(seq).data.byteLength / 4096) * 4096);
      const e = await refusal(bare.putSegment({ id: rec.id, rendition: 'live', seq, durationSec: segment(seq).durationSec, data: segment(seq).data }));
      expect((e.cause as { code?: string }).code).toBe('SQLITE_FULL');
      expect(e.message).toMatch(new RegExp(`^The disk is full: segment ${seq} was not saved\\.`));
      diskAgreesWithDatabase();
      // a change the full database refuses is 'disk-full' too (507), and harms nothing
      disk.leave(0);
      const renamed = await s.call('recordings.rename', { id: rec.id, title: 'Full disk, renamed' });
      expect(renamed.status).toBe(507);
      expect(renamed.ok || renamed.error.message).toMatch(/^The disk is full, so Reelay could not save this change\. Free some space, then try again/);
      expect(s.core.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(await stateOf()).toBe('paused');
    });

    it('an upload that fails when even its failure cannot be recorded waits with backoff; the server keeps answering', async () => {
      disk.unfill();
      let open!: () => void;
      gate = new Promise((resolve) => (open = resolve));
      expect((await s.call('recordings.rename', { id: rec.id, title: 'Full disk' })).ok).toBe(true); // queues status.json
      disk.leave(0);
      const key = `${rec.shareId}/status.json`;
      const before = puts.get(key) ?? 0;
      gate = null;
      open(); // status.json meets the full disk, and so does the row that would say when to try again
      await new Promise((resolve) => setTimeout(resolve, 600));
      // it used to be due again at once: thousands of tries a second (none of them waiting for a timer)
      expect((puts.get(key) ?? 0) - before).toBeLessThan(12);
      expect(logged.some((m) => m.includes(`upload ${key}: the library could not record the failure`))).toBe(true);
      expect(await stateOf()).toBe('paused');
      disk.unfill();
      await published();
      const status = (await (await fetch(`${rec.link}/status.json`)).json()) as { title?: string };
      expect(status.title).toBe('Full disk');
    });
  });

  it('after space is freed, Resume goes on in the same recording: the refused media again, more, Stop, and the link plays all of it', async () => {
    disk.unfill();
    expect((await s.call('recordings.resume', { id: rec.id })).ok).toBe(true);
    // the renderer sends again what was not acknowledged, in order, then what came after
    const from = Math.max(...acked.keys()) + 1;
    for (let seq = from; seq < fixture.segments.length; seq++) {
      expect(await putSegment(seq)).toMatchObject({ ok: true });
      expect(await putChunk()).toMatchObject({ ok: true });
    }
    diskAgreesWithDatabase();
    const stopped = await s.call('recordings.stop', { id: rec.id, durationMs: 20_000 });
    expect(stopped.ok).toBe(true);
    await eventually(async () => (await stateOf()) === 'ready', 15_000, 'ready');
    await published();
    const { seqs, ended } = await servedPlaylist();
    expect(ended).toBe(true);
    expect(seqs).toEqual(fixture.segments.map((_, i) => i));
    // one timeline, played over HTTP from the link: every frame of the 20 s decodes
    const frames = await run(testFfprobe(), ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', `${rec.link}/live/index.m3u8`]);
    expect(Number.parseInt(frames.trim(), 10)).toBe(fixture.segments.length * 60);
  });
});
