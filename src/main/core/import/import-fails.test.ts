// A first rendition that fails after its recording was made (here: the disk reaches the library's
// reserve while it is encoded) takes the recording back, files, row and published copy, and
// imports.status says why. Real core, real HTTP, the bundled ffmpeg; only the disk's room is told.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Recording } from '../../../shared/domain';
import type { ImportStatus } from '../../../shared/import';
import { diskRoom, type DiskRoom } from '../files/disk-room';
import { startTestServer, tempDir, valueOf, type TestServer } from '../testing/test-server';
import { makeVideo } from '../testing/import-files';

let s: TestServer;
let clip: string;
let full = false;

beforeAll(async () => {
  clip = await makeVideo(join(tempDir('reelay-import-fails-'), 'Long take.mp4'), { seconds: 20, width: 640, height: 360 });
  const room = async (dir: string): Promise<DiskRoom | null> => (full ? { free: 1 << 20, reserve: 64 << 20 } : diskRoom(dir));
  s = await startTestServer({ core: { backfill: { diskRoom: room } } });
}, 60_000);
afterAll(async () => {
  await s?.close();
});

it('takes the recording back when its first version fails, and imports.status says why', async () => {
  const { readFile } = await import('node:fs/promises');
  const data = await readFile(clip);
  const { importId } = valueOf<{ importId: string }>(await s.call('imports.begin', { name: 'Long take.mp4', bytes: data.byteLength }));
  valueOf(await s.call('imports.putChunk', { importId, offset: 0, data: new Uint8Array(data) }));
  const rec = valueOf<Recording>(await s.call('imports.finish', { importId }));
  const removed = new Promise<string>((resolve) => s.core.events.on('recording-removed', ({ id }) => resolve(id)));
  full = true; // the disk reaches the reserve while the first version is made
  await s.core.imports.settled(rec.id);
  expect(await removed).toBe(rec.id);
  expect(valueOf<ImportStatus>(await s.call('imports.status', { importId }))).toEqual({
    state: 'failed',
    message: 'The disk filled up while "Long take.mp4" was imported, so it was removed. Free some space, then import it again.',
  });
  expect((await s.call('recordings.get', { id: rec.id })).status).toBe(404);
  const list = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);
  expect({ recordings: list(join(s.dataDir, 'recordings')), share: list(join(s.dataDir, 'share')), imports: list(join(s.dataDir, 'imports')) }).toEqual({ recordings: [], share: [], imports: [] });
  expect((await fetch(`${rec.link}/status.json`)).status).toBe(404);
}, 60_000);
