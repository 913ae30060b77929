#!/usr/bin/env node
// Long recording (issue 12): records N minutes in server mode (Chromium, fake devices) and samples
// every minute: live publish lag (median/p95 of the segments published that minute), frames captured
// vs encoded, the recording tab's and the whole browser's memory (RSS) and the page's JS heap, the
// server's RSS, and disk used. At Stop: time-to-link, compared with a 10 s recording made first in
// the same run; then the HD job, with the largest scratch folder it used.
// Usage: node bench/long.mjs [--minutes 30] [--sample-seconds 60] [--busy N] [--no-hd]
//   --busy N: N busy loops compete for the CPU while recording (a starved machine); --no-hd: stop after the recording
//   (`npm run bench -- long` builds first). Raw CDP, not Playwright (bench/support/raw-chromium.mjs says why).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, processTree, relaunchedForWebSocket, rssOf, sleep, startServer } from './support/raw-chromium.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
};
const MINUTES = Number(arg('minutes', 30));
const SAMPLE_MS = Number(arg('sample-seconds', 60)) * 1000;
const BUSY = Number(arg('busy', 0));
const HD = !process.argv.includes('--no-hd');
const OWNER = { email: 'long@example.test', password: 'long-password-1' };
const mb = (bytes) => Math.round((bytes / 2 ** 20) * 10) / 10;
const pct = (xs, p) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

/** one line per series, a sample per character, scaled between its least and greatest values */
function sparkline(name, values) {
  const known = values.filter((v) => typeof v === 'number');
  if (known.length === 0) return `${name.padEnd(15)} (no samples)`;
  const lo = Math.min(...known);
  const hi = Math.max(...known);
  const bars = '▁▂▃▄▅▆▇█';
  const line = values.map((v) => (typeof v !== 'number' ? ' ' : bars[hi === lo ? 0 : Math.round(((v - lo) / (hi - lo)) * (bars.length - 1))])).join('');
  return `${name.padEnd(15)} ${line}  ${Math.round(lo)}…${Math.round(hi)}`;
}

function du(path) {
  if (!existsSync(path)) return 0;
  let total = 0;
  const walk = (p) => {
    const st = statSync(p);
    if (st.isDirectory()) for (const e of readdirSync(p)) walk(join(p, e));
    else total += st.size;
  };
  try {
    walk(path);
  } catch {
    /* files come and go while the job runs */
  }
  return total;
}

