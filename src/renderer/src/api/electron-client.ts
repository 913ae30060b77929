// ReelayApi from the Electron preload (window.reelay). Errors that cross contextBridge lose their
// class, and Error objects lose their extra fields, so they are turned back into ReelayCallError.
import { ERROR_CODES, ReelayCallError, type ApiError, type ErrorCode, type ReelayApi } from '../../../shared/api';

export function wrapPreloadApi(bridge: ReelayApi): ReelayApi {
  return {
    call: async (method, input) => {
      try {
        return await bridge.call(method, input);
      } catch (error) {
        throw toCallError(error);
      }
    },
    on: (event, listener) => bridge.on(event, listener),
  };
}

export function toCallError(error: unknown): ReelayCallError {
  if (error instanceof ReelayCallError) return error;
  if (looksLikeApiError(error)) return new ReelayCallError({ code: error.code, message: error.message, retryable: error.retryable });
  const message = error instanceof Error ? error.message : String(error);
  // Electron prefixes remote errors: "Error invoking remote method 'reelay:call': ..."
  return new ReelayCallError({ code: 'internal', message, retryable: false });
}

function looksLikeApiError(value: unknown): value is ApiError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['code'] === 'string' && ERROR_CODES.includes(v['code'] as ErrorCode) && typeof v['message'] === 'string' && typeof v['retryable'] === 'boolean';
}
