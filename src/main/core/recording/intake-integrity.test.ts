// What the intake keeps when the same piece of media arrives twice, or several times at once: the
// database and the disk agree afterwards, a rendition's init never changes once acknowledged (viewers
// and the master playlist keep the first), and a piece that loses the race with Stop leaves nothing
// behind. A real core on a temp data folder: real SQLite, real files.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createCore, type Core } from '..';
import { ReelayError, toApiError } from '../errors';
import { intakePaths, keys } from './layout';
import { eventually, tempDir } from '../testing/test-server';

let core: Core | null = null;
let dir: string | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

async function started(): Promise<Core> {
  dir = tempDir('reelay-intake-');
  core = await createCore({ dataDir: join(dir, 'data'), shell: 'server', version: 't', shareBaseUrl: 'http://127.0.0.1:1' });
  await core.start({ backfill: false });
  return core;
}

async function recording(c: Core, withInit = true): Promise<{ id: string; shareId: string }> {
  const rec = await c.recordings.create({ title: 'T', width: 1280, height: 720, fps: 30 });
  c.recordings.start(rec.id);
  if (withInit) await c.recordings.putInit({ id: rec.id, rendition: 'live', codecs: 'avc1.640028,mp4a.40.2', width: 1280, height: 720, frameRate: 30, bitrate: 1_200_000, data: randomBytes(600) });
  return { id: rec.id, shareId: rec.shareId };
}

const initInput = (id: string, data: Uint8Array, codecs = 'avc1.640028,mp4a.40.2') =>
  ({ id, rendition: 'live', codecs, width: 1280, height: 720, frameRate: 30, bitrate: 1_200_000, data }) as const;

function uploadsOf(c: Core, recordingId: string, key: string): number {
  return c.db.prepare('SELECT COUNT(*) FROM uploads WHERE recording_id = ? AND key = ?').pluck().get(recordingId, key) as number;
}

async function codeOf(p: Promise<unknown>): Promise<string | null> {
  try {
    await p;
    return null;
  } catch (e) {
    return toApiError(e).code;
  }
}

