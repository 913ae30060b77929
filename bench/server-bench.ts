// Benchmark (issue 10): time-to-link and live publish lag publishing to a Reelay Server — on loopback,
// and through our proxy shaped to a 5 Mbit/s uplink with 80 ms added latency — against the embedded
// default in the same run. Three real servers (HTTP + core): E (embedded default), A (the team's
// server) and B (the recorder, its storage set to A, directly or through the proxy). Pre-made
// segments are fed to the recorder's core in real time; a poller reads the link's live playlist every
// 10 ms, as a viewer's player would. Run by bench/server.mjs (bundled with esbuild); prints JSON.
import { startFaultProxy } from '../src/main/core/storage/testing/fault-proxy';
import { feedSegments, startRecording } from '../src/main/core/storage/testing/s3-core';
import { startTestServer, type TestServer } from '../src/main/core/testing/test-server';
import { segmentName } from '../src/shared/published';

export interface ServerBenchOptions {
  runs: number;
  segments: number;
  segmentBytes: number;
  segmentSeconds: number;
}

interface RunResult {
  /** Stop → the link's live playlist says ENDLIST (plays to the end) */
  timeToLinkMs: number;
  /** per segment: acknowledged by the recorder's core → the link's playlist names it */
  liveLagMs: number[];
}

const quantile = (xs: readonly number[], q: number): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!);
};
const summary = (xs: readonly number[]) => ({ medianMs: quantile(xs, 0.5), p95Ms: quantile(xs, 0.95), maxMs: xs.length ? Math.round(Math.max(...xs)) : null, n: xs.length });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** reads the link's live playlist every 10 ms: when each segment first appears, and when it ends */
function watch(link: string): { seen: Map<string, number>; endedAt: () => number | null; stop: () => Promise<void> } {
  const seen = new Map<string, number>();
  let ended: number | null = null;
  let on = true;
  const loop = (async () => {
    while (on) {
      const text = await fetch(`${link}/live/index.m3u8`).then((r) => (r.ok ? r.text() : ''), () => '');
      const at = Date.now();
      for (const line of text.split('\n')) if (line.endsWith('.m4s') && !seen.has(line)) seen.set(line, at);
      if (text.includes('#EXT-X-ENDLIST') && ended === null) ended = at;
      await sleep(10);
    }
  })();
  return { seen, endedAt: () => ended, stop: async () => void ((on = false), await loop) };
}

async function oneRun(recorder: TestServer, o: ServerBenchOptions): Promise<RunResult> {
  const core = recorder.core;
  const rec = await startRecording(core, 'Benchmark recording');
  const watcher = watch(rec.link);
  const fed = await feedSegments(core, rec.id, { count: o.segments, bytes: o.segmentBytes, paceMs: o.segmentSeconds * 1000, durationSec: o.segmentSeconds });
  const stopAt = Date.now();
  core.recordings.stop(rec.id, o.segments * o.segmentSeconds * 1000);
  const deadline = stopAt + 120_000;
  while (watcher.endedAt() === null && Date.now() < deadline) await sleep(5);
  await watcher.stop();
  const endedAt = watcher.endedAt();
  if (endedAt === null) throw new Error(`the link ${rec.link} did not end within 120 s of Stop`);
  const liveLagMs = fed.map((s) => (watcher.seen.get(segmentName(s.seq)) ?? NaN) - s.ackedAt).filter((x) => Number.isFinite(x));
  return { timeToLinkMs: endedAt - stopAt, liveLagMs };
}

async function scenario(recorder: TestServer, o: ServerBenchOptions, extra: Record<string, unknown>): Promise<Record<string, unknown>> {
  await oneRun(recorder, o); // warm-up: connections, caches
  const runs: RunResult[] = [];
  for (let i = 0; i < o.runs; i++) runs.push(await oneRun(recorder, o));
  return { ...extra, timeToLink: summary(runs.map((r) => r.timeToLinkMs)), livePublishLag: summary(runs.flatMap((r) => r.liveLagMs)), runs: runs.map((r) => r.timeToLinkMs) };
}

export async function runServerBench(o: ServerBenchOptions): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {};
  const embedded = await startTestServer();
  try {
    results['embedded'] = await scenario(embedded, o, { target: 'embedded default (the recorder shares its own link)' });
  } finally {
    await embedded.close();
  }
  const team = await startTestServer();
  try {
    const direct = await startTestServer({ core: { serverFromEnv: { url: team.origin, token: team.token } } });
    try {
      results['serverLoopback'] = await scenario(direct, o, { target: `Reelay Server on loopback (${team.origin})` });
    } finally {
      await direct.close();
    }
    const proxy = await startFaultProxy({ target: team.origin, latencyMs: 80, uplinkBitsPerSecond: 5_000_000 });
    try {
      const shaped = await startTestServer({ core: { serverFromEnv: { url: proxy.url, token: team.token } } });
      try {
        results['serverThrottled'] = await scenario(shaped, o, { target: 'Reelay Server through a proxy: 5 Mbit/s uplink, +80 ms per request' });
      } finally {
        await shaped.close();
      }
    } finally {
      await proxy.close();
    }
  } finally {
    await team.close();
  }
  const ratio = (name: string): number | null => {
    const base = (results['embedded'] as { timeToLink: { medianMs: number | null } }).timeToLink.medianMs;
    const x = (results[name] as { timeToLink: { medianMs: number | null } }).timeToLink.medianMs;
    return base && x !== null ? Math.round((x / base) * 100) / 100 : null;
  };
  return {
    benchmark: 'reelay-server-publish',
    segments: { count: o.segments, seconds: o.segmentSeconds, bytes: o.segmentBytes, bitrateMbps: (o.segmentBytes * 8) / o.segmentSeconds / 1e6, content: 'synthetic bytes, paced in real time' },
    runsPerScenario: o.runs,
    definitions: {
      timeToLink: "Stop → the link's live playlist says ENDLIST (read every 10 ms over HTTP, as a player would)",
      livePublishLag: "segment acknowledged by the recorder's core → the link's live playlist names it",
    },
    timeToLinkMedianVsEmbedded: { serverLoopback: ratio('serverLoopback'), serverThrottled: ratio('serverThrottled') },
    ...results,
  };
}
