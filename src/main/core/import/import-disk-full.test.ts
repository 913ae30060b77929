// Importing onto a full disk, for real: the data folder on a tmpfs of a few MB that the test fills.
// Whether the disk is too full for the file from the start, fills up while it arrives, or has room for
// the file but not for its first version, the answer is 'disk-full' with a message that says so and
// what to do, and nothing is left: no row, no recording folder, nothing published, no upload.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { reserveFor } from '../files/disk-room';
import { join } from 'node:path';
import { mountSmallDisk, whyNoSmallDisk, type SmallDisk } from '../testing/small-disk';
import { startTestServer, tempDir, valueOf, type TestServer } from '../testing/test-server';
import { makeVideo } from '../testing/import-files';
import { importFile } from '../testing/import-upload';

const noDisk = whyNoSmallDisk();
const FULL = /^The disk is full.*: the video "clip\.mp4" was not imported, and what had arrived of it was removed\. Free some space, then import it again\.$/;

describe.skipIf(noDisk !== null)(`import on a full disk${noDisk ? ` (skipped: ${noDisk})` : ''}`, () => {
  let disk: SmallDisk;
  let s: TestServer;
  let clip: string;
  let size: number;
  const call: Parameters<typeof importFile>[0] = (method, input) => s.call(method, input);

  beforeAll(async () => {
    clip = await makeVideo(join(tempDir('reelay-import-disk-'), 'clip.mp4'), { seconds: 3, width: 640, height: 360 });
    size = statSync(clip).size;
    disk = mountSmallDisk(16);
    const rendererDir = tempDir('reelay-renderer-');
    writeFileSync(join(rendererDir, 'viewer.html'), '<!doctype html><title>viewer</title>');
    s = await startTestServer({ dataDir: join(disk.dir, 'data'), rendererDir });
  }, 60_000);
  afterAll(async () => {
    await s?.close();
    disk?.unmount();
  });

  function leftovers(): { rows: number; recordings: string[]; share: string[]; imports: string[] } {
    const list = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);
    return { rows: s.core.recordings.list().length, recordings: list(join(s.dataDir, 'recordings')), share: list(join(s.dataDir, 'share')), imports: list(join(s.dataDir, 'imports')) };
  }
  const nothingLeft = { rows: 0, recordings: [], share: [], imports: [] };

  it('refuses a file the disk has no room for before taking any of it', async () => {
    disk.leave(size); // the file would fit, but not beside the reserve the library keeps
    const res = await importFile(call, clip);
    expect('error' in res && res.error.code).toBe('disk-full');
    expect('error' in res && res.error.message).toMatch(FULL);
    expect(res.status).toBe(507);
    expect(leftovers()).toEqual(nothingLeft);
    disk.unfill();
  });

  it('ends an upload whose disk fills up while it arrives, and removes what arrived', async () => {
    const { importId } = valueOf<{ importId: string }>(await s.call('imports.begin', { name: 'clip.mp4', bytes: size }));
    const data = readFileSync(clip);
    expect((await s.call('imports.putChunk', { importId, offset: 0, data: new Uint8Array(data.subarray(0, 64 << 10)) })).ok).toBe(true);
    disk.leave(32 << 10); // another program takes the room
    const res = await s.call('imports.putChunk', { importId, offset: 64 << 10, data: new Uint8Array(data.subarray(64 << 10)) });
    expect('error' in res && res.error.message).toMatch(FULL);
    expect(leftovers()).toEqual(nothingLeft);
    disk.unfill();
    const again = await s.call('imports.putChunk', { importId, offset: 64 << 10, data: new Uint8Array(data.subarray(64 << 10)) });
    expect(again.status).toBe(404);
  });

  it('refuses a file that fits when its first version would not, with nothing made', async () => {
    const { importId } = valueOf<{ importId: string }>(await s.call('imports.begin', { name: 'clip.mp4', bytes: size }));
    const data = readFileSync(clip);
    valueOf(await s.call('imports.putChunk', { importId, offset: 0, data: new Uint8Array(data) }));
    disk.leave(reserveFor(disk.total()) + (64 << 10)); // room for the library's reserve, not for the first version
    const res = await s.call('imports.finish', { importId });
    expect('error' in res && res.error.code).toBe('disk-full');
    expect('error' in res && res.error.message).toMatch(/^The disk is full \(.* free; the first version of "clip\.mp4" needs about .* MB beside the .* Reelay keeps for its library\): it was not imported, and what had arrived of it was removed\. Free some space, then import it again\.$/);
    expect(leftovers()).toEqual(nothingLeft);
    disk.unfill();
  });

  it('imports the same file once there is room', async () => {
    const res = await importFile(call, clip);
    expect(res.ok).toBe(true);
    const rec = valueOf<{ id: string }>(res as Parameters<typeof valueOf>[0]);
    await s.core.imports.settled(rec.id);
    expect(valueOf<{ state: string }>(await s.call('recordings.get', { id: rec.id })).state).not.toBe('created');
  }, 60_000);
});
