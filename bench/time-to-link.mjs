#!/usr/bin/env node
// Issue 2 benchmark: record N × 10 s in server mode (Chromium, fake screen/camera/mic) and measure
//  - time-to-link: Stop click → the final media playlist (ENDLIST), the master and every segment are
//    fetchable at the link;
//  - live publish lag: a segment's end (its last captured moment) → the playlist naming it is fetchable;
//  - frames captured vs encoded in the live variant.
// Needs a build (npm run bench builds first). Usage: node bench/time-to-link.mjs [--runs 6] [--seconds 10]
// [--overlap 1: start each recording while the previous one's backfill still runs]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { arg } from './load-ts.mjs';

const RUNS = Number(arg('runs', 6));
const SECONDS = Number(arg('seconds', 10));
const OVERLAP = arg('overlap', '0') === '1';
const POLL_MS = 10;

const percentile = (xs, p) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const summary = (xs) => ({ n: xs.length, median: percentile(xs, 50), p95: percentile(xs, 95), min: Math.min(...xs), max: Math.max(...xs) });
const round = (x) => (x === null ? null : Math.round(x * 10) / 10);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** sign-in is on, as on any Reelay Server: the bench records as the owner */
const OWNER = { email: 'bench@example.test', password: 'bench-password-1' };

