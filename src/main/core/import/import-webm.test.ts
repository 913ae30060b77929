// A WebM as MediaRecorder writes it (VP8 + Opus, as a stream: no cues, no stated length, a start
// that is not 0) imports like an MP4: its length is read from its packets, so its progress shows,
// and its first rendition is H.264 + AAC that plays to its end. Real core, real HTTP, the bundled ffmpeg.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { Recording } from '../../../shared/domain';
import { parsePlaylist } from '../../../shared/hls/parse';
import { eventually, startTestServer, tempDir, valueOf, type TestServer } from '../testing/test-server';
import { makeMaster } from '../backfill/test-media';
import { importFile } from '../testing/import-upload';

let s: TestServer;
let webm: string;

beforeAll(async () => {
  const dir = tempDir('reelay-import-webm-');
  webm = join(dir, 'screen capture.webm');
  await rename(await makeMaster(dir, { seconds: 4, width: 320, height: 180, fps: 30, codec: 'vp8', startOffsetSec: 0.4, videoBitrate: 300_000 }), webm);
  s = await startTestServer();
}, 60_000);
afterAll(async () => {
  await s?.close();
});

it('imports a streamed WebM: progress from its measured length, then an H.264 + AAC first rendition to its end', async () => {
  const rec = valueOf<Recording>((await importFile((m, i) => s.call(m, i), webm)) as Parameters<typeof valueOf>[0]);
  expect(rec.title).toBe('screen capture');
  const seen: number[] = [];
  const off = s.core.events.on('recording-updated', (r) => r.id === rec.id && r.importing && seen.push(r.importing.progress));
  await s.core.imports.settled(rec.id);
  off();
  const ready = await eventually(async () => {
    const r = valueOf<Recording>(await s.call('recordings.get', { id: rec.id }));
    return r.state === 'ready' ? r : null;
  }, 20_000, 'the import to be ready');
  expect(seen.some((p) => p > 0)).toBe(true);
  expect(ready.durationMs).toBeGreaterThan(3_500);
  expect(ready.durationMs).toBeLessThan(4_500);
  const master = await (await fetch(`${rec.link}/master.m3u8`)).text();
  expect(master).toMatch(/CODECS="avc1\.[0-9a-fA-F]{6},mp4a\.40\.2"/);
  const live = parsePlaylist(await (await fetch(`${rec.link}/live/index.m3u8`)).text());
  expect(live.kind === 'media' && live.ended).toBe(true);
}, 60_000);
