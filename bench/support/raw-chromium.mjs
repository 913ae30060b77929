// Server mode and Debian's Chromium for the long benchmarks, driven over raw CDP with only the domains
// asked for: Playwright keeps DevTools' Network agent on, whose buffers grow with every upload (found
// with bench/memory.mjs) and are not in a user's browser. Node 20 has WebSocket behind a flag:
// entry scripts start with `if (!relaunchedForWebSocket()) await main()`.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** true when this process re-ran itself with the flag (its exit code is the child's) */
export function relaunchedForWebSocket() {
  if (typeof WebSocket !== 'undefined') return false;
  const child = spawn(process.execPath, ['--experimental-websocket', ...process.argv.slice(1)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 1));
  return true;
}

/** the built server (out/main/server.js) on a fresh data folder, signed in as its owner */
export async function startServer(name, owner) {
  const dataDir = mkdtempSync(join(tmpdir(), `reelay-${name}-`));
  const server = spawn(process.execPath, [resolve('out/main/server.js'), '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, REELAY_OWNER_EMAIL: owner.email, REELAY_OWNER_PASSWORD: owner.password } });
  let out = '';
  server.stdout.on('data', (d) => (out += d));
  server.stderr.on('data', (d) => (out += d));
  const BANNER = /Reelay server mode: (http:\/\/127\.0\.0\.1:\d+)/;
  for (let i = 0; !BANNER.test(out); i++) {
    if (i > 600 || server.exitCode !== null) throw new Error(`the server did not start:\n${out}`);
    await sleep(100);
  }
  const url = BANNER.exec(out)[1];
  const signIn = await fetch(`${url}/api/auth/sign-in`, { method: 'POST', headers: { origin: url, 'content-type': 'application/json' }, body: JSON.stringify(owner) });
  const session = /reelay_session=([^;]+)/.exec(signIn.headers.get('set-cookie') ?? '')?.[1];
  if (!session) throw new Error(`sign-in failed: ${signIn.status}`);
  const api = async (method, input) => {
    const body = await fetch(`${url}/api/call/${method}`, { method: 'POST', headers: { origin: url, cookie: `reelay_session=${session}`, 'content-type': 'application/json' }, body: JSON.stringify(input) }).then((r) => r.json());
    if (!body.ok) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
    return body.value;
  };
  return {
    url,
    session,
    dataDir,
    pid: server.pid,
    api,
    close: async () => {
      server.kill('SIGTERM');
      await sleep(500);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** headless Chromium with fake camera, mic and screen; its first tab and the browser, over CDP */
export async function launchChromium() {
  const executable = process.env.REELAY_CHROMIUM ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  const userDir = mkdtempSync(join(tmpdir(), 'reelay-browser-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const chrome = spawn(executable, ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream=fps=30', '--disable-background-timer-throttling', '--disable-renderer-backgrounding', `--remote-debugging-port=${port}`, `--user-data-dir=${userDir}`, 'about:blank'], { stdio: 'ignore' });
  let targets = null;
  for (let i = 0; i < 150 && !targets; i++) {
    await sleep(200);
    targets = await fetch(`http://127.0.0.1:${port}/json/list`).then((r) => r.json(), () => null);
  }
  if (!targets) throw new Error(`Chromium (${executable}) did not open its debugging port`);
  const version = await fetch(`http://127.0.0.1:${port}/json/version`).then((r) => r.json());
  const page = await connect(targets.find((t) => t.type === 'page').webSocketDebuggerUrl);
  const browser = await connect(version.webSocketDebuggerUrl);
  const evaluate = async (expression) => {
    const r = (await page.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true })).result;
    if (r?.exceptionDetails) throw new Error(`in the page: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r?.result?.value;
  };
  /** clicks the enabled button named `name`, waiting up to a minute for it */
  const click = async (name) => {
    const ok = await evaluate(`(async () => { for (let i = 0; i < 600; i++) { const b = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === ${JSON.stringify(name)} || b.getAttribute('aria-label') === ${JSON.stringify(name)}); if (b && !b.disabled) { b.click(); return true; } await new Promise((r) => setTimeout(r, 100)); } return false; })()`);
    if (!ok) throw new Error(`no "${name}" button in the page`);
  };
  /** until `expression` is truthy in the page (checked every 100 ms, up to `timeoutMs`) */
  const waitFor = async (expression, timeoutMs = 60_000) => {
    const ok = await evaluate(`(async () => { const end = Date.now() + ${timeoutMs}; while (Date.now() < end) { try { if (${expression}) return true; } catch {} await new Promise((r) => setTimeout(r, 100)); } return false; })()`);
    if (!ok) throw new Error(`waited ${timeoutMs} ms for ${expression}`);
  };
  const navigate = async (url) => {
    const loaded = page.once('Page.loadEventFired');
    await page.send('Page.navigate', { url });
    await loaded;
  };
  await page.send('Page.enable');
  return {
    pid: chrome.pid,
    page,
    browser,
    evaluate,
    click,
    waitFor,
    navigate,
    close: async () => {
      chrome.kill('SIGKILL');
      await sleep(500);
      rmSync(userDir, { recursive: true, force: true });
    },
  };
}

/** a CDP connection: send(method, params) answers the whole message; once(event) its params */
async function connect(wsUrl) {
  const ws = new WebSocket(wsUrl);
  let id = 0;
  const pending = new Map();
  const listeners = new Set();
  ws.addEventListener('message', (e) => {
    const m = JSON.parse(e.data);
    if (m.id && pending.has(m.id)) {
      pending.get(m.id)(m);
      pending.delete(m.id);
    } else if (m.method) listeners.forEach((l) => l(m));
  });
  await new Promise((r) => ws.addEventListener('open', r));
  return {
    send: (method, params = {}) => new Promise((r) => { const i = ++id; pending.set(i, r); ws.send(JSON.stringify({ id: i, method, params })); }),
    once: (method) => new Promise((r) => { const l = (m) => { if (m.method === method) { listeners.delete(l); r(m.params); } }; listeners.add(l); }),
  };
}

/** every process under `root`, with its command line and resident memory (bytes) */
export function processTree(root) {
  const children = (pid) => { try { return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number); } catch { return []; } };
  const out = [];
  const walk = (pid) => {
    let cmd = '';
    try { cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '); } catch { return; }
    out.push({ pid, cmd, rss: rssOf(pid) });
    for (const c of children(pid)) walk(c);
  };
  walk(root);
  return out;
}

export function rssOf(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