async function signIn(url) {
  const res = await fetch(`${url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url }, body: JSON.stringify(OWNER) });
  const session = /reelay_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  if (!session) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return session;
}

async function startServer(dataDir) {
  const child = spawn(process.execPath, [resolve('out/main/server.js'), '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, REELAY_OWNER_EMAIL: OWNER.email, REELAY_OWNER_PASSWORD: OWNER.password },
  });
  let out = '';
  child.stderr.on('data', (d) => (out += d));
  const url = await new Promise((ok, fail) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = /Reelay server mode: (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) ok(m[1]);
    });
    child.once('exit', (c) => fail(new Error(`server exited ${c}: ${out}`)));
  });
  return { url, child };
}

async function text(url) {
  const res = await fetch(url, { cache: 'no-store' });
  return res.ok ? res.text() : null;
}

/** watches a link: when each segment first appears in the live playlist, and when it ends */
function watchLink(link) {
  const seen = new Map();
  let endedAt = null;
  let stop = false;
  const done = (async () => {
    while (!stop) {
      const pl = await text(`${link}/live/index.m3u8`).catch(() => null);
      const now = Date.now();
      if (pl) {
        for (const line of pl.split('\n')) if (line.endsWith('.m4s') && !seen.has(line)) seen.set(line, now);
        if (pl.includes('#EXT-X-ENDLIST') && endedAt === null) endedAt = now;
      }
      await sleep(POLL_MS);
    }
  })();
  return { seen, endedAt: () => endedAt, stop: async () => ((stop = true), await done) };
}

async function main() {
  const chromiumPath = process.env.REELAY_CHROMIUM ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  const { url, child } = await startServer(mkdtempSync(join(tmpdir(), 'reelay-bench-')));
  const session = await signIn(url);
  const api = (method, input) =>
    fetch(`${url}/api/call/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url, cookie: `reelay_session=${session}` }, body: JSON.stringify(input) }).then((r) => r.json());
  await api('settings.set', { recorder: { countdownSeconds: 0 } });
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream=fps=30', '--disable-background-timer-throttling', '--disable-renderer-backgrounding'],
  });
  const runs = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ permissions: ['camera', 'microphone', 'clipboard-read', 'clipboard-write'] });
      await context.addCookies([{ name: 'reelay_session', value: session, url, httpOnly: true, sameSite: 'Lax' }]);
      const page = await context.newPage();
      await page.goto(url);
      await page.getByRole('button', { name: 'Start recording' }).click();
      await page.getByRole('button', { name: 'Pause' }).waitFor({ timeout: 30_000 });
      const el = page.getByLabel('Share link').first();
      const link = (await el.getAttribute('href')) ?? (await el.inputValue());
      const watcher = watchLink(link);
      await sleep(SECONDS * 1000);
      await page.getByRole('button', { name: 'Stop' }).click();
      const clickReturnedAt = Date.now();
      while (watcher.endedAt() === null && Date.now() - clickReturnedAt < 30_000) await sleep(POLL_MS);
      await watcher.stop();
      const stats = await page.evaluate(() => window.__reelayStats);
      // the link is playable once the closed playlist is there and everything it names is fetchable
      const master = await text(`${link}/master.m3u8`);
      const finalPl = (await text(`${link}/live/index.m3u8`)) ?? '';
      const uris = finalPl.split('\n').filter((l) => l.endsWith('.m4s'));
      const missing = [];
      for (const u of uris) if ((await fetch(`${link}/live/${u}`, { method: 'HEAD' })).status !== 200) missing.push(u);
      const stopAt = stats.stopClickedAt ?? clickReturnedAt;
      const live = stats.segments.filter((s) => s.rendition === 'live' && watcher.seen.has(`seg-${String(s.seq).padStart(5, '0')}.m4s`));
      const seenAt = (s) => watcher.seen.get(`seg-${String(s.seq).padStart(5, '0')}.m4s`);
      const lags = live.map((s) => seenAt(s) - s.capturedEndAt);
      // where the lag goes: encoder (segment end → handed over), intake (→ durable ack), publish (→ fetchable)
      const parts = live.slice(0, -1).map((s) => ({ encode: s.producedAt - s.capturedEndAt, intake: s.ackedAt - s.producedAt, publish: seenAt(s) - s.ackedAt }));
      runs.push({
        timeToLinkMs: watcher.endedAt() - stopAt,
        stopToAckMs: stats.stoppedAt !== null ? stats.stoppedAt - stopAt : null,
        liveLagsMs: lags.slice(0, -1), // the last segment is flushed by Stop: it belongs to time-to-link
        lagParts: parts,
        segments: uris.length,
        masterOk: master !== null && master.includes('#EXT-X-STREAM-INF'),
        missingSegments: missing.length,
        framesCaptured: stats.framesCaptured,
        framesEncoded: stats.framesEncoded,
        framesDropped: stats.framesDropped,
        framesSkipped: stats.framesSkipped,
      });
      await context.close();
      // let the previous recording's backfill (ffmpeg) finish, so each run measures the capture
      // pipeline alone; --overlap 1 measures recording while it runs instead
      if (!OVERLAP) {
        const until = Date.now() + 120_000;
        while (Date.now() < until) {
          const list = await api('recordings.list', {});
          if (list.ok && list.value.every((r) => !['queued', 'running'].includes(r.backfill.state))) break;
          await sleep(250);
        }
      }
    }
  } finally {
    await browser.close();
    child.kill('SIGTERM');
  }
  const ttl = runs.map((r) => r.timeToLinkMs);
  const lags = runs.flatMap((r) => r.liveLagsMs);
  const captured = runs.reduce((a, r) => a + r.framesCaptured, 0);
  const encoded = runs.reduce((a, r) => a + r.framesEncoded, 0);
  const dropped = runs.reduce((a, r) => a + r.framesDropped, 0);
  const result = {
    benchmark: 'time-to-link (server mode, embedded storage)',
    runs: RUNS,
    recordingSeconds: SECONDS,
    whileBackfillRuns: OVERLAP,
    pollIntervalMs: POLL_MS,
    timeToLinkMs: Object.fromEntries(Object.entries(summary(ttl)).map(([k, v]) => [k, round(v)])),
    livePublishLagMs: Object.fromEntries(Object.entries(summary(lags)).map(([k, v]) => [k, round(v)])),
    livePublishLagPartsMedianMs: Object.fromEntries(
      ['encode', 'intake', 'publish'].map((k) => [k, round(percentile(runs.flatMap((r) => r.lagParts.map((p) => p[k])), 50))]),
    ),
    livePublishLagPartsP95Ms: Object.fromEntries(
      ['encode', 'intake', 'publish'].map((k) => [k, round(percentile(runs.flatMap((r) => r.lagParts.map((p) => p[k])), 95))]),
    ),
    frames: { captured, encoded, dropped, droppedPercent: captured ? round((100 * dropped) / captured) : null, encodedPercent: captured ? round((100 * encoded) / captured) : null },
    everyLinkComplete: runs.every((r) => r.masterOk && r.missingSegments === 0),
    targets: { timeToLinkP95Ms: 1000, liveLagP95Ms: 500, droppedPercent: 1 },
    perRun: runs.map(({ liveLagsMs, lagParts, ...r }) => ({ ...r, liveLagMedianMs: round(percentile(liveLagsMs, 50)), liveLagsBySegmentMs: liveLagsMs.map(round) })),
  };
  console.log(JSON.stringify(result, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
