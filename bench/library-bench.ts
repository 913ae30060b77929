// The library at 10,000 recordings (issue 11): the paged query through the HTTP API (first page,
// search by title, sort by length: median and p95), recordings.list for comparison (the whole library
// in one answer), and the library's first card in Chromium against server mode (the real
// out/main/server.js, as `npm run serve` runs it). The library is seeded through the repositories
// (bench/library-seed.ts says how), then the server opens it as it would after a restart. At start it
// publishes again what the seeded 'finishing' recordings lack (their status): the queries are timed
// once that is over (settleSeconds says how long it took), not while the server is busy with it.
// The same queries are then timed in-process (the service call the API makes, no HTTP, no JSON), and
// a search with a new term each run shows a page whose total is not kept from the run before.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { seedLibrary, WORDS } from './library-seed';
import { createCore } from '../src/main/core';
import { serve, signInContext } from '../e2e/support/server';
import { launchChromium } from '../e2e/support/browser';
import { HTTP } from '../src/shared/api';
import { libraryPageSchema, type LibraryPage, type LibraryPageInput } from '../src/shared/library';

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
    const call = async (method: string, input: object): Promise<{ ms: number; bytes: number; text: string }> => {
      const t0 = performance.now();
      const res = await fetch(`${server.url}${HTTP.callPrefix}${method}`, { method: 'POST', headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' }, body: JSON.stringify(input) });
      const text = await res.text();
      const ms = performance.now() - t0;
      if (!res.ok) throw new Error(`${method} answered ${res.status}: ${text.slice(0, 200)}`);
      return { ms, bytes: text.length, text };
    };
    const settleSeconds = await settled(async () => (JSON.parse((await call('recordings.page', { show: 'uploading', limit: 1 })).text) as { value: LibraryPage }).value.total);
    const measure = async (input: (run: number) => LibraryPageInput) => {
      await call('recordings.page', input(-1)); // warm
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < o.runs; i++) {
        const r = await call('recordings.page', input(i));
        times.push(r.ms);
        bytes = r.bytes;
      }
      return { ...stats(times), bytes };
    };
    const firstPage = await measure(() => QUERIES.firstPage);
    const search = await measure(() => QUERIES.searchByTitle);
    const byLength = await measure(() => QUERIES.sortByLength);
    const searchNewTerms = await measure(newTerm);
    const lists: number[] = [];
    let listBytes = 0;
    for (let i = 0; i < 3; i++) {
      const r = await call('recordings.list', {});
      lists.push(r.ms);
      listBytes = r.bytes;
    }

    // the library in Chromium: from navigation to the first card, a fresh page each time. firstCard:
    // as this process sees it (Playwright's wait adds its polling); firstCardInPage: the page's own
    // clock from navigation start to the moment the first card is in its document.
    const browser = await launchChromium();
    const renders: number[] = [];
    const rendersInPage: number[] = [];
    let domElements = 0;
    let heapMB = 0;
    try {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      await signInContext(context, server);
      await context.addInitScript(FIRST_CARD_CLOCK);
      for (let i = 0; i < o.renders + 1; i++) {
        const page = await context.newPage();
        const t0 = performance.now();
        await page.goto(`${server.url}/#/library`);
        await page.locator('[aria-label="Recordings"] article').first().waitFor({ timeout: 60_000 });
        const ms = performance.now() - t0;
        const inPage = await page.waitForFunction(() => (window as unknown as { __firstCardAt?: number }).__firstCardAt).then((h) => h.jsonValue() as Promise<number>);
        if (i > 0) {
          // the first load also fills the browser's cache
          renders.push(ms);
          rendersInPage.push(inPage);
        }
        domElements = await page.evaluate(() => document.getElementsByTagName('*').length);
        heapMB = await page.evaluate(() => ((window.performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 1e6);
        await page.close();
      }
    } finally {
      await browser.close();
    }
    await server.stop();
    const inProcess = await inProcessQueries(dataDir, o.runs);
    return {
      benchmark: `library at ${o.recordings} recordings: recordings.page over HTTP (${o.runs} runs each, page of 24), recordings.list, first card in Chromium (server mode)`,
      seed: { recordings: o.recordings, uploadRows: seeded.uploads, seconds: round(seeded.seedMs / 1000) },
      settleSeconds,
      firstPage,
      searchByTitle: search,
      sortByLength: byLength,
      searchNewTerms,
      list: { medianMs: round(percentile(lists, 50)), bytes: listBytes, runs: lists.length },
      firstCard: { ...stats(renders), domElements, heapMB: round(heapMB) },
      firstCardInPage: stats(rendersInPage),
      inProcess,
      baseline: {
        list: '5.0–5.8 s, 4.3 MB',
        firstCard: '13.9 s, ~90,000 DOM elements, 118 MB heap',
        beforeBatching: 'HTTP medians (p95) 13.5 (32), 13.5 (27), 11.5 (26) ms, first card 2.25 s, while the server was still publishing',
        target: 'each query ≤ 20 ms (aim ≤ 5 ms)',
      },
    };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** runs in each page before its scripts: when the first card enters the document, by the page's clock */
function FIRST_CARD_CLOCK(): void {
  const w = window as unknown as { __firstCardAt?: number };
  const seen = (): boolean => document.querySelector('[aria-label="Recordings"] article') !== null;
  const observer = new MutationObserver(() => {
    if (!seen()) return;
    w.__firstCardAt = window.performance.now(); // window.: the bundler would rename a bare `performance` (this file imports node's)
    observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true });
}

const QUERIES = {
  firstPage: { sort: 'newest', limit: 24 },
  searchByTitle: { sort: 'newest', limit: 24, query: 'walkthrough' },
  sortByLength: { sort: 'length', limit: 24 },
} satisfies Record<string, LibraryPageInput>;

/** a two-word search no run before asked (titles are two of the seed's words and a number) */
const newTerm = (run: number): LibraryPageInput => {
  const i = run + 1;
  return { sort: 'newest', limit: 24, query: `${WORDS[i % WORDS.length]} ${WORDS[Math.floor(i / WORDS.length) % WORDS.length]}` };
};

/** waits until no recording is uploading (`uploading()` says how many are); the seconds it took */
async function settled(uploading: () => Promise<number>, timeoutMs = 600_000): Promise<number> {
  const t0 = performance.now();
  while ((await uploading()) > 0) {
    if (performance.now() - t0 > timeoutMs) throw new Error('the library did not settle: recordings still uploading after 10 minutes');
    await new Promise((r) => setTimeout(r, 250));
  }
  return round((performance.now() - t0) / 1000);
}

/** the same queries as the service call the API handler makes, in this process on the same library (the server has stopped) */
async function inProcessQueries(dataDir: string, runs: number): Promise<object> {
  const core = await createCore({ dataDir, shell: 'server', version: 'bench', shareBaseUrl: 'http://127.0.0.1:1' });
  try {
    const measure = (input: (run: number) => LibraryPageInput) => {
      core.recordings.page(libraryPageSchema.parse(input(-1)), null); // warm
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const q = libraryPageSchema.parse(input(i));
        const t0 = performance.now();
        core.recordings.page(q, null);
        times.push(performance.now() - t0);
      }
      return stats(times);
    };
    return {
      what: 'core.recordings.page() in-process: SQL, the cards\' lookups, the totals; no HTTP, no JSON',
      firstPage: measure(() => QUERIES.firstPage),
      searchByTitle: measure(() => QUERIES.searchByTitle),
      sortByLength: measure(() => QUERIES.sortByLength),
      searchNewTerms: measure(newTerm),
    };
  } finally {
    await core.close();
  }
}
