// Benchmark: time-to-link and live publish lag with the S3 backend (s3rver on loopback), directly and
// through our fault proxy shaped to a 5 Mbit/s uplink with 80 ms added latency. Drives the real core
// with pre-made segments paced in real time (synthetic bytes: S3 does not look inside them). Run by
// bench/s3.mjs, which bundles this file; prints JSON.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../src/main/core';
import { startS3rver, type LocalS3 } from '../src/main/core/storage/testing/s3rver';
import { startFaultProxy, type FaultProxy } from '../src/main/core/storage/testing/fault-proxy';
import { feedSegments, orderViolations, playlistUris, s3Settings, startRecording, waitPublished, writeFakeRenderer } from '../src/main/core/storage/testing/s3-core';

interface Scenario {
  name: string;
  latencyMs: number;
  uplinkBitsPerSecond: number | null;
}

export interface BenchOptions {
  repoRoot: string;
  /** the built renderer to publish the viewer from (default: <repo>/out/renderer) */
  rendererDir?: string;
  runs: number;
  segments: number;
  segmentBytes: number;
  segmentSeconds: number;
}

interface RunResult {
  /** Stop → the final media playlist (ENDLIST) and master have landed in the bucket */
  timeToLinkMs: number;
  /** Stop → the core marks the recording ready (queue drained, status.json included) */
  readyMs: number;
  /** per segment: acknowledged by the core → the first media playlist naming it landed */
  liveLagMs: number[];
}

const quantile = (xs: readonly number[], q: number): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return Math.round(s[lo]! + (s[hi]! - s[lo]!) * (pos - lo));
};
const summary = (xs: readonly number[]): { medianMs: number | null; p95Ms: number | null; maxMs: number | null; n: number } => ({
  medianMs: quantile(xs, 0.5),
  p95Ms: quantile(xs, 0.95),
  maxMs: xs.length ? Math.round(Math.max(...xs)) : null,
  n: xs.length,
});

async function oneRun(core: Core, proxy: FaultProxy, s3: LocalS3, o: BenchOptions): Promise<RunResult> {
  const logFrom = proxy.log.length;
  const rec = await startRecording(core, 'Benchmark recording');
  const fed = await feedSegments(core, rec.id, { count: o.segments, bytes: o.segmentBytes, paceMs: o.segmentSeconds * 1000, durationSec: o.segmentSeconds });
  const stopAt = Date.now();
  core.recordings.stop(rec.id, o.segments * o.segmentSeconds * 1000);
  const readyMs = await waitPublished(core, rec.id, 120_000);

  const log = proxy.log.slice(logFrom);
  const violations = orderViolations(log, s3.bucket);
  if (violations.length > 0) throw new Error(`publish order broken: ${violations.join('; ')}`);
  const mine = (suffix: string) => log.filter((e) => e.method === 'PUT' && e.serverStatus === 200 && e.path.endsWith(`${rec.shareId}/${suffix}`));
  const playlists = mine('live/index.m3u8');
  const final = playlists.find((e) => e.body?.toString().includes('#EXT-X-ENDLIST'));
  const masters = mine('master.m3u8').filter((e) => e.serverDoneAt! >= stopAt);
  if (!final) throw new Error('no final playlist landed');
  const linkAt = Math.max(final.serverDoneAt!, ...masters.map((m) => m.serverDoneAt!));
  const liveLagMs = fed.map((seg) => {
    const name = `seg-${String(seg.seq).padStart(5, '0')}.m4s`;
    const first = playlists.find((p) => playlistUris(p.body!.toString()).includes(name));
    return first ? first.serverDoneAt! - seg.ackedAt : NaN;
  });
  // the link works from the bucket alone
  const media = await (await fetch(`${rec.link}/live/index.m3u8`)).text();
  if (!media.includes('#EXT-X-ENDLIST')) throw new Error('the published playlist is not final');
  return { timeToLinkMs: linkAt - stopAt, readyMs: Math.round(readyMs), liveLagMs: liveLagMs.filter((x) => Number.isFinite(x)) };
}

