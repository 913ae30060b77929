import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BEACON } from '../../../shared/insights';
import { InsightsReporter, insightsEndpoint, VIEWER_ID_KEY } from './insights-reporter';

const ENDPOINT = 'http://127.0.0.1:4848/v/abc/insights';

/** a <video> as far as the reporter sees it: events and its played ranges */
class FakeVideo extends EventTarget {
  ranges: [number, number][] = [];
  get played() {
    return { length: this.ranges.length, start: (i: number) => this.ranges[i]![0], end: (i: number) => this.ranges[i]![1] };
  }
}

let sent: { url: string; body: string; via: 'fetch' | 'beacon' }[];
let answer: { status: number; headers?: Record<string, string> };
let storage: Map<string, string>;

beforeEach(() => {
  vi.useFakeTimers();
  sent = [];
  answer = { status: 204 };
  storage = new Map();
  vi.stubGlobal('window', new EventTarget());
  vi.stubGlobal('document', Object.assign(new EventTarget(), { visibilityState: 'visible' }));
  vi.stubGlobal('localStorage', { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => storage.set(k, v) });
  vi.stubGlobal('navigator', {
    sendBeacon: (url: string, blob: Blob) => {
      void blob.text().then((body) => sent.push({ url, body, via: 'beacon' }));
      return true;
    },
  });
  vi.stubGlobal('fetch', async (url: string, init: { body: string }) => {
    sent.push({ url, body: init.body, via: 'fetch' });
    return new Response(null, { status: answer.status, headers: answer.headers });
  });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('InsightsReporter', () => {
  it('the endpoint comes from the page a server served; a bucket copy of the page has none', () => {
    const doc = (content: string | null) => ({ querySelector: () => (content === null ? null : { content }) }) as unknown as Document;
    expect(insightsEndpoint(doc('insights'), 'http://h/v/abc')).toBe('http://h/v/abc/insights');
    expect(insightsEndpoint(doc(null), 'https://bucket.example/abc')).toBeNull();
    expect(insightsEndpoint(doc('https://evil.example/'), 'http://h/v/abc')).toBeNull();
  });

  it('reports the played ranges every 10 s when they changed, on pause, and by sendBeacon when the page is left', async () => {
    const video = new FakeVideo();
    const reporter = new InsightsReporter(video as unknown as HTMLVideoElement, ENDPOINT);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sent).toEqual([]); // nothing played yet
    video.ranges = [[0, 6.04]];
    await vi.advanceTimersByTimeAsync(10_000);
    await vi.advanceTimersByTimeAsync(10_000); // unchanged: not sent again
    expect(sent).toHaveLength(1);
    const first = JSON.parse(sent[0]!.body) as { viewer: string; session: string; played: unknown };
    expect(first.played).toEqual([[0, 6]]);
    expect(first.viewer).toMatch(BEACON.idPattern);
    expect(storage.get(VIEWER_ID_KEY)).toBe(first.viewer);
    video.ranges = [[0, 8]];
    video.dispatchEvent(new Event('pause'));
    await flush();
    video.ranges = [[0, 9]];
    window.dispatchEvent(new Event('pagehide'));
    await flush();
    expect(sent.map((s) => s.via)).toEqual(['fetch', 'fetch', 'beacon']);
    expect(new Set(sent.map((s) => (JSON.parse(s.body) as { session: string }).session)).size).toBe(1);
    reporter.destroy();
    video.ranges = [[0, 10]];
    await vi.advanceTimersByTimeAsync(20_000);
    expect(sent).toHaveLength(3);
  });

  it('waits out a 429 and sends again; stops after any other refusal', async () => {
    const video = new FakeVideo();
    video.ranges = [[0, 3]];
    answer = { status: 429, headers: { 'retry-after': '30' } };
    new InsightsReporter(video as unknown as HTMLVideoElement, ENDPOINT);
    await vi.advanceTimersByTimeAsync(10_000);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(sent).toHaveLength(1);
    answer = { status: 401 };
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sent).toHaveLength(2); // the same ranges again, once allowed
    video.ranges = [[0, 20]];
    await vi.advanceTimersByTimeAsync(30_000);
    expect(sent).toHaveLength(2);
  });

  it('the same viewer across page loads', () => {
    new InsightsReporter(new FakeVideo() as unknown as HTMLVideoElement, ENDPOINT).destroy();
    const id = storage.get(VIEWER_ID_KEY);
    new InsightsReporter(new FakeVideo() as unknown as HTMLVideoElement, ENDPOINT).destroy();
    expect(storage.get(VIEWER_ID_KEY)).toBe(id);
  });
});
