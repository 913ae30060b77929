import { describe, expect, it } from 'vitest';
import { ReelayCallError } from '../../../shared/api';
import { createHttpApi, type EventSourceLike } from './http-client';

interface Seen {
  url: string;
  init: RequestInit;
}

function fakeFetch(respond: (seen: Seen) => Response | Promise<Response>) {
  const seen: Seen[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    const s = { url, init };
    seen.push(s);
    return respond(s);
  }) as unknown as typeof globalThis.fetch;
  return { fetch, seen };
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

class FakeEventSource implements EventSourceLike {
  listeners = new Map<string, ((e: MessageEvent) => void)[]>();
  closed = false;
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (e: MessageEvent) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.closed = true;
  }
  emit(type: string, data: string) {
    for (const l of this.listeners.get(type) ?? []) l({ data } as MessageEvent);
  }
}

describe('createHttpApi', () => {
  it('posts JSON for plain methods and returns the value', async () => {
    const { fetch, seen } = fakeFetch(() => json({ ok: true, value: [] }));
    const api = createHttpApi({ fetch });
    await expect(api.call('recordings.list', {})).resolves.toEqual([]);
    expect(seen[0]!.url).toBe('/api/call/recordings.list');
    expect(seen[0]!.init.method).toBe('POST');
    expect((seen[0]!.init.headers as Record<string, string>)['content-type']).toBe('application/json');
    expect(seen[0]!.init.body).toBe('{}');
  });

  it('sends binary methods as raw bytes with the other fields in x-reelay-args', async () => {
    const { fetch, seen } = fakeFetch(() => json({ ok: true, value: { durable: true } }));
    const api = createHttpApi({ fetch, baseUrl: 'http://127.0.0.1:5000' });
    const data = new Uint8Array([1, 2, 3]);
    await api.call('recordings.putSegment', { id: 'rec_12345678', rendition: 'live', seq: 4, durationSec: 2, data });
    const { url, init } = seen[0]!;
    const headers = init.headers as Record<string, string>;
    expect(url).toBe('http://127.0.0.1:5000/api/call/recordings.putSegment');
    expect(headers['content-type']).toBe('application/octet-stream');
    expect(JSON.parse(decodeURIComponent(headers['x-reelay-args']!))).toEqual({ id: 'rec_12345678', rendition: 'live', seq: 4, durationSec: 2 });
    expect(init.body).toBe(data);
  });

  it('throws ReelayCallError with the code and retryable flag of an error result', async () => {
    const { fetch } = fakeFetch(() => json({ ok: false, error: { code: 'disk-full', message: 'The disk is full', retryable: true } }, 507));
    const error = await createHttpApi({ fetch })
      .call('recordings.get', { id: 'rec_12345678' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReelayCallError);
    expect(error).toMatchObject({ code: 'disk-full', retryable: true, message: 'The disk is full' });
  });

  it('turns a network failure into a retryable error', async () => {
    const { fetch } = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    await expect(createHttpApi({ fetch }).call('app.info', {})).rejects.toMatchObject({ code: 'internal', retryable: true });
  });

  it('says events-resumed when the event stream comes back after a cut, not at the first connection', () => {
    const sources: FakeEventSource[] = [];
    const api = createHttpApi({ fetch: fakeFetch(() => json({})).fetch, openEvents: (url) => sources[sources.push(new FakeEventSource(url)) - 1]! });
    let resumed = 0;
    const updated: unknown[] = [];
    api.on('events-resumed', () => resumed++);
    api.on('recording-updated', (r) => updated.push(r));
    expect(sources).toHaveLength(1);
    sources[0]!.emit('open', '');
    expect(resumed).toBe(0);
    sources[0]!.emit('open', ''); // EventSource reconnected by itself
    sources[0]!.emit('open', '');
    expect(resumed).toBe(2);
    // the server cannot fake it: a message named events-resumed is not listened for
    expect(sources[0]!.listeners.has('events-resumed')).toBe(false);
    sources[0]!.emit('recording-updated', '{"id":"rec_1"}');
    expect(updated).toEqual([{ id: 'rec_1' }]);
  });

  it('retries what a proxy answered with a 502 page, not a 404 page', async () => {
    const page = (status: number) => fakeFetch(() => new Response('<html>bad gateway</html>', { status })).fetch;
    await expect(createHttpApi({ fetch: page(502) }).call('app.info', {})).rejects.toMatchObject({ retryable: true });
    await expect(createHttpApi({ fetch: page(404) }).call('app.info', {})).rejects.toMatchObject({ retryable: false });
  });

  it('delivers events to their listeners from one EventSource, and closes it with the last listener', () => {
    const sources: FakeEventSource[] = [];
    const api = createHttpApi({ fetch: fakeFetch(() => json({})).fetch, openEvents: (url) => sources[sources.push(new FakeEventSource(url)) - 1]! });
    const updated: unknown[] = [];
    const removed: unknown[] = [];
    const off1 = api.on('recording-updated', (r) => updated.push(r.id));
    const off2 = api.on('recording-removed', (r) => removed.push(r.id));
    expect(sources).toHaveLength(1);
    expect(sources[0]!.url).toBe('/api/events');
    sources[0]!.emit('recording-updated', '{"id":"a"}');
    sources[0]!.emit('recording-removed', '{"id":"b"}');
    sources[0]!.emit('recording-updated', 'not json');
    expect(updated).toEqual(['a']);
    expect(removed).toEqual(['b']);
    off1();
    expect(sources[0]!.closed).toBe(false);
    off2();
    expect(sources[0]!.closed).toBe(true);
  });
});
