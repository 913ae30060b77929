// createApi(core): the one implementation of the ReelayApi contract. Adapters (IPC, HTTP) call
// `dispatch` with untrusted input; it validates against the contract's schema and returns errors as data.
import { methods, type ApiResult, type MethodInput, type MethodName, type MethodOutput } from '../../shared/api';
import { toApiError } from './errors';
import type { Core } from './index';

type Handlers = { [M in MethodName]: (input: MethodInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>> };

export function createHandlers(core: Core): Handlers {
  const r = core.recordings;
  return {
    'app.info': () => core.info(),
    'recordings.list': () => r.list(),
    'recordings.get': ({ id }) => r.get(id),
    'recordings.create': (input) => r.create(input),
    'recordings.start': ({ id }) => r.start(id),
    'recordings.pause': ({ id }) => r.pause(id),
    'recordings.resume': ({ id }) => r.resume(id),
    'recordings.stop': ({ id, durationMs }) => r.stop(id, durationMs),
    'recordings.cancel': ({ id }) => r.cancel(id),
    'recordings.rename': ({ id, title }) => r.rename(id, title),
    'recordings.delete': ({ id, from }) => r.delete(id, from),
    'recordings.retryBackfill': ({ id }) => {
      r.require(id);
      core.backfill.retry(id);
      return r.get(id);
    },
    'recordings.putInit': (input) => r.putInit(input),
    'recordings.putSegment': (input) => r.putSegment(input),
    'recordings.putMasterChunk': (input) => r.putMasterChunk(input),
    'settings.get': () => core.settings.get(),
    'settings.set': (patch) => core.setSettings(patch),
    'storage.test': (input) => core.testStorage(input),
  };
}

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}

export type Dispatch = (method: string, input: unknown) => Promise<ApiResult<unknown>>;

export function createApi(core: Core, log: (msg: string, e?: unknown) => void = () => undefined): Dispatch {
  const handlers = createHandlers(core);
  return async (method, input) => {
    if (!isMethodName(method)) {
      return { ok: false, error: { code: 'invalid-input', message: `Unknown method: ${String(method).slice(0, 80)}`, retryable: false } };
    }
    const parsed = methods[method].input.safeParse(input);
    if (!parsed.success) {
      const detail = parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.') || 'input'}: ${i.message}`)
        .join('; ');
      return { ok: false, error: { code: 'invalid-input', message: `Invalid ${method} request: ${detail}`, retryable: false } };
    }
    try {
      const handler = handlers[method] as (i: unknown) => unknown;
      return { ok: true, value: await handler(parsed.data) };
    } catch (e) {
      const error = toApiError(e);
      if (error.code === 'internal') log(`${method} failed`, e);
      return { ok: false, error };
    }
  };
}
