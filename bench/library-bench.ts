// The library at 10,000 recordings (issue 11): the paged query through the HTTP API (first page,
// search by title, sort by length: median and p95), recordings.list for comparison (the whole library
// in one answer), and the library's first card in Chromium against server mode (the real
// out/main/server.js, as `npm run serve` runs it). The library is seeded through the repositories
// (bench/library-seed.ts says how), then the server opens it as it would after a restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { seedLibrary } from './library-seed';
import { serve, signInContext } from '../e2e/support/server';
import { launchChromium } from '../e2e/support/browser';
import { HTTP } from '../src/shared/api';
import type { LibraryPageInput } from '../src/shared/library';

const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;
const stats = (xs: number[]) => ({ medianMs: round(percentile(xs, 50), 2), p95Ms: round(percentile(xs, 95), 2), runs: xs.length });

export async function runLibraryBench(o: { recordings: number; runs: number; renders: number }): Promise<object> {
  const dataDir = mkdtempSync(join(tmpdir(), 'reelay-library-bench-'));
  const seeded = await seedLibrary(dataDir, o.recordings, 'http://127.0.0.1:1');
  const server = await serve({ dataDir });
  try {
    const call = async (method: string, input: object): Promise<{ ms: number; bytes: number }> => {
      const t0 = performance.now();
      const res = await fetch(`${server.url}${HTTP.callPrefix}${method}`, { method: 'POST', headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' }, body: JSON.stringify(input) });
      const text = await res.text();
      const ms = performance.now() - t0;
      if (!res.ok) throw new Error(`${method} answered ${res.status}: ${text.slice(0, 200)}`);
      return { ms, bytes: text.length };
    };
    const measure = async (input: LibraryPageInput) => {
      await call('recordings.page', input); // warm
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < o.runs; i++) {
        const r = await call('recordings.page', input);
        times.push(r.ms);
        bytes = r.bytes;
      }
      return { ...stats(times), bytes };
    };
    const firstPage = await measure({ sort: 'newest', limit: 24 });
    const search = await measure({ sort: 'newest', limit: 24, query: 'walkthrough' });
    const byLength = await measure({ sort: 'length', limit: 24 });
    const lists: number[] = [];
    let listBytes = 0;
    for (let i = 0; i < 3; i++) {
      const r = await call('recordings.list', {});
      lists.push(r.ms);
      listBytes = r.bytes;
    }

    // the library in Chromium: from navigation to the first card, a fresh page each time
    const browser = await launchChromium();
    const renders: number[] = [];
    let domElements = 0;
    let heapMB = 0;
    try {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      await signInContext(context, server);
      for (let i = 0; i < o.renders + 1; i++) {
        const page = await context.newPage();
        const t0 = performance.now();
        await page.goto(`${server.url}/#/library`);
        await page.locator('[aria-label="Recordings"] article').first().waitFor({ timeout: 60_000 });
        const ms = performance.now() - t0;
        if (i > 0) renders.push(ms); // the first load also fills the browser's cache
        domElements = await page.evaluate(() => document.getElementsByTagName('*').length);
        heapMB = await page.evaluate(() => ((window.performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 1e6);
        await page.close();
      }
    } finally {
      await browser.close();
    }
    return {
      benchmark: `library at ${o.recordings} recordings: recordings.page over HTTP (${o.runs} runs each, page of 24), recordings.list, first card in Chromium (server mode)`,
      seed: { recordings: o.recordings, uploadRows: seeded.uploads, seconds: round(seeded.seedMs / 1000) },
      firstPage,
      searchByTitle: search,
      sortByLength: byLength,
      list: { medianMs: round(percentile(lists, 50)), bytes: listBytes, runs: lists.length },
      firstCard: { ...stats(renders), domElements, heapMB: round(heapMB) },
      baseline: { list: '5.0–5.8 s, 4.3 MB', firstCard: '13.9 s, ~90,000 DOM elements, 118 MB heap', target: 'each query ≤ 20 ms (aim ≤ 5 ms)' },
    };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
