// The IPC adapter: one channel for every contract method, one for events. Input is untrusted: the
// sender must be our app page, and `dispatch` validates the input against the contract's schema and
// returns errors as data. Electron is only imported as types, so this is tested with fakes in Node.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { IPC, type ApiResult, type EventName, type Events } from '../../shared/api';
import type { Dispatch } from '../core/api';
import type { EventHub } from '../core/events';
import { LOCAL } from '../core/accounts/principal';

export interface IpcAdapterOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  dispatch: Dispatch;
  events: Pick<EventHub, 'onAny'>;
  isAppUrl: (url: string) => boolean;
  /** every web contents that may be showing our app (BrowserWindow webContents) */
  webContents: () => readonly WebContents[];
  log?: (message: string, error?: unknown) => void;
}

const FORBIDDEN: ApiResult<never> = {
  ok: false,
  error: { code: 'forbidden', message: 'Only the Reelay app page may call the Reelay API.', retryable: false },
};

/** Is this invoke from the top frame of our app page (not an iframe, not a page it navigated to)? */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, isAppUrl: (url: string) => boolean): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  return isAppUrl(frame.url);
}

/** Sends a contract event to every window showing our app page. */
export function broadcast<E extends EventName>(targets: readonly WebContents[], isAppUrl: (url: string) => boolean, event: E, payload: Events[E]): void {
  for (const wc of targets) {
    if (wc.isDestroyed() || !isAppUrl(wc.getURL())) continue;
    wc.send(IPC.event, event, payload);
  }
}

/** Installs the adapter; returns its undo (used at quit). */
export function registerIpc(options: IpcAdapterOptions): () => void {
  const log = options.log ?? (() => undefined);
  options.ipcMain.handle(IPC.call, async (event, method: unknown, input: unknown): Promise<ApiResult<unknown>> => {
    if (!isTrustedSender(event, options.isAppUrl)) {
      log(`IPC call refused from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
      return FORBIDDEN;
    }
    if (typeof method !== 'string') {
      return { ok: false, error: { code: 'invalid-input', message: 'The method name must be a string.', retryable: false } };
    }
    return options.dispatch(method, input, LOCAL); // the desktop app's own window: its user
  });
  const stopEvents = options.events.onAny((event, payload) => {
    try {
      broadcast(options.webContents(), options.isAppUrl, event, payload);
    } catch (e) {
      log(`could not forward ${event}`, e);
    }
  });
  return () => {
    stopEvents();
    options.ipcMain.removeHandler(IPC.call);
  };
}
