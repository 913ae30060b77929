// Viewer: from opening a link to the first frame, on loopback. A real server (the core's share routes,
// the built viewer in out/renderer) publishes a 10 s 720p recording and its backfill (poster, 480p,
// thumbnails); Chromium opens the
// link in a fresh context each run (cold cache, as a first visit) and the page itself notes, from the
// navigation's start: DOMContentLoaded (the baseline: the page alone), the poster (named on the
// <video>, loaded and decoded), the first
// frame decoded (`loadeddata`, the page left paused as it opens) and, with ?autoplay=1, the first
// frame presented while playing (requestVideoFrameCallback). Target: median first frame <= 500 ms.
import { mkdtempSync, promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startTestServer } from '../src/main/core/testing/test-server';
import { feedRecording, makeLive, makeMaster } from '../src/main/core/backfill/test-media';
import type { Page } from 'playwright-core';
import { launchChromium } from '../e2e/support/browser';

const percentile = (xs: number[], p: number): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const stats = (xs: number[]) => ({ medianMs: round(percentile(xs, 50)), p95Ms: round(percentile(xs, 95)), runs: xs.length });
const round = (x: number | null): number | null => (x === null ? null : Math.round(x));

interface Marks {
  domContentLoaded?: number;
  poster?: number;
  /** hls.js set the duration: MediaSource open, the media playlist parsed */
  durationchange?: number;
  /** the init and first segment appended and parsed by the browser */
  loadedmetadata?: number;
  loadeddata?: number;
  presented?: number;
  /** hls.js events, each one's first time (the engine's steps) */
  hls?: Record<string, number>;
}

/** the files on the way to the first frame, each one's responseEnd from the navigation's start */
const FILE_KINDS: ReadonlyArray<readonly [string, RegExp]> = [
  ['viewerScript', /\/assets\/viewer-[^/]*\.js$/],
  ['hlsWorker', /\/assets\/hls\.worker-[^/]*\.js$/],
  ['master', /\/master\.m3u8$/],
  ['mediaPlaylist', /\/[^/]+\/index\.m3u8$/],
  ['init', /\/init\.mp4$/],
  ['firstSegment', /\/seg-\d+\.m4s$/],
  ['status', /\/status\.json$/],
  ['posterFile', /\/poster\.jpg$/],
];
type FileTimes = Record<string, number>;

/** noted by the page from its navigation's start (performance.now()) */
const MARKS_SCRIPT = `(() => {
  const marks = (window.__benchMarks = {});
  document.addEventListener('DOMContentLoaded', () => (marks.domContentLoaded ??= performance.now()));
  document.addEventListener('durationchange', () => (marks.durationchange ??= performance.now()), true);
  document.addEventListener('loadedmetadata', () => (marks.loadedmetadata ??= performance.now()), true);
  document.addEventListener('loadeddata', () => (marks.loadeddata ??= performance.now()), true);
  document.addEventListener('playing', (e) => {
    const v = e.target;
    if (v && v.requestVideoFrameCallback) v.requestVideoFrameCallback(() => (marks.presented ??= performance.now()));
  }, true);
  // the poster: once the page names it on the <video> (set by a script, or in the HTML as parsed),
  // the moment that image is loaded and decoded (the same URL, so the browser's own fetch is shared).
  // Watched cheaply: the whole document only until the <video> is there (a subtree observer left on
  // took ~40 ms of the page's main thread before its first frame, and more after), then that element.
  let watching = false;
  const watch = (el) => {
    const src = el && el.getAttribute && el.getAttribute('poster');
    if (!src || watching) return;
    watching = true;
    const img = new Image();
    img.src = src;
    img.decode().then(() => (marks.poster ??= performance.now()), () => undefined);
  };
  const onVideo = new MutationObserver(() => watch(document.querySelector('video')));
  const untilVideo = new MutationObserver(() => {
    const video = document.querySelector('video');
    if (!video) return;
    untilVideo.disconnect();
    watch(video);
    if (!watching) onVideo.observe(video, { attributes: true, attributeFilter: ['poster'] });
  });
  untilVideo.observe(document, { subtree: true, childList: true });
  // the engine's steps: hls.js events, hooked as soon as the page creates its engine
  const steps = (marks.hls = {});
  const HLS_EVENTS = ['hlsMediaAttached', 'hlsManifestLoaded', 'hlsManifestParsed', 'hlsLevelLoaded', 'hlsFragLoading', 'hlsFragLoaded', 'hlsFragParsed', 'hlsBufferCodecs', 'hlsBufferCreated', 'hlsBufferAppended', 'hlsFragBuffered'];
  let viewer;
  Object.defineProperty(window, '__reelayViewer', {
    configurable: true,
    get: () => viewer,
    set: (v) => {
      viewer = v;
      steps.scriptRan = performance.now();
      queueMicrotask(() => {
        const hls = v && v.hls;
        if (!hls) return;
        for (const name of HLS_EVENTS) hls.on(name, (_, data) => {
          const key = name === 'hlsFragLoading' || name === 'hlsFragLoaded' || name === 'hlsFragBuffered' || name === 'hlsFragParsed' ? name + ':' + (data && data.frag ? data.frag.sn : '') : name;
          steps[key] ??= performance.now();
        });
      });
    },
  });
})();`;