async function scenario(sc: Scenario, s3: LocalS3, rendererDir: string, o: BenchOptions): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'reelay-bench-s3-'));
  const proxy = await startFaultProxy({ target: s3.endpoint, captureBody: (r) => r.path.endsWith('.m3u8') });
  proxy.setLatency(sc.latencyMs);
  proxy.setBandwidth(sc.uplinkBitsPerSecond);
  const core = await createCore({
    dataDir,
    shell: 'server',
    version: 'bench',
    shareBaseUrl: 'http://127.0.0.1:1',
    s3FromEnv: s3Settings({ endpoint: proxy.url, bucket: s3.bucket, publicBaseUrl: s3.publicBaseUrl, prefix: `${sc.name}/` }),
    rendererDir,
  });
  await core.start();
  try {
    // the first recording to a bucket also uploads the viewer's assets: measured apart
    const firstToBucket = await oneRun(core, proxy, s3, o);
    const runs: RunResult[] = [];
    for (let i = 0; i < o.runs; i++) runs.push(await oneRun(core, proxy, s3, o));
    return {
      latencyMs: sc.latencyMs,
      uplinkMbps: sc.uplinkBitsPerSecond ? sc.uplinkBitsPerSecond / 1e6 : null,
      timeToLink: summary(runs.map((r) => r.timeToLinkMs)),
      ready: summary(runs.map((r) => r.readyMs)),
      livePublishLag: summary(runs.flatMap((r) => r.liveLagMs)),
      firstRecordingToBucket: { timeToLinkMs: firstToBucket.timeToLinkMs, livePublishLag: summary(firstToBucket.liveLagMs) },
      runs: runs.map((r) => ({ timeToLinkMs: r.timeToLinkMs, readyMs: r.readyMs, liveLagMs: r.liveLagMs })),
    };
  } finally {
    await core.close();
    await proxy.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function runS3Bench(o: BenchOptions): Promise<Record<string, unknown>> {
  const s3 = await startS3rver({ childScript: join(o.repoRoot, 'src/main/core/storage/testing/s3rver-process.cjs') });
  let rendererDir = o.rendererDir ?? join(o.repoRoot, 'out/renderer');
  let fakeRenderer: string | null = null;
  if (!existsSync(join(rendererDir, 'viewer.html'))) {
    fakeRenderer = mkdtempSync(join(tmpdir(), 'reelay-bench-renderer-'));
    writeFakeRenderer(fakeRenderer);
    rendererDir = fakeRenderer;
  }
  try {
    const scenarios: Scenario[] = [
      { name: 'loopback', latencyMs: 0, uplinkBitsPerSecond: null },
      { name: 'throttled', latencyMs: 80, uplinkBitsPerSecond: 5_000_000 },
    ];
    const results: Record<string, unknown> = {};
    for (const sc of scenarios) results[sc.name] = await scenario(sc, s3, rendererDir, o);
    return {
      benchmark: 's3-publish',
      server: 's3rver 3.7.1 on 127.0.0.1 (child process); every request through our proxy (passthrough for loopback)',
      viewer: fakeRenderer ? 'stand-in viewer (no built renderer found)' : `built viewer from ${rendererDir}`,
      segments: { count: o.segments, seconds: o.segmentSeconds, bytes: o.segmentBytes, bitrateMbps: (o.segmentBytes * 8) / o.segmentSeconds / 1e6, content: 'synthetic bytes, paced in real time' },
      runsPerScenario: o.runs,
      definitions: {
        timeToLink: 'Stop → final media playlist (ENDLIST) and master landed at the S3 server',
        ready: 'Stop → recording state ready in the core (also status.json published)',
        livePublishLag: 'segment acknowledged by the core → first media playlist naming it landed at the S3 server',
      },
      ...results,
    };
  } finally {
    await s3.stop();
    if (fakeRenderer) rmSync(fakeRenderer, { recursive: true, force: true });
  }
}
