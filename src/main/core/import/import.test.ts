// Importing a video file, for real: a real core behind real HTTP, the bundled ffmpeg, files on disk.
// A good MP4 becomes a recording at once (title from the file name), its first rendition is published
// as the live one and plays to its end, then the backfill adds the ladder. Each kind of bad file is
// refused with the problem named, and leaves nothing: no row, no folder, nothing published, no upload.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Recording } from '../../../shared/domain';
import { parsePlaylist } from '../../../shared/hls/parse';
import { eventually, startTestServer, tempDir, valueOf, type TestServer } from '../testing/test-server';
import { BAD_KINDS, makeBadFiles, makeVideo, type BadKind } from '../testing/import-files';
import { importFile } from '../testing/import-upload';

let s: TestServer;
let media: string;
let good: string;
let bad: Record<BadKind, string>;

beforeAll(async () => {
  media = tempDir('reelay-import-media-');
  good = await makeVideo(join(media, 'Team demo.mp4'), { seconds: 5, width: 1280, height: 720 });
  bad = await makeBadFiles(media, good);
  s = await startTestServer({ core: { backfill: { progressIntervalMs: 100 } } });
}, 120_000);
afterAll(async () => {
  await s?.close();
});

const call: Parameters<typeof importFile>[0] = (method, input) => s.call(method, input);

/** what a viewer fetches: the playlist named by the link's master.m3u8 for the given size */
async function variantSizes(link: string): Promise<string[]> {
  const res = await fetch(`${link}/master.m3u8`);
  if (!res.ok) return [];
  const pl = parsePlaylist(await res.text());
  return pl.kind === 'master' ? pl.variants.map((v) => v.attributes['RESOLUTION'] ?? '?').sort() : [];
}

function leftovers(): { rows: number; recordings: string[]; share: string[]; imports: string[] } {
  const list = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);
  return {
    rows: s.core.recordings.list().length,
    recordings: list(join(s.dataDir, 'recordings')),
    share: list(join(s.dataDir, 'share')),
    imports: list(join(s.dataDir, 'imports')),
  };
}

describe('import: each kind of file it cannot take is refused, naming the problem, and leaves nothing', () => {
  for (const kind of Object.keys(BAD_KINDS) as BadKind[]) {
    it(`${kind}`, async () => {
      const res = await importFile(call, bad[kind], { chunkBytes: 64 << 10 });
      expect(res.ok).toBe(false);
      if (!('error' in res)) return;
      expect(res.error.code).toBe('unsupported-media');
      expect(res.status).toBe(422);
      expect(res.error.message).toMatch(BAD_KINDS[kind]);
      expect(res.error.message).toContain(`"${kind}.mp4"`);
      expect(leftovers()).toEqual({ rows: 0, recordings: [], share: [], imports: [] });
    });
  }
});

describe('import: the upload', () => {
  it('takes its parts in order only, is finished only when whole, and a cancel removes it', async () => {
    const begun = valueOf<{ importId: string }>(await s.call('imports.begin', { name: 'x.mp4', bytes: 10 }));
    const early = await s.call('imports.finish', { importId: begun.importId });
    expect(early.ok).toBe(false);
    expect('error' in early && early.error.message).toMatch(/is not uploaded yet: 0.0 MB of 0.0 MB arrived/);
    const gap = await s.call('imports.putChunk', { importId: begun.importId, offset: 4, data: new Uint8Array(2) });
    expect('error' in gap && gap.error.message).toMatch(/starts at byte 4, but 0 bytes have arrived/);
    const over = await s.call('imports.putChunk', { importId: begun.importId, offset: 0, data: new Uint8Array(11) });
    expect('error' in over && over.error.message).toMatch(/announced as 10 bytes/);
    expect(valueOf(await s.call('imports.putChunk', { importId: begun.importId, offset: 0, data: new Uint8Array(6) }))).toEqual({ bytesReceived: 6 });
    expect(valueOf(await s.call('imports.status', { importId: begun.importId }))).toEqual({ state: 'uploading', bytesReceived: 6, bytes: 10 });
    expect(readdirSync(join(s.dataDir, 'imports'))).toHaveLength(1);
    await s.call('imports.cancel', { importId: begun.importId });
    expect(readdirSync(join(s.dataDir, 'imports'))).toEqual([]);
    const after = await s.call('imports.putChunk', { importId: begun.importId, offset: 6, data: new Uint8Array(4) });
    expect(after.status).toBe(404);
  });

  it("refuses another account's upload as if it did not exist", async () => {
    const begun = valueOf<{ importId: string }>(await s.call('imports.begin', { name: 'mine.mp4', bytes: 10 }));
    await expect(s.core.imports.putChunk('another-account', begun.importId, 0, new Uint8Array(10))).rejects.toThrow(/No such upload/);
    expect(() => s.core.imports.status('another-account', begun.importId)).toThrow(/No such import/);
    await s.call('imports.cancel', { importId: begun.importId });
  });
});

describe('import: a good MP4 becomes a recording whose link plays its first rendition, then gets the ladder', () => {
  let rec: Recording;

  it('answers with the recording and its link at once, titled after the file', async () => {
    const res = await importFile(call, good);
    rec = valueOf<Recording>(res as Parameters<typeof valueOf>[0]);
    expect(rec.title).toBe('Team demo');
    expect(rec.link).toMatch(/\/v\/[A-Za-z0-9_-]{22}$/);
    expect({ width: rec.width, height: rec.height }).toEqual({ width: 1280, height: 720 });
    expect(readdirSync(join(s.dataDir, 'imports'))).toEqual([]);
  });

  it('shows its progress while the first rendition is made, then plays it to the end at the link', async () => {
    const seen: number[] = [];
    const off = s.core.events.on('recording-updated', (r) => {
      if (r.id === rec.id && r.importing) seen.push(r.importing.progress);
    });
    await s.core.imports.settled(rec.id);
    off();
    expect(seen.length).toBeGreaterThan(0);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
    const ready = await eventually(async () => {
      const r = valueOf<Recording>(await s.call('recordings.get', { id: rec.id }));
      return r.state === 'ready' ? r : null;
    }, 30_000, 'the import to be ready');
    expect(ready.importing).toBeUndefined();
    expect(ready.durationMs).toBeGreaterThan(4_500);
    expect(ready.durationMs).toBeLessThan(5_500);
    const live = parsePlaylist(await (await fetch(`${rec.link}/live/index.m3u8`)).text());
    expect(live.kind).toBe('media');
    if (live.kind !== 'media') return;
    expect(live.ended).toBe(true);
    expect(live.segments.length).toBe(3);
    for (const seg of live.segments) expect((await fetch(`${rec.link}/live/${seg.uri}`)).status).toBe(200);
    expect((await fetch(`${rec.link}/live/init.mp4`)).status).toBe(200);
  });

  it('then the backfill adds the ladder, poster and download from the imported file', async () => {
    const done = await eventually(async () => {
      const r = valueOf<Recording>(await s.call('recordings.get', { id: rec.id }));
      if (r.backfill.state === 'failed') throw new Error(`backfill failed: ${r.backfill.error}`);
      return r.backfill.state === 'done' && s.core.publisher.pendingCount(rec.id) === 0 ? r : null;
    }, 120_000, 'the ladder');
    expect(await variantSizes(rec.link)).toEqual(['1280x720', '854x480']);
    expect(done.posterUrl).toBeTruthy();
    expect((await fetch(`${rec.link}/download.mp4`)).status).toBe(200);
  }, 150_000);
});