/**
 * Until the page has noted `mark` (true) or `timeoutMs` passed (false). A timer in the page, not
 * Playwright's waitForFunction: that evaluates Playwright's own ~50 ms script on the page's main thread,
 * which landed on the way to the first frame (a trace showed it), and no viewer's browser runs it.
 */
function untilMark(page: Page, mark: Exclude<keyof Marks, 'hls'>, timeoutMs: number): Promise<boolean> {
  return page.evaluate(
    ([k, ms]) =>
      new Promise<boolean>((resolve) => {
        const end = Date.now() + (ms as number);
        const check = () => {
          if ((window as unknown as { __benchMarks: Marks }).__benchMarks[k as Exclude<keyof Marks, 'hls'>] !== undefined) resolve(true);
          else if (Date.now() > end) resolve(false);
          else setTimeout(check, 20);
        };
        check();
      }),
    [mark, timeoutMs] as const,
  );
}

const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'v8', 'blink.user_timing', 'loading', 'netlog', 'media'];

/** each hls.js step's median time (paused runs), in the order they came */
function engineSteps(runs: Marks[]): Record<string, number | null> {
  const names = [...new Set(runs.flatMap((m) => Object.keys(m.hls ?? {})))];
  const medians = names.map((n) => [n, round(percentile(runs.flatMap((m) => (m.hls?.[n] === undefined ? [] : [m.hls[n]!])), 50))] as const);
  return Object.fromEntries(medians.sort((a, b) => (a[1] ?? 0) - (b[1] ?? 0)));
}