describe('putInit', () => {
  it('takes the same init again (a retry) and changes nothing', async () => {
    const c = await started();
    const rec = await recording(c, false);
    const init = randomBytes(700);
    await c.recordings.putInit(initInput(rec.id, init));
    const row = c.recordings.repo.rendition(rec.id, 'live');
    await expect(c.recordings.putInit(initInput(rec.id, Buffer.from(init)))).resolves.toEqual({ durable: true });
    expect(c.recordings.repo.rendition(rec.id, 'live')).toEqual(row);
    expect(readFileSync(intakePaths.init(c.recordings.intakeDir(rec.id), 'live')).equals(init)).toBe(true);
    expect(uploadsOf(c, rec.id, keys.init(rec.shareId, 'live'))).toBe(1);
  });

  it('refuses another init for a rendition that has one (conflict), and keeps the first on disk and in the row', async () => {
    const c = await started();
    const rec = await recording(c, false);
    const first = randomBytes(700);
    await c.recordings.putInit(initInput(rec.id, first, 'avc1.640028,mp4a.40.2'));
    const row = c.recordings.repo.rendition(rec.id, 'live');

    const second = randomBytes(650);
    const err = await c.recordings.putInit({ ...initInput(rec.id, second, 'avc1.42c01f'), width: 640, height: 360 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ReelayError);
    expect(toApiError(err)).toMatchObject({ code: 'conflict', retryable: false });
    expect((err as Error).message).toMatch(/init|header/i);

    // viewers keep the first init, and the master keeps advertising its CODECS
    expect(readFileSync(intakePaths.init(c.recordings.intakeDir(rec.id), 'live')).equals(first)).toBe(true);
    expect(c.recordings.repo.rendition(rec.id, 'live')).toEqual(row);
    expect(c.recordings.repo.rendition(rec.id, 'live')?.codecs).toBe('avc1.640028,mp4a.40.2');
    expect(uploadsOf(c, rec.id, keys.init(rec.shareId, 'live'))).toBe(1);
    // the recording goes on
    await c.recordings.putSegment({ id: rec.id, rendition: 'live', seq: 0, durationSec: 2, data: randomBytes(1000) });
  });

  it('of several different inits sent at once for a new rendition, takes exactly one and refuses the others', async () => {
    const c = await started();
    const rec = await recording(c, false);
    const inits = Array.from({ length: 6 }, (_, i) => randomBytes(500 + i * 37));
    const codes = await Promise.all(inits.map((data) => codeOf(c.recordings.putInit(initInput(rec.id, data)))));
    expect(codes.filter((x) => x === null)).toHaveLength(1);
    expect(codes.filter((x) => x === 'conflict')).toHaveLength(5);
    const winner = inits[codes.indexOf(null)]!;
    const onDisk = readFileSync(intakePaths.init(c.recordings.intakeDir(rec.id), 'live'));
    expect(onDisk.equals(winner)).toBe(true);
    expect(c.recordings.repo.rendition(rec.id, 'live')?.init_bytes).toBe(winner.byteLength);
    expect(uploadsOf(c, rec.id, keys.init(rec.shareId, 'live'))).toBe(1);
  });
});

describe('concurrent puts of the same piece', () => {
  it('segments: the row and the file agree, the file is one of the payloads, one upload is queued', async () => {
    const c = await started();
    const rec = await recording(c);
    for (let seq = 0; seq < 6; seq++) {
      const payloads = Array.from({ length: 6 }, (_, i) => randomBytes(1000 + i * 111 + seq));
      const results = await Promise.allSettled(payloads.map((data) => c.recordings.putSegment({ id: rec.id, rendition: 'live', seq, durationSec: 2, data })));
      expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
      const row = c.recordings.repo.segment(rec.id, 'live', seq);
      const file = readFileSync(intakePaths.segment(c.recordings.intakeDir(rec.id), 'live', seq));
      expect(file.byteLength, `seq ${seq}`).toBe(row?.bytes);
      expect(payloads.some((p) => p.equals(file)), `seq ${seq}`).toBe(true);
      expect(uploadsOf(c, rec.id, keys.segment(rec.shareId, 'live', seq))).toBe(1);
    }
  });

  it('master chunks: the file is exactly the acknowledged chunks, each one of its payloads', async () => {
    const c = await started();
    const rec = await recording(c);
    const kept: Buffer[] = [];
    for (let seq = 0; seq < 6; seq++) {
      // the longest goes first, so a shorter one that wins the row leaves its tail behind
      const payloads = Array.from({ length: 6 }, (_, i) => randomBytes(3000 - i * 200 + seq));
      const results = await Promise.allSettled(payloads.map((data) => c.recordings.putMasterChunk({ id: rec.id, seq, mimeType: 'video/webm', data })));
      expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
      const master = c.recordings.masterFile(rec.id)!;
      const file = readFileSync(master.path);
      expect(file.byteLength, `after chunk ${seq}`).toBe(master.bytes);
      const chunk = file.subarray(Buffer.concat(kept).byteLength);
      const winner = payloads.find((p) => p.equals(chunk));
      expect(winner, `chunk ${seq}`).toBeDefined();
      kept.push(winner!);
    }
    expect(readFileSync(c.recordings.masterFile(rec.id)!.path).equals(Buffer.concat(kept))).toBe(true);
  });
});

describe('a piece that loses the race with Stop', () => {
  it('leaves no master bytes and no segment file that the database does not have', async () => {
    const c = await started();
    const rec = await recording(c);
    await c.recordings.putMasterChunk({ id: rec.id, seq: 0, mimeType: 'video/webm', data: randomBytes(2000) });
    await c.recordings.putSegment({ id: rec.id, rendition: 'live', seq: 0, durationSec: 2, data: randomBytes(1000) });
    // both are in flight when Stop lands
    const chunk = c.recordings.putMasterChunk({ id: rec.id, seq: 1, mimeType: 'video/webm', data: randomBytes(2000) });
    const segment = c.recordings.putSegment({ id: rec.id, rendition: 'live', seq: 1, durationSec: 2, data: randomBytes(1000) });
    c.recordings.stop(rec.id, 2000);
    // both answers are awaited together: one refused while the test awaited the other would be an unhandled rejection
    expect(await Promise.all([codeOf(chunk), codeOf(segment)])).toEqual(['invalid-state', 'invalid-state']);
    const master = c.recordings.masterFile(rec.id)!;
    expect(master.bytes).toBe(2000);
    expect(statSync(master.path).size).toBe(2000);
    expect(c.recordings.repo.segment(rec.id, 'live', 1)).toBeUndefined();
    expect(existsSync(intakePaths.segment(c.recordings.intakeDir(rec.id), 'live', 1))).toBe(false);
    await eventually(() => c.recordings.get(rec.id).state === 'ready', 10_000, 'ready');
  });
});
