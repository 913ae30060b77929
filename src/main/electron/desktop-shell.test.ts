// The desktop composition root (src/main/index.ts) run in plain Node against a stand-in 'electron'
// module: it starts the core and the share server, wires the IPC adapter, the window, permissions,
// the screen picker, the tray and the shortcut, and quits cleanly. What only a real Electron can
// show (rendering, capture) is the job of e2e/electron.spec.ts.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, fake } from './testing/fake-electron';
import type { ApiResult } from '../../shared/api';
import type { Recording } from '../../shared/domain';

vi.mock('electron', () => import('./testing/fake-electron'));

const appUrl = pathToFileURL(resolve(__dirname, '../../renderer/index.html')).href;
let port: number;
let win: BrowserWindow;

const call = (method: string, input: unknown, url = appUrl): Promise<ApiResult<unknown>> =>
  fake.ipcHandlers.get('reelay:call')!({ senderFrame: { url, parent: null } }, method, input) as Promise<ApiResult<unknown>>;

async function until<T>(what: () => T | undefined | null | false, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = what();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  const appData = mkdtempSync(join(tmpdir(), 'reelay-shell-'));
  port = await new Promise<number>((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => ok(p));
    });
  });
  mkdirSync(join(appData, 'Reelay'));
  writeFileSync(join(appData, 'Reelay', 'share-server.json'), JSON.stringify({ port }));
  fake.app.paths['appData'] = appData;
  process.env['REELAY_E2E_AUTO_PICK'] = '1';
  await import('../index');
  fake.app.becomeReady();
  win = await until(() => BrowserWindow.getAllWindows()[0]);
  await until(() => !win.webContents.isLoading());
});

afterAll(() => {
  delete process.env['REELAY_E2E_AUTO_PICK'];
});

