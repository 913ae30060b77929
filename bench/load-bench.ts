// Load: 500 concurrent viewers of one recording on a Reelay Server (the real `out/main/server.js`,
// loopback), while a second recording is being made on the same server at real-time pace. Reports
// segment throughput, latency (p50/p99), errors, the server's memory, and the live recording's
// publish lag before the viewers arrive (the baseline, same run) and while they watch.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
// autocannon ships no types; the bench uses its documented options and result fields
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: object) => Promise<AutocannonResult>;
import { makeLiveFixture } from '../src/main/core/testing/media-fixtures';
import { pacedViewers } from './paced-viewers';
import type { Recording } from '../src/shared/domain';

interface AutocannonResult {
  requests: { average: number; total: number };
  throughput: { average: number; total: number };
  latency: { p50: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  duration: number;
}

const OWNER = { email: 'load@example.test', password: 'load-password-1' };
const percentile = (xs: number[], p: number): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

async function startServer(repoRoot: string): Promise<{ url: string; pid: number; stop: () => void }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'reelay-load-'));
  const child = spawn(process.execPath, [resolve(repoRoot, 'out/main/server.js'), '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, REELAY_OWNER_EMAIL: OWNER.email, REELAY_OWNER_PASSWORD: OWNER.password },
  });
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((ok, fail) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Reelay server mode: (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) ok(m[1]!);
    });
    child.once('exit', (c) => fail(new Error(`server exited ${c}: ${out}`)));
  });
  return { url, pid: child.pid!, stop: () => child.kill('SIGTERM') };
}

function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

