// Viewers at a player's pace: each opens the link (master, media playlist, init), then fetches one 2 s
// segment every 2 s, as hls.js does once its buffer is full — unlike autocannon's connections, which
// ask again the moment an answer arrives (a stress test, not an audience). Starts are spread over the
// first segment's length, as real viewers do not arrive in the same millisecond.
import { performance } from 'node:perf_hooks';

export interface PacedOptions {
  /** the recording's link (its files under it) */
  link: string;
  viewers: number;
  seconds: number;
  /** segment file names under `<link>/live/`, played in a loop */
  segments: readonly string[];
  segmentSec: number;
}

export interface PacedResult {
  viewers: number;
  seconds: number;
  requests: number;
  segmentsFetched: number;
  megabytesPerSec: number;
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
  latencyMaxMs: number | null;
  /** segments that took longer than their own length to arrive (a player would stall on these) */
  segmentsSlowerThanRealTime: number;
  errors: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (xs: number[], p: number): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

export async function pacedViewers(o: PacedOptions): Promise<PacedResult> {
  const latencies: number[] = [];
  let requests = 0;
  let segmentsFetched = 0;
  let bytes = 0;
  let slow = 0;
  let errors = 0;
  const started = performance.now();
  const end = started + o.seconds * 1000;
  const get = async (url: string): Promise<number | null> => {
    const t = performance.now();
    requests++;
    try {
      const res = await fetch(url);
      const body = await res.arrayBuffer();
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      bytes += body.byteLength;
      const ms = performance.now() - t;
      latencies.push(ms);
      return ms;
    } catch {
      errors++;
      return null;
    }
  };
  const viewer = async (index: number) => {
    await sleep((index / o.viewers) * o.segmentSec * 1000);
    await get(`${o.link}/master.m3u8`);
    await get(`${o.link}/live/index.m3u8`);
    await get(`${o.link}/live/init.mp4`);
    for (let i = 0; performance.now() < end; i++) {
      const tick = performance.now();
      const ms = await get(`${o.link}/live/${o.segments[i % o.segments.length]}`);
      segmentsFetched++;
      if (ms !== null && ms > o.segmentSec * 1000) slow++;
      await sleep(Math.max(0, o.segmentSec * 1000 - (performance.now() - tick)));
    }
  };
  await Promise.all(Array.from({ length: o.viewers }, (_, i) => viewer(i)));
  const seconds = (performance.now() - started) / 1000;
  const r = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
  return {
    viewers: o.viewers,
    seconds: r(seconds)!,
    requests,
    segmentsFetched,
    megabytesPerSec: r(bytes / 2 ** 20 / seconds)!,
    latencyP50Ms: r(percentile(latencies, 50)),
    latencyP99Ms: r(percentile(latencies, 99)),
    latencyMaxMs: r(latencies.length ? Math.max(...latencies) : null),
    segmentsSlowerThanRealTime: slow,
    errors,
  };
}
