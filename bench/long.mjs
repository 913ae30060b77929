#!/usr/bin/env node
// Long recording (issue 12): records N minutes in server mode (Chromium, fake devices) and samples
// every minute: live publish lag (median/p95 of the segments published that minute), frames captured
// vs encoded, the recording tab's and the whole browser's memory (RSS) and the page's JS heap, the
// server's RSS, and disk used. At Stop: time-to-link, compared with a 10 s recording made first in
// the same run; then the HD job, with the largest scratch folder it used.
// Usage: node bench/long.mjs [--minutes 30] [--sample-seconds 60] [--busy N] [--no-hd]
//   --busy N: N busy loops compete for the CPU while recording (a starved machine); --no-hd: stop after the recording
//   (`npm run bench -- long` builds first)
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
};
const MINUTES = Number(arg('minutes', 30));
const SAMPLE_MS = Number(arg('sample-seconds', 60)) * 1000;
const BUSY = Number(arg('busy', 0));
const HD = !process.argv.includes('--no-hd');
const OWNER = { email: 'long@example.test', password: 'long-password-1' };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes) => Math.round((bytes / 2 ** 20) * 10) / 10;
const pct = (xs, p) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

function rssOf(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** every process under `root` (the browser's), with its command line */
function tree(root) {
  const out = [];
  const children = (pid) => {
    try {
      return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  const walk = (pid) => {
    let cmd = '';
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      return;
    }
    out.push({ pid, cmd, rss: rssOf(pid) });
    for (const c of children(pid)) walk(c);
  };
  walk(root);
  return out;
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
  const dataDir = mkdtempSync(join(tmpdir(), 'reelay-long-'));
  const server = spawn(process.execPath, [resolve('out/main/server.js'), '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, REELAY_OWNER_EMAIL: OWNER.email, REELAY_OWNER_PASSWORD: OWNER.password },
  });
  let out = '';
  server.stderr.on('data', (d) => (out += d));
  const url = await new Promise((ok, fail) => {
    server.stdout.on('data', (d) => {
      out += d;
      const m = /Reelay server mode: (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) ok(m[1]);
    });
    server.once('exit', (c) => fail(new Error(`server exited ${c}: ${out}`)));
  });
  const signIn = await fetch(`${url}/api/auth/sign-in`, { method: 'POST', headers: { origin: url, 'content-type': 'application/json' }, body: JSON.stringify(OWNER) });
  const session = /reelay_session=([^;]+)/.exec(signIn.headers.get('set-cookie') ?? '')[1];
  const api = (method, input) =>
    fetch(`${url}/api/call/${method}`, { method: 'POST', headers: { origin: url, cookie: `reelay_session=${session}`, 'content-type': 'application/json' }, body: JSON.stringify(input) }).then((r) => r.json());
  await api('settings.set', { recorder: { countdownSeconds: 0 } });
  const browser = await chromium.launch({
    executablePath: process.env.REELAY_CHROMIUM ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p)),
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream=fps=30', '--disable-background-timer-throttling', '--disable-renderer-backgrounding'],
  });
  const browserPid = Number(execFileSync('pgrep', ['-o', '-f', 'chromium.*--use-fake-device-for-media-stream']).toString().trim());
  const context = await browser.newContext({ permissions: ['camera', 'microphone', 'clipboard-read', 'clipboard-write'] });
  await context.addCookies([{ name: 'reelay_session', value: session, url, httpOnly: true, sameSite: 'Lax' }]);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(url);

  /** records `ms`, sampling along the way; the link, and the time from Stop to its closed playlist */
  async function recordFor(ms, onSample) {
    await page.getByRole('button', { name: 'Start recording' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor({ timeout: 30_000 });
    const el = page.getByLabel('Share link').first();
    const link = (await el.getAttribute('href')) ?? (await el.inputValue());
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
    await page.getByRole('button', { name: 'Stop' }).click();
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
  await page.reload();
  const busy = Array.from({ length: BUSY }, () => spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
  const samples = [];
  let lastSeq = -1;
  const long = await recordFor(MINUTES * 60_000, async (seen) => {
    const stats = await page.evaluate(() => window.__reelayStats ?? null);
    const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const procs = tree(browserPid);
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
      jsHeapMb: mb(metrics.JSHeapUsedSize ?? 0),
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
  const rec = (await api('recordings.list', {})).value.find((r) => r.link === long.link);
  let scratchPeak = 0;
  const hdStart = Date.now();
  let hd = rec.backfill;
  while (HD && !['done', 'failed'].includes(hd.state) && Date.now() - hdStart < 4 * 3600_000) {
    scratchPeak = Math.max(scratchPeak, du(join(dataDir, 'recordings', rec.id, 'backfill')));
    await sleep(2000);
    hd = (await api('recordings.get', { id: rec.id })).value.backfill;
  }
  await browser.close();
  server.kill('SIGTERM');
  const first = samples[0];
  const lastSample = samples.at(-1);
  console.log(
    JSON.stringify(
      {
        benchmark: `long recording: ${MINUTES} min in server mode (Chromium, fake devices${BUSY ? `, ${BUSY} busy loops competing` : ''}), sampled every ${SAMPLE_MS / 1000} s`,
        timeToLinkMs: { tenSeconds: short.timeToLinkMs, long: long.timeToLinkMs },
        growth: first && lastSample ? { tabRendererMb: lastSample.tabRendererMb - first.tabRendererMb, browserTotalMb: lastSample.browserTotalMb - first.browserTotalMb, serverMb: lastSample.serverMb - first.serverMb } : null,
        hd: { state: hd.state, error: hd.error, minutes: Math.round((Date.now() - hdStart) / 6000) / 10, scratchPeakMb: mb(scratchPeak) },
        samples,
      },
      null,
      2,
    ),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