export async function runLoadBench(o: { repoRoot: string; viewers: number; loadSeconds: number; baselineSeconds: number }): Promise<object> {
  const fixture = await makeLiveFixture(join(mkdtempSync(join(tmpdir(), 'reelay-load-media-')), 'live'), 8, '1280x720');
  // what the live encoder sends at 720p (~1.3 Mbit/s): the paced viewers' recording
  const LIVE_BITRATE = '1300k';
  const realistic = await makeLiveFixture(join(mkdtempSync(join(tmpdir(), 'reelay-load-media-')), 'live'), 8, '1280x720', LIVE_BITRATE);
  const server = await startServer(o.repoRoot);
  try {
    const signIn = await fetch(`${server.url}/api/auth/sign-in`, { method: 'POST', headers: { origin: server.url, 'content-type': 'application/json' }, body: JSON.stringify(OWNER) });
    const session = /reelay_session=([^;]+)/.exec(signIn.headers.get('set-cookie') ?? '')![1]!;
    let transportRetries = 0;
    const call = async <T>(method: string, input: object, data?: Uint8Array): Promise<T> => {
      const headers: Record<string, string> = { origin: server.url, cookie: `reelay_session=${session}` };
      let body: string | Uint8Array;
      if (data) {
        headers['content-type'] = 'application/octet-stream';
        headers['x-reelay-args'] = encodeURIComponent(JSON.stringify(input));
        body = data;
      } else {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(input);
      }
      // a kept-alive socket the server closes as we write (EPIPE) fails the fetch: the app's send queue
      // sends again, and so does this (counted)
      let res: Response | null = null;
      for (let attempt = 0; res === null; attempt++) {
        try {
          res = await fetch(`${server.url}/api/call/${method}`, { method: 'POST', headers, body: body as string });
        } catch (e) {
          if (attempt >= 4) throw e;
          transportRetries++;
          await sleep(100);
        }
      }
      const json = (await res.json()) as { ok: boolean; value: T; error?: { message: string } };
      if (!json.ok) throw new Error(`${method}: ${json.error?.message}`);
      return json.value;
    };
    const init = { rendition: 'live', codecs: 'avc1.640028,mp4a.40.2', width: 1280, height: 720, frameRate: 30, bitrate: 2_500_000 };

    // finished recordings, watched by everyone: A by autocannon's connections, P by paced viewers
    const publish = async (title: string, media: typeof fixture): Promise<Recording> => {
      const r = await call<Recording>('recordings.create', { width: 1280, height: 720, fps: 30, title });
      await call('recordings.start', { id: r.id });
      await call('recordings.putInit', { id: r.id, ...init }, media.init);
      for (const [seq, seg] of media.segments.entries()) await call('recordings.putSegment', { id: r.id, rendition: 'live', seq, durationSec: seg.durationSec }, seg.data);
      await call('recordings.stop', { id: r.id, durationMs: 8000 });
      for (let i = 0; i < 400 && (await call<Recording>('recordings.get', { id: r.id })).state !== 'ready'; i++) await sleep(25);
      return r;
    };
    const a = await publish('Watched', fixture);
    const p = await publish('Watched at a player\'s pace', realistic);

    // recording B: made at real-time pace the whole time; each segment's publish lag
    const b = await call<Recording>('recordings.create', { width: 1280, height: 720, fps: 30, title: 'Live' });
    await call('recordings.start', { id: b.id });
    await call('recordings.putInit', { id: b.id, ...init }, fixture.init);
    const lags: { at: number; lagMs: number }[] = [];
    let recording = true;
    const recorder = (async () => {
      for (let seq = 0; recording; seq++) {
        const seg = fixture.segments[seq % fixture.segments.length]!;
        const tick = performance.now();
        await call('recordings.putSegment', { id: b.id, rendition: 'live', seq, durationSec: seg.durationSec }, seg.data);
        const acked = performance.now();
        const name = `seg-${String(seq).padStart(5, '0')}.m4s`;
        for (let i = 0; i < 2000; i++) {
          const pl = await fetch(`${b.link}/live/index.m3u8`).then((r) => (r.ok ? r.text() : ''), () => '');
          if (pl.includes(name)) break;
          await sleep(10);
        }
        lags.push({ at: Date.now(), lagMs: performance.now() - acked });
        await sleep(Math.max(0, 2000 - (performance.now() - tick)));
      }
    })();

    const rss: { at: number; bytes: number }[] = [];
    const sampler = setInterval(() => rss.push({ at: Date.now(), bytes: rssOf(server.pid) }), 1000);
    await sleep(o.baselineSeconds * 1000);
    const pacedStart = Date.now();
    const paced = await pacedViewers({ link: p.link, viewers: o.viewers, seconds: o.loadSeconds, segments: realistic.segments.map((_, seq) => `seg-${String(seq).padStart(5, '0')}.m4s`), segmentSec: 2 });
    const pacedEnd = Date.now();
    await sleep(5000); // the lag back to its baseline before the stress
    const loadStart = Date.now();
    const requests = [
      { method: 'GET', path: new URL(`${a.link}/master.m3u8`).pathname },
      { method: 'GET', path: new URL(`${a.link}/live/index.m3u8`).pathname },
      { method: 'GET', path: new URL(`${a.link}/live/init.mp4`).pathname },
      ...fixture.segments.map((_, seq) => ({ method: 'GET', path: new URL(`${a.link}/live/seg-${String(seq).padStart(5, '0')}.m4s`).pathname })),
    ];
    const result = await autocannon({ url: server.url, connections: o.viewers, duration: o.loadSeconds, requests, timeout: 30 });
    const loadEnd = Date.now();
    await sleep(3000); // one more segment after the load, to see the lag come back
    recording = false;
    await recorder;
    clearInterval(sampler);
    await call('recordings.stop', { id: b.id, durationMs: 2000 * lags.length });

    const before = lags.filter((l) => l.at < pacedStart).map((l) => l.lagMs);
    const pacedLags = lags.filter((l) => l.at >= pacedStart && l.at <= pacedEnd + 2000);
    const duringPaced = pacedLags.map((l) => l.lagMs);
    const during = lags.filter((l) => l.at >= loadStart && l.at <= loadEnd + 2000).map((l) => l.lagMs);
    const rssBefore = rss.filter((r) => r.at < pacedStart).map((r) => r.bytes);
    const rssPaced = rss.filter((r) => r.at >= pacedStart && r.at <= pacedEnd).map((r) => r.bytes);
    const rssDuring = rss.filter((r) => r.at >= loadStart).map((r) => r.bytes);
    const segmentBytes = fixture.segments.reduce((n, s) => n + s.data.byteLength, 0) / fixture.segments.length;
    const r1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
    return {
      benchmark: `load: ${o.viewers} concurrent viewers of one recording while another records (server mode, loopback): at a player's pace, then as a stress`,
      method: `autocannon ${o.viewers} connections × ${o.loadSeconds} s, each cycling master, media playlist, init and ${fixture.segments.length} segments (720p, ~${mb(segmentBytes)} MB each) of a finished recording; a second recording sends a 2 s segment every 2 s over the API the whole time, and its publish lag (ack → its media playlist names the segment) is measured ${o.baselineSeconds} s before the viewers arrive (baseline) and while they watch`,
      // first: viewers at a player's pace (a segment every 2 s each) of a recording at the live
      // encoder's 720p bit rate; then the stress below
      paced: {
        method: `${o.viewers} viewers, each master, media playlist, init, then one 2 s segment (720p at ${LIVE_BITRATE}bit/s, ~${mb(realistic.segments.reduce((n, s) => n + s.data.byteLength, 0) / realistic.segments.length)} MB) every 2 s for ${o.loadSeconds} s, starts spread over 2 s`,
        ...paced,
        liveLagMedianMs: r1(percentile(duringPaced, 50)),
        liveLagP95Ms: r1(percentile(duringPaced, 95)),
        liveLagMaxMs: r1(duringPaced.length ? Math.max(...duringPaced) : null),
        liveLagSegments: duringPaced.length,
        /** each segment's lag (ms) by when it was published (s after the viewers began to arrive) */
        liveLagTimeline: pacedLags.map((l) => [r1((l.at - pacedStart) / 1000), r1(l.lagMs)]),
        serverRssPeakMb: mb(Math.max(...rssPaced)),
      },
      viewers: {
        // from the totals over the whole run (autocannon's own averages are over its 1 s samples)
        seconds: result.duration,
        requestsTotal: result.requests.total,
        requestsPerSec: r1(result.requests.total / result.duration),
        megabytesTotal: r1(result.throughput.total / 2 ** 20),
        megabytesPerSec: r1(result.throughput.total / 2 ** 20 / result.duration),
        latencyP50Ms: result.latency.p50,
        latencyP99Ms: result.latency.p99,
        latencyMaxMs: result.latency.max,
        errors: result.errors,
        timeouts: result.timeouts,
        non2xx: result.non2xx,
      },
      liveLag: {
        baselineMedianMs: r1(percentile(before, 50)),
        baselineP95Ms: r1(percentile(before, 95)),
        underLoadMedianMs: r1(percentile(during, 50)),
        underLoadP95Ms: r1(percentile(during, 95)),
        underLoadMaxMs: r1(during.length ? Math.max(...during) : null),
        ratioMedian: before.length && during.length ? r1(percentile(during, 50)! / percentile(before, 50)!) : null,
        segments: { baseline: before.length, underLoad: during.length },
        /** sends the recorder had to repeat (the connection failed under it) */
        transportRetries,
      },
      serverMemory: {
        rssBeforeMb: mb(Math.max(...rssBefore)),
        rssPeakDuringMb: mb(Math.max(...rssDuring)),
        rssEndMb: mb(rssDuring.at(-1) ?? NaN),
      },
    };
  } finally {
    server.stop();
  }
}
