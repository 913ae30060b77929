// The desktop app end to end: the built app (out/) in Electron with fake camera, mic and screen —
// record ~5 s, Stop, and the share link serves a finished HLS stream; the link still works after a
// restart. Needs the Electron binary, whose download needs the internet: without it these skip and
// say so. The checks on the built bundles run everywhere.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import type { Recording } from '../src/shared/domain';
import { LOCAL_LINK, readShareLink } from './support/app';

const ROOT = resolve(__dirname, '..');

/** The binary `require('electron')` would name — found without requiring it (that starts a download). */
function electronBinary(): { path: string; missing?: undefined } | { path?: undefined; missing: string } {
  const pkg = join(ROOT, 'node_modules/electron');
  const pathTxt = join(pkg, 'path.txt');
  if (!existsSync(pathTxt)) return { missing: `${pathTxt} does not exist` };
  const exe = process.env['ELECTRON_OVERRIDE_DIST_PATH']
    ? join(process.env['ELECTRON_OVERRIDE_DIST_PATH'], readFileSync(pathTxt, 'utf8').trim())
    : join(pkg, 'dist', readFileSync(pathTxt, 'utf8').trim());
  return existsSync(exe) ? { path: exe } : { missing: `${exe} does not exist` };
}

function whyNotRunnable(): string | null {
  const bin = electronBinary();
  if (bin.missing !== undefined) return `Electron binary not installed (its download needs the internet): ${bin.missing}`;
  if (process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']) {
    return 'no display for Electron windows: run the tests under xvfb-run (or set DISPLAY)';
  }
  return null;
}

const skipReason = whyNotRunnable();
if (skipReason) console.warn(`[e2e/electron] skipped: ${skipReason}`);

describe('the built desktop bundles', () => {
  it('the preload requires nothing but electron (a sandboxed preload can load no packages)', () => {
    const preload = readFileSync(join(ROOT, 'out/preload/index.js'), 'utf8');
    const required = [...preload.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect(required).toEqual(['electron']);
    expect(preload).toContain('exposeInMainWorld');
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\s*\)/);
  });

  it('the main bundle loads the preload and the renderer from out/', () => {
    const main = readFileSync(join(ROOT, 'out/main/index.js'), 'utf8');
    expect(main).toContain('../preload/index.js');
    expect(main).toContain('../renderer/index.html');
    expect(main).toContain('setDisplayMediaRequestHandler');
    expect(main).toContain('requestSingleInstanceLock');
  });
});

async function launch(userDataDir: string): Promise<{ app: ElectronApplication; page: Page; output: () => string }> {
  const app = await _electron.launch({
    executablePath: electronBinary().path!,
    cwd: ROOT,
    args: [
      `--user-data-dir=${userDataDir}`,
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream=fps=30',
      '--autoplay-policy=no-user-gesture-required',
      '--disable-gpu',
      ...(process.platform === 'linux' && process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      ROOT, // the app: package.json "main" → out/main/index.js
    ],
    env: { ...process.env, REELAY_E2E_AUTO_PICK: '1', ELECTRON_ENABLE_LOGGING: '1' } as Record<string, string>,
    timeout: 60_000,
  });
  let out = '';
  app.process().stdout?.on('data', (d: Buffer) => (out += d.toString()));
  app.process().stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const page = await app.firstWindow();
  page.on('pageerror', (e) => console.error('[app page error]', e.message));
  return { app, page, output: () => out };
}

async function shareLink(page: Page): Promise<string> {
  const link = await readShareLink(page);
  expect(link).toMatch(LOCAL_LINK);
  return link;
}

/** the media playlist of the first variant master.m3u8 lists, or null while something is missing */
async function mediaPlaylist(link: string): Promise<string | null> {
  const master = await fetch(`${link}/master.m3u8`);
  if (!master.ok) return null;
  const uri = (await master.text()).split('\n').find((l) => l.trim() !== '' && !l.startsWith('#'));
  if (!uri) return null;
  const media = await fetch(new URL(uri.trim(), `${link}/master.m3u8`));
  return media.ok ? media.text() : null;
}

const FLOW = 'the desktop app: record → Stop → the link plays (Electron, fake devices)';
describe.skipIf(skipReason !== null)(skipReason ? `${FLOW} — SKIPPED: ${skipReason}` : FLOW, () => {
  let userDataDir: string | null = null;
  let running: ElectronApplication | null = null;
  afterAll(async () => {
    await running?.close().catch(() => undefined);
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  it('records ~5 s, the link has a finished stream, and the link survives a restart', async () => {
    userDataDir = mkdtempSync(join(tmpdir(), 'reelay-electron-e2e-'));
    const first = await launch(userDataDir);
    running = first.app;
    const { page } = first;

    // the page gets exactly the contract, and no Node
    const surface = await page.evaluate(() => {
      const w = globalThis as unknown as Record<string, unknown>;
      return { reelay: Object.keys((w['reelay'] ?? {}) as object).sort(), require: typeof w['require'], process: typeof w['process'] };
    });
    expect(surface).toEqual({ reelay: ['call', 'on'], require: 'undefined', process: 'undefined' });

    await page.getByRole('button', { name: 'Start recording' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor({ timeout: 30_000 });
    const link = await shareLink(page);
    await page.waitForTimeout(5000);
    await page.getByRole('button', { name: 'Stop' }).click();

    await expect.poll(async () => (await mediaPlaylist(link)) ?? '', { timeout: 30_000 }).toContain('#EXT-X-ENDLIST');

    // the same state through the preload and the IPC adapter
    const stateOf = (): Promise<string | undefined> =>
      page.evaluate(async (l) => {
        const api = (globalThis as unknown as { reelay: { call(m: string, i: unknown): Promise<Recording[]> } }).reelay;
        return (await api.call('recordings.list', {})).find((r) => r.link === l)?.state;
      }, link);
    await expect.poll(stateOf, { timeout: 30_000 }).toBe('ready');

    // an invalid call comes back as an error with its code
    const error = await page.evaluate(async () => {
      const api = (globalThis as unknown as { reelay: { call(m: string, i: unknown): Promise<unknown> } }).reelay;
      return api.call('recordings.get', { id: '../etc' }).then(
        () => null,
        (e: { code?: string }) => e.code ?? 'no code',
      );
    });
    expect(error).toBe('invalid-input');

    await first.app.close();
    running = null;

    // local links embed the share server's origin: a restart keeps the port
    const second = await launch(userDataDir);
    running = second.app;
    expect(await mediaPlaylist(link)).toContain('#EXT-X-ENDLIST');
    await second.app.close();
    running = null;
  });
});
