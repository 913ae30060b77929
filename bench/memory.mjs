#!/usr/bin/env node
// Where the recording tab's memory goes (issue 12). Records in server mode (the real out/main/server.js)
// in Debian's Chromium with fake devices, driven over raw CDP with only Page and Runtime (Playwright keeps
// DevTools' Network agent on, which is not what a user's browser runs), and every --sample-seconds takes
// Chromium's own memory dump (memory-infra, through Tracing) of the tab by allocator, with its mappings
// from /proc (anonymous, shared memory). Found with it: 450 MB of camera frames in the software canvas's
// image cache (capture/frame-canvas.ts says why they are no longer drawn that way).
// Usage: node bench/memory.mjs [--minutes 10] [--sample-seconds 120] [--network]   (after a build; JSON on stdout)
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { launchChromium, processTree, relaunchedForWebSocket, sleep, startServer } from './support/raw-chromium.mjs';

if (!relaunchedForWebSocket()) await main();

async function main() {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i === -1 ? fallback : process.argv[i + 1];
  };
  const MINUTES = Number(arg('minutes', 10));
  const SAMPLE_MS = Number(arg('sample-seconds', 120)) * 1000;
  const NETWORK = process.argv.includes('--network');
  const log = (m) => process.stderr.write(`memory: ${m}\n`);
  const mb = (n) => Math.round(n * 10) / 10;

  const server = await startServer('memory', { email: 'memory@example.test', password: 'memory-password-1' });
  const chrome = await launchChromium();
  try {
    const { page, browser, evaluate, click } = chrome;
    await page.send('Network.setCookie', { name: 'reelay_session', value: server.session, url: server.url, httpOnly: true });
    if (NETWORK) await page.send('Network.enable');
    await chrome.navigate(server.url);
    await click('Start recording');
    log(`recording (${NETWORK ? 'with' : 'without'} DevTools' Network agent)`);

    const samples = [];
    const t0 = Date.now();
    for (let i = 0; ; i++) {
      await sleep(i === 0 ? 60_000 : SAMPLE_MS);
      const tab = tabRenderer(chrome.pid);
      const dump = await memoryDump(browser);
      const app = JSON.parse((await evaluate(`JSON.stringify((() => { const s = window.__reelayStats; return s ? { framesCaptured: s.framesCaptured, framesEncoded: s.framesEncoded, framesDropped: s.framesDropped, segments: s.segments.length } : null; })())`)) ?? 'null');
      const heap = await evaluate('performance.memory.usedJSHeapSize / 1048576');
      const a = (tab && dump[tab.pid]) ?? {};
      const sample = {
        minute: mb((Date.now() - t0) / 60_000),
        load: mb(loadavg()[0]),
        tab: tab ? { rssMb: mb(tab.rss), anonymousMb: mb(tab.maps.anon ?? 0), sharedMemoryMb: mb(tab.maps.shared ?? 0) } : null,
        tabAllocatorsMb: Object.fromEntries(['cc/image_memory', 'discardable', 'malloc', 'partition_alloc', 'partition_alloc/partitions/array_buffer', 'v8', 'blink_gc', 'shared_memory'].map((k) => [k, mb(a[k] ?? 0)])),
        browserDiscardableMb: mb(dump[chrome.pid]?.global ?? 0),
        jsHeapMb: mb(heap),
        app,
      };
      samples.push(sample);
      log(JSON.stringify(sample));
      if (Date.now() - t0 >= MINUTES * 60_000) break;
    }
    await click('Stop');
    const first = samples[0];
    const last = samples.at(-1);
    console.log(JSON.stringify({
      benchmark: `the recording tab's memory over ${MINUTES} minutes (raw CDP, ${NETWORK ? 'with' : 'without'} DevTools' Network agent), Chromium's memory dumps by allocator`,
      samples,
      tabGrowthMb: first.tab && last.tab ? { rss: mb(last.tab.rssMb - first.tab.rssMb), anonymous: mb(last.tab.anonymousMb - first.tab.anonymousMb), sharedMemory: mb(last.tab.sharedMemoryMb - first.tab.sharedMemoryMb) } : null,
    }, null, 2));
  } finally {
    await chrome.close();
    await server.close();
  }
}

/** Chromium's memory dump of every process: { pid: { allocator: MB } } for the top allocators */
async function memoryDump(browser) {
  const complete = browser.once('Tracing.tracingComplete');
  await browser.send('Tracing.start', { traceConfig: { includedCategories: ['disabled-by-default-memory-infra'], memoryDumpConfig: { triggers: [] } }, transferMode: 'ReturnAsStream' });
  await browser.send('Tracing.requestMemoryDump', { deterministic: true, levelOfDetail: 'detailed' });
  await browser.send('Tracing.end');
  const { stream } = await complete;
  let data = '';
  for (;;) {
    const c = (await browser.send('IO.read', { handle: stream, size: 1 << 20 })).result;
    data += c.base64Encoded ? Buffer.from(c.data, 'base64').toString() : c.data;
    if (c.eof) break;
  }
  await browser.send('IO.close', { handle: stream });
  const parsed = JSON.parse(data);
  const byPid = {};
  for (const e of parsed.traceEvents ?? parsed) {
    const allocators = e.ph === 'v' ? e.args?.dumps?.allocators : undefined;
    if (!allocators) continue;
    const sizes = {};
    for (const [name, v] of Object.entries(allocators)) {
      if (name.split('/').length > 3 || !v.attrs?.size) continue;
      sizes[name] = Number.parseInt(v.attrs.size.value, 16) / 2 ** 20;
    }
    byPid[e.pid] = sizes;
  }
  return byPid;
}

/** the recording tab: the renderer with the most resident memory, its mappings grouped */
function tabRenderer(browserPid) {
  let best = null;
  for (const { pid, cmd } of processTree(browserPid)) {
    if (!cmd.includes('--type=renderer')) continue;
    const maps = { anon: 0, shared: 0 };
    let rss = 0;
    let kind = null;
    try {
      for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
        const m = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
        if (m) { kind = m[1] === '' ? 'anon' : m[1].startsWith('/memfd:') || m[1].startsWith('/dev/shm') ? 'shared' : null; continue; }
        const r = /^Rss:\s+(\d+) kB/.exec(line);
        if (r) { rss += Number(r[1]) / 1024; if (kind) maps[kind] += Number(r[1]) / 1024; }
      }
    } catch { continue; }
    if (!best || rss > best.rss) best = { pid, rss, maps };
  }
  return best;
}
