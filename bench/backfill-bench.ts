// Benchmark of the backfill on a 60 s 1080p30 screen-like recording that it generates itself (VP9 +
// Opus WebM written as a stream at the bitrate the app's MediaRecorder asks for, plus a 720p live
// rendition):
// - the one-run ladder (decode once, split, encode every rung) against one ffmpeg run per rung (what
//   most tutorials do), interleaved in the same run, as × realtime, and their ratio;
// - the same with the thumbnail sheet, as the app runs it: its one run also draws the sheet, where a
//   run-per-product pipeline needs one more run (one more decode of the master) for it;
// - the bytes of each rung (with the live rendition's audio, as published) and the time to add that audio;
// - with the real core and a real data folder: the time from Stop to the poster and to the 1080p
//   rung being named in master.m3u8, and to the whole job being done.
// Run by bench/backfill.mjs, which bundles this file; prints JSON.
import { existsSync, mkdtempSync, promises as fs, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCore } from '../src/main/core';
import { ladderArgs, rungDir, LADDER_PLAYLIST, type LadderJob } from '../src/main/core/backfill/ffmpeg-args';
import { readHlsFolder } from '../src/main/core/backfill/renditions';
import { withLiveAudio } from '../src/main/core/backfill/shared-audio';
import { runFfmpeg } from '../src/main/core/backfill/ffmpeg-process';
import { probeMaster } from '../src/main/core/backfill/probe';
import { feedRecording, liveDurationMs, makeLive, makeMaster, run, testFfmpeg } from '../src/main/core/backfill/test-media';
import { planThumbnails } from '../src/main/core/backfill/thumbnails';
import { planLadder, type VideoSize } from '../src/shared/hls/ladder';
import { masterVideoBitrate } from '../src/renderer/src/capture/master-recorder';

export interface BackfillBenchOptions {
  seconds: number;
  /** the source size (1920x1080 by default) */
  width: number;
  height: number;
  /** ladder / per-rung pairs, interleaved */
  repeats: number;
  preset: string;
  keep: boolean;
}

async function timed(f: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await f();
  return (performance.now() - t) / 1000;
}

interface Measured {
  wallSeconds: number;
  /** user + system CPU seconds of ffmpeg: unlike wall time, hardly moved by other load on the machine */
  cpuSeconds: number | null;
}

/**
 * Runs an encode and measures it. Under bash, `times` reports the CPU its children used; this
 * machine is shared, so wall time alone swings by 2x between identical runs.
 */
async function encode(dir: string, job: LadderJob): Promise<Measured> {
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { recursive: true });
  const args = ladderArgs(job);
  const started = performance.now();
  if (process.platform === 'win32') {
    await runFfmpeg(testFfmpeg(), args, { cwd: dir, priority: 0 }).done;
    return { wallSeconds: (performance.now() - started) / 1000, cpuSeconds: null };
  }
  // priority 0: measure the encoder, not the scheduler (the app runs it at nice 10)
  const out = await run('bash', ['-c', '"$@" > /dev/null; times', 'bash', testFfmpeg(), ...args], { cwd: dir });
  const wallSeconds = (performance.now() - started) / 1000;
  const children = out.trim().split('\n').pop() ?? '';
  const times = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  return { wallSeconds, cpuSeconds: times.length === 2 ? times[0]! + times[1]! : null };
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const e of await fs.readdir(dir)) if (!e.endsWith('.m3u8')) total += (await fs.stat(join(dir, e))).size;
  return total;
}

