// Benchmark of Import video on a generated 60 s 1080p30 MP4 (H.264 + AAC, as a camera or another
// recorder writes it), through the real server: the file is uploaded over HTTP in the library's 8 MiB
// parts, judged, and made a recording; then the times, from the end of the upload and from its start,
// to the link being playable (its first segment and playlists published), to the first (720p)
// rendition being complete, and to the ladder (the backfill) being done, each also as × realtime
// (the file's length over the time it took). Run by bench/import.mjs, which bundles this file.
import { rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { Recording } from '../src/shared/domain';
import { IMPORT_CHUNK_BYTES } from '../src/shared/import';
import { makeVideo } from '../src/main/core/testing/import-files';
import { importFile } from '../src/main/core/testing/import-upload';
import { startTestServer, tempDir } from '../src/main/core/testing/test-server';

export interface ImportBenchOptions {
  seconds: number;
  width: number;
  height: number;
  repeats: number;
}

const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function until<T>(check: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 30 * 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Run {
  uploadSeconds: number;
  /** the end of the upload → the recording (judging the file and making the row) */
  checkSeconds: number;
  /** the end of the upload → the link plays (master.m3u8 lists the first rendition) */
  playableSeconds: number;
  /** the end of the upload → the first rendition complete (the recording ready, all of it published) */
  firstRenditionSeconds: number;
  /** the end of the upload → the ladder, poster, thumbnails and download done and published */
  ladderSeconds: number;
  ladder: string[];
}

async function once(file: string): Promise<Run> {
  const rendererDir = tempDir('reelay-bench-renderer-');
  writeFileSync(join(rendererDir, 'viewer.html'), '<!doctype html><title>viewer</title>');
  const s = await startTestServer({ rendererDir, core: { backfill: { progressIntervalMs: 500 } } });
  try {
    const t0 = performance.now();
    let uploaded = 0;
    const res = await importFile(
      async (method, input) => {
        if (method === 'imports.finish') uploaded = performance.now();
        return s.call(method, input);
      },
      file,
      { chunkBytes: IMPORT_CHUNK_BYTES },
    );
    const created = performance.now();
    if (!('value' in res)) throw new Error(`import refused: ${res.error.message}`);
    const rec = res.value as Recording;
    const playable = await until(async () => {
      const r = await fetch(`${rec.link}/master.m3u8`);
      return r.ok && (await r.text()).includes('#EXT-X-STREAM-INF') ? performance.now() : null;
    }, 'the link to play');
    const get = async () => ((await s.call('recordings.get', { id: rec.id })) as { value: Recording }).value;
    const ready = await until(async () => ((await get()).state === 'ready' ? performance.now() : null), 'the first rendition');
    const ladder = await until(async () => {
      const r = await get();
      if (r.backfill.state === 'failed') throw new Error(`the backfill failed: ${r.backfill.error}`);
      return r.backfill.state === 'done' && s.core.publisher.pendingCount(rec.id) === 0 ? performance.now() : null;
    }, 'the ladder');
    const master = await (await fetch(`${rec.link}/master.m3u8`)).text();
    const s1 = (t: number) => round((t - uploaded) / 1000);
    return {
      uploadSeconds: round((uploaded - t0) / 1000),
      checkSeconds: s1(created),
      playableSeconds: s1(playable),
      firstRenditionSeconds: s1(ready),
      ladderSeconds: s1(ladder),
      ladder: [...master.matchAll(/RESOLUTION=(\d+x\d+)/g)].map((m) => m[1]!),
    };
  } finally {
    await s.close();
    rmSync(s.dataDir, { recursive: true, force: true });
    rmSync(rendererDir, { recursive: true, force: true });
  }
}

export async function runImportBench(o: ImportBenchOptions) {
  const media = tempDir('reelay-bench-import-');
  const file = await makeVideo(join(media, 'bench.mp4'), { seconds: o.seconds, width: o.width, height: o.height, preset: 'veryfast' });
  const bytes = statSync(file).size;
  const loadBefore = loadavg()[0]!;
  const runs: Run[] = [];
  try {
    for (let i = 0; i < o.repeats; i++) runs.push(await once(file));
  } finally {
    rmSync(media, { recursive: true, force: true });
  }
  const m = (k: keyof Omit<Run, 'ladder'>) => median(runs.map((r) => r[k]));
  const x = (seconds: number) => round(o.seconds / seconds);
  return {
    source: { seconds: o.seconds, width: o.width, height: o.height, bytes, codecs: 'H.264 + AAC, MP4' },
    medianSeconds: {
      upload: m('uploadSeconds'),
      check: m('checkSeconds'),
      playable: m('playableSeconds'),
      firstRendition: m('firstRenditionSeconds'),
      ladder: m('ladderSeconds'),
    },
    timesRealtime: {
      /** the file's length over the time from the end of the upload to the link playing */
      playable: x(m('playableSeconds')),
      firstRendition: x(m('firstRenditionSeconds')),
      ladder: x(m('ladderSeconds')),
    },
    ladder: runs[0]?.ladder ?? [],
    runs,
    machine: { cores: cpus().length, loadAverage1mBefore: round(loadBefore), loadAverage1mAfter: round(loadavg()[0]!) },
  };
}