describe('the desktop shell', () => {
  it('keeps its data in …/Reelay and opens a locked-down window on the built renderer', () => {
    expect(fake.app.getPath('userData')).toBe(join(fake.app.paths['appData']!, 'Reelay'));
    expect(win.webContents.getURL()).toBe(appUrl);
    const prefs = win.options['webPreferences'] as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(String(prefs['preload'])).toMatch(/preload[\\/]index\.js$/);
  });

  it('answers the contract over IPC for our page only, with errors as data', async () => {
    const info = await call('app.info', {});
    expect(info).toEqual({ ok: true, value: expect.objectContaining({ shell: 'electron', shareBaseUrl: `http://127.0.0.1:${port}`, storage: 'local' }) });
    expect(await call('app.info', {}, 'https://evil.example/')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call('app.info', {}, pathToFileURL('/tmp/other.html').href)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const iframe = await fake.ipcHandlers.get('reelay:call')!({ senderFrame: { url: appUrl, parent: {} } }, 'app.info', {});
    expect(iframe).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call('recordings.get', { id: '../x' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await call('no.such', {})).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await fake.ipcHandlers.get('reelay:call')!({ senderFrame: { url: appUrl, parent: null } }, 42, {})).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const settings = (await call('settings.get', {})) as { ok: true; value: { secretStore: string } };
    expect(settings.value.secretStore).toBe('file'); // the stand-in has no OS keychain
  });

  it('forwards core events to the window, and the tray follows the recording', async () => {
    const created = (await call('recordings.create', { width: 1280, height: 720, fps: 30 })) as { ok: true; value: Recording };
    expect(created.value.link).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/v/`));
    win.webContents.sent.length = 0;
    expect(await call('recordings.start', { id: created.value.id })).toMatchObject({ ok: true });
    const updates = win.webContents.sent.filter((m) => m.channel === 'reelay:event' && m.args[0] === 'recording-updated');
    expect(updates.length).toBeGreaterThan(0);
    const tray = fake.trays[0]!;
    const item = (label: string): { enabled?: boolean } => (tray.menu as { label?: string; enabled?: boolean }[]).find((i) => i.label === label)!;
    expect(item('Stop recording').enabled).toBe(true);
    expect(tray.tooltip).toBe('Reelay: recording');

    // the page records: closing its window only hides it
    win.close();
    expect(win.isDestroyed()).toBe(false);

    expect(await call('recordings.cancel', { id: created.value.id })).toMatchObject({ ok: true });
    expect(item('Start recording').enabled).toBe(true);
  });

  it('the shortcut and the tray send commands to the page, lending it the user gesture', async () => {
    win.webContents.sent.length = 0;
    fake.shortcuts.get('CommandOrControl+Alt+R')!();
    await until(() => win.webContents.sent.length > 0);
    expect(win.webContents.sent).toEqual([{ channel: 'reelay:event', args: ['shell-command', { command: 'toggle-recording' }] }]);
    expect(win.webContents.gestures.length).toBe(1);
    const tray = fake.trays[0]!.menu as { label?: string; click?: () => void }[];
    tray.find((i) => i.label === 'Open library')!.click!();
    await until(() => win.webContents.sent.length > 1);
    expect(win.webContents.sent[1]).toEqual({ channel: 'reelay:event', args: ['shell-command', { command: 'open-library' }] });
    expect(win.isVisible()).toBe(true);
  });

  it('a guest\'s comment on a link of the app shows a system notification; its click opens the library', async () => {
    const created = (await call('recordings.create', { title: 'Desk demo', width: 1280, height: 720, fps: 30 })) as { ok: true; value: Recording };
    expect(await call('recordings.start', { id: created.value.id })).toMatchObject({ ok: true });
    const origin = new URL(created.value.link).origin;
    const res = await fetch(`${created.value.link}/comments`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'comment', atSec: 0, body: 'Looks good', name: 'Dana' }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const shown = await until(() => fake.notifications.find((n) => n.shown));
    expect(shown.options).toEqual({ title: 'New comment on “Desk demo”', body: 'Dana: Looks good' });
    win.webContents.sent.length = 0;
    shown.emit('click');
    await until(() => win.webContents.sent.length > 0);
    expect(win.webContents.sent).toContainEqual({ channel: 'reelay:event', args: ['shell-command', { command: 'open-library' }] });
    expect(await call('recordings.cancel', { id: created.value.id })).toMatchObject({ ok: true });
  });

  it('Reveal in folder: the shell shows the recording\'s folder in the data folder, and nothing for an unknown id', async () => {
    const created = (await call('recordings.create', { title: 'Reveal me', width: 1280, height: 720, fps: 30 })) as { ok: true; value: Recording };
    expect(await call('recordings.start', { id: created.value.id })).toMatchObject({ ok: true });
    fake.shownInFolder.length = 0;
    expect(await call('recordings.reveal', { id: created.value.id })).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining('Nothing of this recording is saved') } });
    const init = { id: created.value.id, rendition: 'live', codecs: 'avc1.640028,mp4a.40.2', width: 1280, height: 720, frameRate: 30, bitrate: 1_200_000, data: new Uint8Array(900) };
    expect(await call('recordings.putInit', init)).toMatchObject({ ok: true });
    const answer = await call('recordings.reveal', { id: created.value.id });
    const folder = join(fake.app.getPath('userData'), 'recordings', created.value.id);
    expect(answer).toEqual({ ok: true, value: { path: folder } });
    expect(fake.shownInFolder).toEqual([folder]);
    expect(await call('recordings.reveal', { id: 'AAAAAAAAAAAAAAAA' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await call('recordings.reveal', { id: created.value.id }, 'https://evil.example/')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(fake.shownInFolder).toEqual([folder]);
    expect(await call('recordings.cancel', { id: created.value.id })).toMatchObject({ ok: true });
  });

  it('grants camera, mic and screen to our page only', () => {
    const ask = (permission: string, requestingUrl: string, isMainFrame = true): boolean => {
      let granted: boolean | null = null;
      fake.session.permissionRequest!(win.webContents, permission, (g: boolean) => (granted = g), { requestingUrl, isMainFrame });
      return granted!;
    };
    expect(ask('media', appUrl)).toBe(true);
    expect(ask('display-capture', appUrl)).toBe(true);
    expect(ask('geolocation', appUrl)).toBe(false);
    expect(ask('media', 'https://evil.example/')).toBe(false);
    expect(ask('media', appUrl, false)).toBe(false);
    expect(fake.session.permissionCheck!(win.webContents, 'media', 'file:///', { isMainFrame: true })).toBe(true);
    expect(fake.session.permissionCheck!(null, 'media', 'https://x', { requestingUrl: 'https://x/', isMainFrame: true })).toBe(false);
  });

  it('answers getDisplayMedia with a screen (auto-pick in tests), and refuses other pages', async () => {
    fake.sources = [
      { id: 'window:7:0', name: 'Editor' },
      { id: 'screen:0:0', name: 'Entire screen' },
    ];
    const answer = (url: string, audioRequested: boolean): Promise<unknown> =>
      new Promise((ok) => fake.session.displayMedia!({ frame: { url, parent: null }, audioRequested, videoRequested: true }, ok));
    const audio = process.platform === 'win32' || process.platform === 'linux' ? { audio: 'loopback' } : {};
    expect(await answer(appUrl, true)).toEqual({ video: { id: 'screen:0:0', name: 'Entire screen' }, ...audio });
    expect(await answer(appUrl, false)).toEqual({ video: { id: 'screen:0:0', name: 'Entire screen' } });
    expect(await answer('https://evil.example/', true)).toBeNull();
  });

  it('keeps popups and navigation inside the rules', () => {
    expect(win.webContents.windowOpenHandler!({ url: 'https://example.com/help' })).toEqual({ action: 'deny' });
    expect(win.webContents.windowOpenHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    const nav = (url: string): boolean => {
      const event = { url, defaultPrevented: false, preventDefault(): void { this.defaultPrevented = true; } };
      win.webContents.emit('will-navigate', event);
      return event.defaultPrevented;
    };
    expect(nav('https://example.com/elsewhere')).toBe(true);
    expect(nav(`${appUrl}#/settings`)).toBe(false);
    expect(fake.openedExternally).toEqual(['https://example.com/help', 'https://example.com/elsewhere']);
  });

  it('serves share links, and quits cleanly', async () => {
    expect((await fetch(`http://127.0.0.1:${port}/v/AAAAAAAAAAAAAAAAAAAAAA`)).status).toBe(404);
    fake.app.quit();
    await until(() => fake.app.quitCalls === 2);
    await expect(fetch(`http://127.0.0.1:${port}/v/x`)).rejects.toThrow();
    expect(fake.trays[0]!.destroyed).toBe(true);
    expect(fake.ipcHandlers.has('reelay:call')).toBe(false);
    expect(fake.shortcuts.size).toBe(0);
    expect(fake.errorBoxes).toEqual([]);
  });
});
