// After a crash, what was on disk but never acknowledged goes: the master file is cut back to the
// chunks the database has (the HD job reads the whole file), and segment files without a row are
// removed; everything acknowledged stays. The crash is simulated by writing to the recording's folder
// directly, as a write interrupted before its row would leave it, then starting a new core on the
// same data folder.
import { afterEach, describe, expect, it } from 'vitest';
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createCore, type Core } from '..';
import { intakePaths } from './layout';
import { tempDir } from '../testing/test-server';

let core: Core | null = null;
let dir: string | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

async function open(dataDir: string): Promise<Core> {
  core = await createCore({ dataDir, shell: 'server', version: 't', shareBaseUrl: 'http://127.0.0.1:1' });
  await core.start({ backfill: false });
  return core;
}

async function restart(dataDir: string): Promise<Core> {
  await core?.close();
  core = null;
  return open(dataDir);
}

describe('recovery after a crash', () => {
  it('cuts the master file to its acknowledged chunks and removes segment files that have no row', async () => {
    dir = tempDir('reelay-recovery-');
    const dataDir = join(dir, 'data');
    const c = await open(dataDir);
    const rec = await c.recordings.create({ title: 'T', width: 1280, height: 720, fps: 30 });
    c.recordings.start(rec.id);
    await c.recordings.putInit({ id: rec.id, rendition: 'live', codecs: 'avc1.640028,mp4a.40.2', width: 1280, height: 720, frameRate: 30, bitrate: 1_200_000, data: randomBytes(600) });
    const segments = [randomBytes(1500), randomBytes(1600)];
    for (const [seq, data] of segments.entries()) await c.recordings.putSegment({ id: rec.id, rendition: 'live', seq, durationSec: 2, data });
    const chunks = [randomBytes(3000), randomBytes(2500)];
    for (const [seq, data] of chunks.entries()) await c.recordings.putMasterChunk({ id: rec.id, seq, mimeType: 'video/webm', data });
    const master = c.recordings.masterFile(rec.id)!;
    const folder = c.recordings.intakeDir(rec.id);

    // the crash: chunk 2 and segment 2 were being written, their rows never made it
    appendFileSync(master.path, randomBytes(1234));
    const orphan = intakePaths.segment(folder, 'live', 2);
    writeFileSync(orphan, randomBytes(1700));
    writeFileSync(`${orphan}.0123456789ab.tmp`, randomBytes(900)); // a temp file a durable write left
    const unrelated = join(folder, 'live', 'notes.txt'); // not ours to judge: stays
    writeFileSync(unrelated, 'x');
    expect(statSync(master.path).size).toBe(5500 + 1234);

    const c2 = await restart(dataDir);
    expect(c2.recordings.get(rec.id).state).toBe('interrupted');
    const after = c2.recordings.masterFile(rec.id)!;
    expect(after.bytes).toBe(5500);
    expect(statSync(after.path).size).toBe(5500);
    expect(readFileSync(after.path).equals(Buffer.concat(chunks))).toBe(true);
    expect(existsSync(orphan)).toBe(false);
    expect(readdirSync(dirname(orphan)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(unrelated)).toBe(true);
    // what was acknowledged stays, byte for byte
    for (const [seq, data] of segments.entries()) expect(readFileSync(intakePaths.segment(folder, 'live', seq)).equals(data)).toBe(true);
    expect(existsSync(intakePaths.init(folder, 'live'))).toBe(true);
  });

  it('removes a master file none of whose chunks was acknowledged', async () => {
    dir = tempDir('reelay-recovery-');
    const dataDir = join(dir, 'data');
    const c = await open(dataDir);
    const rec = await c.recordings.create({ title: 'T', width: 1280, height: 720, fps: 30 });
    c.recordings.start(rec.id);
    await c.recordings.putInit({ id: rec.id, rendition: 'live', codecs: 'avc1.640028,mp4a.40.2', width: 1280, height: 720, frameRate: 30, bitrate: 1_200_000, data: randomBytes(600) });
    await c.recordings.putSegment({ id: rec.id, rendition: 'live', seq: 0, durationSec: 2, data: randomBytes(1500) });
    // the first chunk was being written when the app died
    const path = intakePaths.master(c.recordings.intakeDir(rec.id), 'video/webm');
    writeFileSync(path, randomBytes(999));

    const c2 = await restart(dataDir);
    expect(c2.recordings.get(rec.id).state).toBe('interrupted');
    expect(c2.recordings.masterFile(rec.id)).toBeNull();
    expect(existsSync(path)).toBe(false);
  });

  it('leaves the files of a recording that ended before the crash alone', async () => {
    dir = tempDir('reelay-recovery-');
    const dataDir = join(dir, 'data');
    const c = await open(dataDir);
    const rec = await c.recordings.create({ title: 'T', width: 1280, height: 720, fps: 30 });
    c.recordings.start(rec.id);
    await c.recordings.putInit({ id: rec.id, rendition: 'live', codecs: 'avc1.640028,mp4a.40.2', width: 1280, height: 720, frameRate: 30, bitrate: 1_200_000, data: randomBytes(600) });
    await c.recordings.putSegment({ id: rec.id, rendition: 'live', seq: 0, durationSec: 2, data: randomBytes(1500) });
    await c.recordings.putMasterChunk({ id: rec.id, seq: 0, mimeType: 'video/webm', data: randomBytes(3000) });
    c.recordings.stop(rec.id, 2000);
    const backfillFile = join(c.recordings.intakeDir(rec.id), 'backfill', 'published', 'r1080', 'seg-00000.m4s');
    mkdirSync(dirname(backfillFile), { recursive: true });
    writeFileSync(backfillFile, randomBytes(100));

    const c2 = await restart(dataDir);
    expect(['finishing', 'ready']).toContain(c2.recordings.get(rec.id).state);
    expect(existsSync(backfillFile)).toBe(true);
    expect(statSync(c2.recordings.masterFile(rec.id)!.path).size).toBe(3000);
  });
});