/** adds b into a (CPU time unknown if either is) and returns a */
function add(a: Measured, b: Measured): Measured {
  a.wallSeconds += b.wallSeconds;
  a.cpuSeconds = a.cpuSeconds === null || b.cpuSeconds === null ? null : a.cpuSeconds + b.cpuSeconds;
  return a;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const round = (n: number, d = 2): number => Math.round(n * 10 ** d) / 10 ** d;

export async function runBackfillBench(options: BackfillBenchOptions): Promise<unknown> {
  const root = mkdtempSync(join(tmpdir(), 'reelay-backfill-bench-'));
  try {
    const loadBefore = loadavg()[0]!;
    const media = join(root, 'media');
    await fs.mkdir(media);
    let master = '';
    const videoBitrate = masterVideoBitrate(options.width, options.height, 30);
    const generateSec = await timed(async () => {
      master = await makeMaster(media, { seconds: options.seconds, width: options.width, height: options.height, fps: 30, codec: 'vp9', screenLike: true, videoBitrate });
    });
    const live = await makeLive(master, join(media, 'live'));
    const info = await probeMaster(testFfmpeg(), master);
    const source: VideoSize = { width: info.width, height: info.height };
    const rungs = planLadder({ source, sourceFrameRate: 30, live: { width: live.width, height: live.height } });
    // video only, as the app runs it: every rung then gets the live rendition's own audio (shared-audio.ts)
    const job: LadderJob = { input: master, source, rungs, audio: null, preset: options.preset };
    const thumbnails = { plan: planThumbnails(options.seconds, source), path: 'thumbs.jpg', frameRate: 30 };

    // ABBA order, so drift in the machine's load hits both sides alike
    const ladder: Measured[] = [];
    const perRung: Measured[] = [];
    const ladderWithSheet: Measured[] = [];
    const perRungWithSheet: Measured[] = [];
    const perRungDetail: Record<string, number[]> = {};
    const runLadder = async (): Promise<void> => {
      ladder.push(await encode(join(root, 'ladder'), job));
      ladderWithSheet.push(await encode(join(root, 'ladder-sheet'), { ...job, thumbnails }));
    };
    const runPerRung = async (): Promise<void> => {
      const total: Measured = { wallSeconds: 0, cpuSeconds: 0 };
      for (const rung of rungs) {
        const m = await encode(join(root, `rung-${rung.name}`), { ...job, rungs: [rung] });
        (perRungDetail[rung.name] ??= []).push(round(m.wallSeconds));
        add(total, m);
      }
      perRung.push(total);
      const sheet = await encode(join(root, 'sheet'), { ...job, rungs: [], thumbnails });
      (perRungDetail['thumbnail sheet'] ??= []).push(round(sheet.wallSeconds));
      perRungWithSheet.push(add({ ...total }, sheet));
    };
    for (let r = 0; r < options.repeats; r++) {
      if (r % 2 === 0) {
        await runLadder();
        await runPerRung();
      } else {
        await runPerRung();
        await runLadder();
      }
    }
    // the step after the encode in the app: each rung's segments rebuilt around the live audio
    const liveFiles = await readHlsFolder(live.dir, 'index.m3u8');
    const liveAudioSeconds = await timed(async () => {
      for (const i of rungs.keys()) await withLiveAudio(await readHlsFolder(join(root, 'ladder', rungDir(i)), LADDER_PLAYLIST), liveFiles, join(root, 'with-audio', rungDir(i)));
    });
    const bytesPerRung: Record<string, { width: number; height: number; maxBitrate: number; bytes: number; averageBitsPerSecond: number }> = {};
    for (const [i, rung] of rungs.entries()) {
      const bytes = await folderBytes(join(root, 'with-audio', rungDir(i)));
      bytesPerRung[rung.name] = { width: rung.width, height: rung.height, maxBitrate: rung.maxBitrate, bytes, averageBitsPerSecond: Math.round((bytes * 8) / options.seconds) };
    }
    const liveBytes = live.segments.reduce((s, x) => s + x.data.byteLength, 0) + live.init.byteLength;

    const app = await stopToRungs(root, master, live, source, rungs[0]!.name);
    const cores = cpus().length;
    const summarize = (ms: Measured[]) => {
      const wall = median(ms.map((m) => m.wallSeconds));
      const known = ms.map((m) => m.cpuSeconds).filter((c): c is number => c !== null);
      const cpu = known.length === ms.length ? median(known) : null;
      return {
        wallSeconds: ms.map((m) => round(m.wallSeconds)),
        cpuSeconds: ms.map((m) => (m.cpuSeconds === null ? null : round(m.cpuSeconds))),
        timesRealtime: round(options.seconds / wall),
        // what the two cores could do with nothing else running: CPU time spread over both
        timesRealtimeIfIdle: cpu === null ? null : round(options.seconds / Math.max(cpu / cores, 0.001)),
        wall,
        cpu,
      };
    };
    const l = summarize(ladder);
    const p = summarize(perRung);
    const ls = summarize(ladderWithSheet);
    const ps = summarize(perRungWithSheet);
    return {
      bench: 'backfill',
      source: { seconds: options.seconds, width: info.width, height: info.height, codec: info.videoCodec, fps: 30, content: 'screen-like: still desktop, a text window, a small playing video, a moving pointer', targetBitsPerSecond: videoBitrate, bytes: (await fs.stat(master)).size, generateSeconds: round(generateSec) },
      machine: { cores, loadAverage1mBefore: round(loadBefore), loadAverage1mAfter: round(loadavg()[0]!) },
      preset: options.preset,
      rungs: rungs.map((r) => `${r.name} ${r.width}x${r.height} cap ${r.maxBitrate / 1e6} Mbps crf ${r.crf}`),
      oneRunLadder: { wallSeconds: l.wallSeconds, cpuSeconds: l.cpuSeconds, timesRealtime: l.timesRealtime, timesRealtimeIfIdle: l.timesRealtimeIfIdle },
      oneRunPerRung: { wallSeconds: p.wallSeconds, cpuSeconds: p.cpuSeconds, byRungWallSeconds: perRungDetail, timesRealtime: p.timesRealtime, timesRealtimeIfIdle: p.timesRealtimeIfIdle },
      ladderOverPerRung: { byWallTime: round(p.wall / l.wall), byCpuTime: l.cpu && p.cpu ? round(p.cpu / l.cpu) : null },
      withThumbnailSheet: {
        about: 'the encode step as the app runs it: one run makes the rungs and the thumbnail sheet; run per product = one run per rung + one for the sheet',
        oneRun: { wallSeconds: ls.wallSeconds, cpuSeconds: ls.cpuSeconds, timesRealtime: ls.timesRealtime },
        runPerProduct: { wallSeconds: ps.wallSeconds, cpuSeconds: ps.cpuSeconds, timesRealtime: ps.timesRealtime },
        oneRunOverRunPerProduct: { byWallTime: round(ps.wall / ls.wall), byCpuTime: ls.cpu && ps.cpu ? round(ps.cpu / ls.cpu) : null },
      },
      rungsWithLiveAudioSeconds: round(liveAudioSeconds),
      bytesPerRung: { ...bytesPerRung, live: { width: live.width, height: live.height, bytes: liveBytes, averageBitsPerSecond: Math.round((liveBytes * 8) / options.seconds) } },
      app,
      targets: { ladderTimesRealtime: 2.5, ladderOverPerRung: 1.3 },
    };
  } finally {
    if (!options.keep) rmSync(root, { recursive: true, force: true });
  }
}

/** the real core: Stop, then the moments the poster and the top rung are published */
async function stopToRungs(root: string, master: string, live: Awaited<ReturnType<typeof makeLive>>, source: VideoSize, top: string): Promise<unknown> {
  const core = await startCore({ dataDir: join(root, 'data'), shell: 'server', version: 'bench', shareBaseUrl: 'http://127.0.0.1:1' });
  const backfill = core.backfill;
  try {
    const rec = await feedRecording(core, master, live, { ...source, fps: 30 }, false);
    const dir = join(core.shareRoot, rec.shareId);
    const stopped = performance.now();
    core.recordings.stop(rec.id, liveDurationMs(live));
    const seen: Record<string, number> = {};
    const deadline = stopped + 15 * 60_000;
    while (performance.now() < deadline) {
      const at = round((performance.now() - stopped) / 1000);
      if (seen['poster'] === undefined && existsSync(join(dir, 'poster.jpg'))) seen['poster'] = at;
      const masterPl = existsSync(join(dir, 'master.m3u8')) ? readFileSync(join(dir, 'master.m3u8'), 'utf8') : '';
      if (seen['top'] === undefined && masterPl.includes(`${top}/index.m3u8`)) seen['top'] = at;
      const { state, error } = core.recordings.get(rec.id).backfill;
      if (state === 'failed') throw new Error(error ?? 'backfill failed');
      if (state === 'done' && core.publisher.pendingCount(rec.id) === 0) {
        seen['done'] = at;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const summary = JSON.parse(backfill.worker.jobs.get(rec.id)?.summary ?? 'null') as unknown;
    return {
      priority: 'nice 10 (as shipped)',
      stopToPosterSeconds: seen['poster'] ?? null,
      [`stopTo${top}InMasterSeconds`]: seen['top'] ?? null,
      stopToDoneSeconds: seen['done'] ?? null,
      master: readFileSync(join(dir, 'master.m3u8'), 'utf8').split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF')),
      job: summary,
    };
  } finally {
    await core.close();
  }
}
