// ReelayApi over HTTP, for server mode (any browser on the same origin as `npm run serve`).
//   call:   POST /api/call/<method>; JSON body, or for binary methods the raw bytes of `data` with the
//           other fields JSON- then URI-encoded in the x-reelay-args header. Always answers ApiResult.
//   events: EventSource /api/events, one SSE event per contract event.
import {
  EVENT_NAMES,
  HTTP,
  ReelayCallError,
  methods,
  unwrap,
  type ApiResult,
  type EventName,
  type Events,
  type MethodInput,
  type MethodName,
  type MethodOutput,
  type ReelayApi,
} from '../../../shared/api';
import { SIGNED_OUT_EVENT } from './auth-client';

export interface EventSourceLike {
  /** 'open' fires at every (re)connection, with a plain Event */
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}

export interface HttpApiOptions {
  /** '' for same origin */
  baseUrl?: string;
  fetch?: typeof fetch;
  openEvents?: (url: string) => EventSourceLike;
}

export function createHttpApi(options: HttpApiOptions = {}): ReelayApi {
  const base = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const openEvents = options.openEvents ?? ((url) => new EventSource(url));
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  let source: EventSourceLike | null = null;

  function ensureEvents(): void {
    if (source) return;
    source = openEvents(`${base}${HTTP.events}`);
    // EventSource reconnects by itself; what was sent while it was away is gone
    let opened = 0;
    source.addEventListener('open', () => {
      if (opened++ > 0) for (const listener of listeners.get('events-resumed') ?? []) listener({} as never);
    });
    for (const name of EVENT_NAMES) {
      if (name === 'events-resumed') continue; // ours, never the server's
      source.addEventListener(name, (event) => {
        let payload: unknown;
        try {
          payload = JSON.parse(String(event.data));
        } catch {
          return; // a malformed event is dropped; the next list() brings the truth
        }
        for (const listener of listeners.get(name) ?? []) listener(payload as never);
      });
    }
  }

  return {
    async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
      const request = buildRequest(method, input);
      let response: Response;
      try {
        response = await doFetch(`${base}${HTTP.callPrefix}${method}`, request);
      } catch (error) {
        throw new ReelayCallError({ code: 'internal', message: `Reelay is unreachable (${messageOf(error)})`, retryable: true });
      }
      const result = await readResult<MethodOutput<M>>(response);
      // the session ended (signed out elsewhere, expired): the page asks to sign in again
      if (!result.ok && result.error.code === 'unauthorized' && typeof window !== 'undefined') window.dispatchEvent(new Event(SIGNED_OUT_EVENT));
      return unwrap(result);
    },

    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (payload: never) => void);
      ensureEvents();
      return () => {
        set.delete(listener as (payload: never) => void);
        if ([...listeners.values()].every((s) => s.size === 0)) {
          source?.close();
          source = null;
        }
      };
    },
  };
}

export function buildRequest<M extends MethodName>(method: M, input: MethodInput<M>): RequestInit {
  if (methods[method].binary) {
    const { data, ...args } = input as { data: Uint8Array } & Record<string, unknown>;
    return {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', [HTTP.argsHeader]: encodeURIComponent(JSON.stringify(args)) },
      body: data as Uint8Array<ArrayBuffer>,
    };
  }
  return { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) };
}

async function readResult<T>(response: Response): Promise<ApiResult<T>> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (isApiResult<T>(body)) return body;
  // Not our answer (a proxy's error page, a server restarting): retry what may be temporary.
  return {
    ok: false,
    error: { code: 'internal', message: `Unexpected answer from Reelay (HTTP ${response.status})`, retryable: response.status >= 500 || response.status === 0 },
  };
}

function isApiResult<T>(body: unknown): body is ApiResult<T> {
  if (typeof body !== 'object' || body === null || !('ok' in body)) return false;
  const b = body as { ok: unknown; error?: { code?: unknown; message?: unknown; retryable?: unknown } };
  if (b.ok === true) return 'value' in body;
  return b.ok === false && typeof b.error?.code === 'string' && typeof b.error.message === 'string' && typeof b.error.retryable === 'boolean';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