async function main() {
  const server = await startServer('long', OWNER);
  const { url, api, dataDir } = server;
  await api('settings.set', { recorder: { countdownSeconds: 0 } });
  const chrome = await launchChromium();
  await chrome.page.send('Network.setCookie', { name: 'reelay_session', value: server.session, url, httpOnly: true });
  await chrome.navigate(url);

  /** records `ms`, sampling along the way; the link, and the time from Stop to its closed playlist */
  async function recordFor(ms, onSample) {
    await chrome.click('Start recording');
    await chrome.waitFor(`document.querySelector('a[aria-label="Share link"]')`, 30_000);
    const link = await chrome.evaluate(`document.querySelector('a[aria-label="Share link"]').href`);
    const seen = new Map();
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const pl = await fetch(`${link}/live/index.m3u8`).then((r) => (r.ok ? r.text() : ''), () => '');
        for (const l of pl.split('\n')) if (l.endsWith('.m4s') && !seen.has(l)) seen.set(l, Date.now());
        await sleep(100);
      }
    })();
    const start = Date.now();
    while (Date.now() - start < ms) {
      await sleep(Math.min(SAMPLE_MS, ms - (Date.now() - start)));
      if (onSample) await onSample(seen);
    }
    await chrome.click('Stop');
    const stopAt = Date.now();
    let linkAt = null;
    while (linkAt === null && Date.now() - stopAt < 60_000) {
      const pl = await fetch(`${link}/live/index.m3u8`).then((r) => r.text());
      if (pl.includes('#EXT-X-ENDLIST')) linkAt = Date.now();
      else await sleep(20);
    }
    polling = false;
    await poller;
    return { link, timeToLinkMs: linkAt === null ? null : linkAt - stopAt };
  }

  const short = await recordFor(10_000);
  await chrome.navigate(url);
  const busy = Array.from({ length: BUSY }, () => spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
  const samples = [];
  let lastSeq = -1;
  const long = await recordFor(MINUTES * 60_000, async (seen) => {
    const stats = JSON.parse((await chrome.evaluate('JSON.stringify(window.__reelayStats ?? null)')) ?? 'null');
    const jsHeap = await chrome.evaluate('performance.memory.usedJSHeapSize');
    const procs = processTree(chrome.pid);
    const renderers = procs.filter((p) => p.cmd.includes('--type=renderer'));
    // live lag: the segment's last moment captured → its media playlist names it
    const lags = [];
    for (const s of stats?.segments ?? []) {
      const at = seen.get(`seg-${String(s.seq).padStart(5, '0')}.m4s`);
      if (s.rendition !== 'live' || s.seq <= lastSeq || at === undefined) continue;
      lags.push(at - s.capturedEndAt);
      lastSeq = s.seq;
    }
    samples.push({
      minute: samples.length + 1,
      lagMedianMs: pct(lags, 50),
      lagP95Ms: pct(lags, 95),
      framesCaptured: stats?.framesCaptured ?? null,
      framesEncoded: stats?.framesEncoded ?? null,
      tabRendererMb: mb(Math.max(0, ...renderers.map((p) => p.rss))),
      browserTotalMb: mb(procs.reduce((s, p) => s + p.rss, 0)),
      jsHeapMb: mb(jsHeap ?? 0),
      serverMb: mb(rssOf(server.pid)),
      diskMb: mb(du(dataDir)),
      // where a backlog would be: the recording's time, and how far video and audio were encoded
      recordedSec: stats?.startedAt ? Math.round((Date.now() - stats.startedAt) / 100) / 10 : null,
      videoEncodedSec: stats?.detail?.live?.videoEndSec ?? null,
      audioEncodedSec: stats?.detail?.live?.audioEndSec ?? null,
      framesDropped: stats?.framesDropped ?? null,
    });
    process.stderr.write(`long: ${JSON.stringify(samples.at(-1))}\n`);
  });
  for (const b of busy) b.kill();
  // the HD job for the long one, and the most scratch space it held at once
  const rec = (await api('recordings.list', {})).find((r) => r.link === long.link);
  let scratchPeak = 0;
  const hdStart = Date.now();
  let hd = rec.backfill;
  while (HD && !['done', 'failed'].includes(hd.state) && Date.now() - hdStart < 4 * 3600_000) {
    scratchPeak = Math.max(scratchPeak, du(join(dataDir, 'recordings', rec.id, 'backfill')));
    await sleep(2000);
    hd = (await api('recordings.get', { id: rec.id })).backfill;
  }
  await chrome.close();
  await server.close();
  const first = samples[0];
  const lastSample = samples.at(-1);
  const plot = ['tabRendererMb', 'browserTotalMb', 'jsHeapMb', 'serverMb', 'lagP95Ms', 'diskMb'].map((key) => sparkline(key, samples.map((x) => x[key])));
  process.stderr.write(`${plot.join('\n')}\n`);
  console.log(
    JSON.stringify(
      {
        benchmark: `long recording: ${MINUTES} min in server mode (Chromium, fake devices${BUSY ? `, ${BUSY} busy loops competing` : ''}), sampled every ${SAMPLE_MS / 1000} s`,
        timeToLinkMs: { tenSeconds: short.timeToLinkMs, long: long.timeToLinkMs },
        growth: first && lastSample ? { tabRendererMb: lastSample.tabRendererMb - first.tabRendererMb, browserTotalMb: lastSample.browserTotalMb - first.browserTotalMb, serverMb: lastSample.serverMb - first.serverMb } : null,
        hd: { state: hd.state, error: hd.error, minutes: Math.round((Date.now() - hdStart) / 6000) / 10, scratchPeakMb: mb(scratchPeak) },
        plot,
        samples,
      },
      null,
      2,
    ),
  );
}

if (!relaunchedForWebSocket()) main().catch((e) => {
  console.error(e);
  process.exit(1);
});
