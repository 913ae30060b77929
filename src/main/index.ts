// The desktop app's composition root: the same core as server mode, the share server on 127.0.0.1,
// the IPC adapter for the contract, the main window, the screen picker, the tray and the shortcut.
// Electron is imported here and in ./electron only.
import { join } from 'node:path';
import { app, BrowserWindow, dialog, globalShortcut, ipcMain, safeStorage, session, shell } from 'electron';
import { startCore, type Core } from './core';
import { createApi } from './core/api';
import { createHttpApp } from './core/share/http-server';
import { createAppUrlMatcher, rendererTarget } from './electron/app-url';
import { registerIpc } from './electron/ipc';
import { createSecretStore } from './electron/secrets';
import { hardenAllWebContents, hardenSession } from './electron/security';
import { startShareServer, type ShareServer } from './electron/share-server';
import { installDisplayMediaHandler } from './electron/source-picker';
import { createMainWindow } from './electron/window';
import { appIcon, trayIcon } from './electron/icon';
import { createAppTray, type AppTray } from './electron/tray';
import { registerRecordingShortcut } from './electron/shortcut';
import { electronSqliteBinding } from './electron/native-binding';
import { watchNetwork } from './electron/network';
import { ActiveRecordings } from './electron/active-recordings';
import { createMainWindowController } from './electron/main-window-controller';
import { createSystemNotifier } from './electron/notifications';
import { CommentNotifier } from './core/notifications/comment-notifier';
import { LOCAL } from './core/accounts/principal';
import { version } from '../../package.json';

const log = (message: string, error?: unknown): void => {
  console.error(`[reelay] ${message}${error instanceof Error ? `: ${error.stack ?? error.message}` : error === undefined ? '' : `: ${String(error)}`}`);
};

/**
 * The data folder is the one server mode defaults to (…/Reelay, see config/data-dir.ts), not the
 * package name's lower-case "reelay". `--user-data-dir` (tests, a second profile) wins. Must run
 * before 'ready' and before the single-instance lock, which is per data folder.
 */
function chooseDataDir(): void {
  app.setName('Reelay');
  const fromFlag = app.commandLine.getSwitchValue('user-data-dir');
  app.setPath('userData', fromFlag || join(app.getPath('appData'), 'Reelay'));
}

/** The core and the share server; the server listens first because its port is part of every link. */
async function startServices(dataDir: string): Promise<{ core: Core; share: ShareServer }> {
  let core: Core | null = null;
  const handler = createHttpApp({ core: () => core!, rendererDir: join(__dirname, '../renderer') });
  const share = await startShareServer({
    configFile: join(dataDir, 'share-server.json'),
    handler: (req, res) => (core ? handler(req, res) : res.writeHead(503).end('starting')),
    log,
  });
  const started = await startCore({
    dataDir,
    shell: 'electron',
    version,
    shareBaseUrl: share.origin,
    rendererDir: join(__dirname, '../renderer'),
    secretStore: createSecretStore(dataDir, safeStorage, process.platform, log),
    sqliteNativeBinding: electronSqliteBinding(app.getAppPath(), app.isPackaged),
    showItemInFolder: (path) => shell.showItemInFolder(path),
    log,
  });
  core = started;
  watchNetwork(started);
  return { core: started, share };
}

/** Which recordings capture right now, kept from the core's events (the tray shows Start or Stop). */
function followRecordings(core: Core, onChange: (recording: boolean) => void): ActiveRecordings {
  const active = new ActiveRecordings(onChange);
  for (const rec of core.recordings.list()) active.update(rec.id, rec.state);
  core.events.on('recording-updated', (rec) => active.update(rec.id, rec.state));
  core.events.on('recording-removed', ({ id }) => active.remove(id));
  return active;
}

async function main(): Promise<void> {
  chooseDataDir();
  if (!app.requestSingleInstanceLock()) {
    app.quit(); // the running instance shows its window ('second-instance' below)
    return;
  }
  hardenAllWebContents(app, shell, log);
  await app.whenReady();

  const target = rendererTarget(join(__dirname, '../renderer/index.html'), process.env['ELECTRON_RENDERER_URL'], app.isPackaged);
  const isAppUrl = createAppUrlMatcher(target);
  const { core, share } = await startServices(app.getPath('userData'));

  hardenSession(session.defaultSession, isAppUrl);
  let quitting = false;
  let tray: AppTray | null = null;
  const active = followRecordings(core, (recording) => tray?.setRecording(recording));
  const windows = createMainWindowController({
    create: () => createMainWindow({ target, preload: join(__dirname, '../preload/index.js'), isAppUrl, icon: appIcon(), log }),
    isRecording: () => active.any,
    isQuitting: () => quitting,
  });
  installDisplayMediaHandler(session.defaultSession, {
    isAppUrl,
    parent: windows.current,
    autoPick: !app.isPackaged && process.env['REELAY_E2E_AUTO_PICK'] === '1',
    platform: process.platform,
    log,
  });
  const disposeIpc = registerIpc({
    ipcMain,
    dispatch: createApi(core, log),
    events: core.events,
    isAppUrl,
    webContents: () => BrowserWindow.getAllWindows().map((w) => w.webContents),
    log,
  });

  windows.show();
  const shortcut = registerRecordingShortcut(globalShortcut, () => windows.command('toggle-recording', false), log);
  tray = createAppTray(
    trayIcon(process.platform),
    {
      startRecording: () => windows.command('start-recording', true),
      stopRecording: () => windows.command('stop-recording', false),
      openLibrary: () => windows.command('open-library', true),
      showWindow: () => void windows.show(),
      quit: () => app.quit(),
    },
    shortcut,
    log,
  );
  tray?.setRecording(active.any);
  // a new comment on one of the user's links: a system notification; its click opens the library
  const notifier = new CommentNotifier({ activity: core.activity, internal: core.internal, who: LOCAL, show: createSystemNotifier(() => windows.command('open-library', true)), log });
  notifier.start();

  app.on('second-instance', () => windows.show());
  app.on('activate', () => windows.show()); // macOS: the dock icon
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit(); // macOS apps live on in the menu bar
  });
  handleQuit(
    async () => {
      notifier.stop();
      globalShortcut.unregisterAll();
      tray?.destroy();
      disposeIpc();
      await share.close().catch((e: unknown) => log('share server close failed', e));
      await core.close().catch((e: unknown) => log('core close failed', e)); // requeues running backfill jobs
    },
    () => (quitting = true),
  );
}

/** Quit waits for the core: the upload queue finishes its current writes and the database closes. */
function handleQuit(shutdown: () => Promise<void>, onQuitting: () => void): void {
  let closed = false;
  let closing: Promise<void> | null = null;
  // a terminal's Ctrl+C or a session ending quits like the tray's Quit does
  process.on('SIGINT', () => app.quit());
  process.on('SIGTERM', () => app.quit());
  app.on('before-quit', (event) => {
    onQuitting();
    if (closed) return;
    event.preventDefault();
    if (closing) return;
    const forced = setTimeout(() => app.exit(0), 15_000); // never hang a quit on a stuck close
    closing = shutdown().finally(() => {
      clearTimeout(forced);
      closed = true;
      app.quit();
    });
  });
}

main().catch((e: unknown) => {
  log('could not start', e);
  dialog.showErrorBox('Reelay could not start', e instanceof Error ? e.message : String(e));
  app.exit(1);
});
