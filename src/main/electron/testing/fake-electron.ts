// A small stand-in for the 'electron' module, enough to run the desktop composition root and the
// preload in plain Node (the Electron binary cannot be downloaded everywhere we test). It records
// what the shell asked for; it does not pretend to render anything.
import { EventEmitter } from 'node:events';

type Listener = (...args: unknown[]) => unknown;

export class FakeWebContents extends EventEmitter {
  url = '';
  destroyed = false;
  loading = true;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: ((d: { url: string }) => { action: string }) | null = null;
  mainFrame = { url: '', parent: null };
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getURL(): string {
    return this.url;
  }
  isLoading(): boolean {
    return this.loading;
  }
  readonly gestures: string[] = [];
  async executeJavaScript(code: string, userGesture?: boolean): Promise<unknown> {
    if (userGesture) this.gestures.push(code);
    return undefined;
  }
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }): void {
    this.windowOpenHandler = h;
  }
}

export class BrowserWindow extends EventEmitter {
  static all: BrowserWindow[] = [];
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.all.filter((w) => !w.destroyed);
  }
  readonly webContents = new FakeWebContents();
  destroyed = false;
  visible = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindow.all.push(this);
    fake.app.emit('web-contents-created', {}, this.webContents);
  }
  private loaded(url: string): Promise<void> {
    this.webContents.url = url;
    this.webContents.mainFrame.url = url;
    this.webContents.loading = false;
    queueMicrotask(() => {
      this.emit('ready-to-show');
      this.webContents.emit('did-finish-load');
    });
    return Promise.resolve();
  }
  loadFile(file: string): Promise<void> {
    return this.loaded(new URL(`file://${file}`).href);
  }
  loadURL(url: string): Promise<void> {
    return this.loaded(url);
  }
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  isVisible(): boolean {
    return this.visible;
  }
  focus(): void {}
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  isDestroyed(): boolean {
    return this.destroyed;
  }
  close(): void {
    const event = { defaultPrevented: false, preventDefault(): void { this.defaultPrevented = true; } };
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

class FakeApp extends EventEmitter {
  paths: Record<string, string> = { appData: '/nonexistent' };
  switches: Record<string, string> = {};
  name = 'Electron';
  isPackaged = false;
  quitCalls = 0;
  exitCode: number | null = null;
  private readyResolve!: () => void;
  private readonly ready = new Promise<void>((r) => (this.readyResolve = r));
  readonly commandLine = { getSwitchValue: (name: string): string => this.switches[name] ?? '' };
  setName(n: string): void {
    this.name = n;
  }
  setPath(name: string, value: string): void {
    this.paths[name] = value;
  }
  getAppPath(): string {
    return process.cwd();
  }
  getPath(name: string): string {
    const p = this.paths[name];
    if (!p) throw new Error(`no path ${name}`);
    return p;
  }
  requestSingleInstanceLock(): boolean {
    return true;
  }
  whenReady(): Promise<void> {
    return this.ready;
  }
  becomeReady(): void {
    this.readyResolve();
  }
  quit(): void {
    this.quitCalls++;
    const event = { defaultPrevented: false, preventDefault(): void { this.defaultPrevented = true; } };
    this.emit('before-quit', event);
    if (!event.defaultPrevented) this.emit('quit');
  }
  exit(code: number): void {
    this.exitCode = code;
  }
}

export const fake = {
  app: new FakeApp(),
  ipcHandlers: new Map<string, Listener>(),
  ipcRendererListeners: new Map<string, Listener[]>(),
  invoke: null as null | ((channel: string, ...args: unknown[]) => Promise<unknown>),
  exposed: new Map<string, unknown>(),
  shortcuts: new Map<string, Listener>(),
  openedExternally: [] as string[],
  /** every path shell.showItemInFolder was asked to show */
  shownInFolder: [] as string[],
  session: {
    permissionRequest: null as Listener | null,
    permissionCheck: null as Listener | null,
    displayMedia: null as Listener | null,
  },
  trays: [] as { menu: unknown; tooltip: string; destroyed: boolean }[],
  errorBoxes: [] as string[],
  sources: [] as { id: string; name: string }[],
  notifications: [] as Notification[],
};

export const app = fake.app;
export const ipcMain = {
  handle(channel: string, l: Listener): void {
    if (fake.ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`);
    fake.ipcHandlers.set(channel, l);
  },
  removeHandler(channel: string): void {
    fake.ipcHandlers.delete(channel);
  },
};
export const ipcRenderer = {
  invoke: (channel: string, ...args: unknown[]): Promise<unknown> => fake.invoke!(channel, ...args),
  on(channel: string, l: Listener): void {
    fake.ipcRendererListeners.set(channel, [...(fake.ipcRendererListeners.get(channel) ?? []), l]);
  },
};
export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown): void {
    fake.exposed.set(key, api);
  },
};
export const session = {
  defaultSession: {
    setPermissionRequestHandler: (h: Listener): void => void (fake.session.permissionRequest = h),
    setPermissionCheckHandler: (h: Listener): void => void (fake.session.permissionCheck = h),
    setDisplayMediaRequestHandler: (h: Listener): void => void (fake.session.displayMedia = h),
  },
};
export const safeStorage = {
  isEncryptionAvailable: (): boolean => false,
  getSelectedStorageBackend: (): string => 'basic_text',
  encryptString: (s: string): Buffer => Buffer.from(s),
  decryptString: (b: Buffer): string => b.toString(),
};
export const shell = {
  openExternal: async (url: string): Promise<void> => void fake.openedExternally.push(url),
  showItemInFolder: (path: string): void => void fake.shownInFolder.push(path),
};
export const globalShortcut = {
  register: (acc: string, cb: Listener): boolean => (fake.shortcuts.set(acc, cb), true),
  unregisterAll: (): void => fake.shortcuts.clear(),
};
export const dialog = { showErrorBox: (title: string, body: string): void => void fake.errorBoxes.push(`${title}: ${body}`) };
export const desktopCapturer = {
  getSources: async (): Promise<unknown[]> =>
    fake.sources.map((s) => ({ ...s, display_id: '', appIcon: null, thumbnail: { isEmpty: () => true, toJPEG: () => Buffer.alloc(0) } })),
};
const image = { resize: () => image, isEmpty: () => false };
/** a system notification: kept in fake.notifications; `shown` once show() ran */
export class Notification extends EventEmitter {
  static isSupported(): boolean {
    return true;
  }
  shown = false;
  constructor(readonly options: { title: string; body: string }) {
    super();
    fake.notifications.push(this);
  }
  show(): void {
    this.shown = true;
  }
}
export const nativeImage = { createFromDataURL: () => image };
export const Menu = { buildFromTemplate: (t: unknown) => t };
export class Tray extends EventEmitter {
  private readonly state = { menu: null as unknown, tooltip: '', destroyed: false };
  constructor() {
    super();
    fake.trays.push(this.state);
  }
  setToolTip(t: string): void {
    this.state.tooltip = t;
  }
  setContextMenu(m: unknown): void {
    this.state.menu = m;
  }
  destroy(): void {
    this.state.destroyed = true;
  }
}
export default { app, BrowserWindow, contextBridge, desktopCapturer, dialog, globalShortcut, ipcMain, ipcRenderer, Menu, nativeImage, Notification, safeStorage, session, shell, Tray };

export const net = {
  online: true,
  isOnline(): boolean {
    return net.online;
  },
};
