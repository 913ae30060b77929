// window.reelay: the contract over IPC, and nothing else (never ipcRenderer itself). No logic lives
// here: main validates every call, the renderer owns the UI. This file runs in a sandboxed preload,
// which can require only 'electron': it imports nothing that pulls a package at run time.
import { contextBridge, ipcRenderer } from 'electron';
import { EVENT_NAMES, IPC, type ApiError, type ApiResult, type EventName } from '../shared/transport';
import type { ReelayApi } from '../shared/api';

type Listener = (payload: unknown) => void;
const listeners = new Map<EventName, Set<Listener>>();

// one IPC listener for every subscription (no MaxListeners warnings, one place that filters)
ipcRenderer.on(IPC.event, (_event, name: unknown, payload: unknown) => {
  const set = typeof name === 'string' ? listeners.get(name as EventName) : undefined;
  if (!set) return;
  for (const listener of [...set]) {
    try {
      listener(payload);
    } catch (e) {
      console.error(`[reelay] a '${name as string}' listener threw`, e);
    }
  }
});

const isEventName = (name: unknown): name is EventName => typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name);

/**
 * A failed call rejects with a plain `{ name: 'ReelayCallError', code, message, retryable }`: the
 * context bridge copies an Error's message only (its other properties are lost on the way to the
 * page), while a plain object arrives whole. The renderer's getApi() turns it back into a
 * ReelayCallError of its own realm.
 */
function callError(error: ApiError): ApiError & { name: 'ReelayCallError' } {
  return { name: 'ReelayCallError', code: error.code, message: error.message, retryable: error.retryable };
}

const api: ReelayApi = {
  async call(method, input) {
    let result: ApiResult<unknown>;
    try {
      result = (await ipcRenderer.invoke(IPC.call, method, input)) as ApiResult<unknown>;
    } catch (e) {
      // only when main itself failed to answer (it returns errors as data otherwise)
      throw callError({ code: 'internal', message: `Reelay's main process did not answer: ${e instanceof Error ? e.message : String(e)}`, retryable: true });
    }
    if (result.ok) return result.value as never;
    throw callError(result.error);
  },
  on(event, listener) {
    if (!isEventName(event)) throw new TypeError(`Unknown Reelay event: ${String(event)}`);
    if (typeof listener !== 'function') throw new TypeError('The listener must be a function.');
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    const entry: Listener = (payload) => listener(payload as never);
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  },
};

contextBridge.exposeInMainWorld('reelay', api);