/** `trace`: also writes a Chromium performance trace (chrome://tracing, DevTools) of one more paused run there */
export async function runViewerBench(o: { runs: number; trace?: string }): Promise<object> {
  const root = mkdtempSync(join(tmpdir(), 'reelay-viewer-bench-'));
  const media = join(root, 'media');
  await fs.mkdir(media);
  // a recording as the app leaves it: the live 720p, then the backfill's poster, 480p and thumbnails
  const master = await makeMaster(media, { seconds: 10, width: 1280, height: 720, fps: 30, codec: 'vp8', screenLike: true });
  const live = await makeLive(master, join(media, 'live'));

  const s = await startTestServer({ rendererDir: resolve('out/renderer'), dataDir: join(root, 'data') });
  const browser = await launchChromium();
  try {
    const rec = await feedRecording(s.core, master, live, { width: 1280, height: 720, fps: 30 });
    for (let i = 0; i < 2400; i++) {
      const state = s.core.recordings.get(rec.id).backfill?.state;
      if (state === 'failed') throw new Error(`the backfill failed: ${s.core.recordings.get(rec.id).backfill?.error}`);
      if (state === 'done' && s.core.publisher.pendingCount(rec.id) === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    if (!s.core.recordings.get(rec.id).posterUrl) throw new Error('the recording has no poster after its backfill');

    const timelines: FileTimes[] = [];
    const open = async (query: string, wanted: Exclude<keyof Marks, 'hls'>, tracePath?: string): Promise<Marks> => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await context.addInitScript(MARKS_SCRIPT);
      const page = await context.newPage();
      if (tracePath) await browser.startTracing(page, { path: tracePath, screenshots: false, categories: TRACE_CATEGORIES });
      await page.goto(rec.link + query);
      if (!(await untilMark(page, wanted, 30_000))) throw new Error(`no ${wanted} within 30 s`);
      // the poster may come after the first frame: give it a moment, it is reported when it came
      await untilMark(page, 'poster', 5_000);
      const marks = await page.evaluate(() => (window as unknown as { __benchMarks: Marks }).__benchMarks);
      const entries = await page.evaluate(() =>
        performance.getEntriesByType('resource').map((e) => ({ name: e.name, start: e.startTime, end: (e as PerformanceResourceTiming).responseEnd })),
      );
      const files: FileTimes = {};
      for (const [kind, pattern] of FILE_KINDS) {
        const first = entries.find((e) => pattern.test(new URL(e.name).pathname));
        if (first) {
          files[kind] = first.end;
          files[`${kind}Requested`] = first.start;
        }
      }
      files.page = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).responseEnd);
      // a preload the page did not use shows as a second fetch of the same file
      const named = entries.filter((e) => FILE_KINDS.some(([, pattern]) => pattern.test(new URL(e.name).pathname)));
      files.repeatedFetches = named.length - new Set(named.map((e) => e.name)).size;
      timelines.push(files);
      if (tracePath) await browser.stopTracing();
      await context.close();
      return marks;
    };
    await open('', 'loadeddata'); // warm-up: the server's first page read, Chromium's first context
    timelines.length = 0;
    const paused: Marks[] = [];
    const playing: Marks[] = [];
    for (let i = 0; i < o.runs; i++) {
      paused.push(await open('', 'loadeddata'));
      playing.push(await open('?autoplay=1', 'presented'));
    }
    if (o.trace) await open('', 'loadeddata', o.trace);
    const pick = (list: Marks[], k: Exclude<keyof Marks, 'hls'>) => list.flatMap((m) => (m[k] === undefined ? [] : [m[k]!]));
    const firstFrame = stats(pick(paused, 'loadeddata'));
    // where the time goes (paused runs): each file's median responseEnd
    const files = Object.fromEntries(
      ['page', ...FILE_KINDS.flatMap(([kind]) => [`${kind}Requested`, kind]), 'repeatedFetches'].map((kind) => [kind, round(percentile(timelines.filter((_, i) => i % 2 === 0).flatMap((t) => (t[kind] === undefined ? [] : [t[kind]!])), 50))]),
    );
    return {
      what: 'a fresh Chromium context opens a 10 s 720p link (live 720p + backfilled 480p, poster) on loopback (real share server, built viewer); times from the navigation start',
      baselineDomContentLoaded: stats(pick(paused, 'domContentLoaded')),
      poster: stats(pick(paused, 'poster')),
      // the steps between the page's script and the first frame
      durationSet: stats(pick(paused, 'durationchange')),
      metadataLoaded: stats(pick(paused, 'loadedmetadata')),
      firstFrame,
      firstFramePlaying: stats(pick(playing, 'presented')),
      filesReceivedMedianMs: files,
      engineStepsMedianMs: engineSteps(paused),
      targetMedianMs: 500,
      targetMet: firstFrame.medianMs !== null && firstFrame.medianMs <= 500,
    };
  } finally {
    await browser.close();
    await s.close();
    await fs.rm(root, { recursive: true, force: true });
  }
}
