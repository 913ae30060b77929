// getApi(): the contract client for wherever the app runs. Under Electron the preload exposes
// window.reelay; served by `npm run serve`, the same app talks HTTP to its own origin.
import type { ReelayApi } from '../../../shared/api';
import { wrapPreloadApi } from './electron-client';
import { createHttpApi } from './http-client';

declare global {
  interface Window {
    reelay?: ReelayApi;
  }
}

let api: ReelayApi | null = null;

/** One client per page: the HTTP client holds the page's only EventSource. */
export function getApi(): ReelayApi {
  api ??= typeof window !== 'undefined' && window.reelay ? wrapPreloadApi(window.reelay) : createHttpApi();
  return api;
}

export { createHttpApi } from './http-client';
