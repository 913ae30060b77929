// The main window: the app page in a sandboxed, context-isolated renderer whose only way out is the
// preload's window.reelay. Its CSP is the <meta> in src/renderer/index.html (file:// responses carry no
// headers to add one to).
import { BrowserWindow, shell } from 'electron';
import type { RendererTarget } from './app-url';
import { isExternalHttpUrl, openInBrowser } from './security';

export interface MainWindowOptions {
  target: RendererTarget;
  preload: string;
  isAppUrl: (url: string) => boolean;
  icon?: Electron.NativeImage;
  log: (message: string, error?: unknown) => void;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1120,
    height: 760,
    minWidth: 720,
    minHeight: 520,
    show: false,
    title: 'Reelay',
    backgroundColor: '#111111',
    autoHideMenuBar: true,
    ...(options.icon ? { icon: options.icon } : {}),
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      navigateOnDragDrop: false,
      // capture, compositing and encoding run in this page: they must keep full speed while the
      // window is hidden or minimized (the user is recording another app)
      backgroundThrottling: false,
    },
  });
  win.once('ready-to-show', () => win.show());

  const wc = win.webContents;
  wc.on('will-navigate', (event) => {
    if (options.isAppUrl(event.url)) return; // a reload, or the dev server's HMR
    event.preventDefault();
    if (isExternalHttpUrl(event.url)) openInBrowser(shell, event.url, options.log);
  });
  let reloads = 0; // a page that crashes as it loads must not reload forever
  wc.on('render-process-gone', (_e, details) => {
    options.log(`the app page's renderer is gone (${details.reason})`);
    if (details.reason === 'clean-exit' || win.isDestroyed() || reloads >= 3) return;
    reloads++;
    void load(win, options.target, options.log);
  });

  void load(win, options.target, options.log);
  return win;
}

async function load(win: BrowserWindow, target: RendererTarget, log: (m: string, e?: unknown) => void): Promise<void> {
  try {
    if (target.kind === 'url') await win.loadURL(target.url);
    else await win.loadFile(target.file);
  } catch (e) {
    log('could not load the app page', e);
  }
}
