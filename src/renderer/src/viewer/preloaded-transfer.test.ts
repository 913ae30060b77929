import { describe, expect, it } from 'vitest';
import { preloadedTransfer, type TransferTiming } from './preloaded-transfer';

const preload: TransferTiming = { initiatorType: 'link', startTime: 60, responseStart: 100, responseEnd: 1060, encodedBodySize: 50_000 };

describe('preloadedTransfer', () => {
  it('reports the preload transfer (first byte, whole) ending now, so a cached segment measures the network it crossed', () => {
    const s = preloadedTransfer([preload], 5000);
    expect(s).toEqual({ start: 4000, first: 4040, end: 5000, loaded: 50_000 });
    // what hls.js then estimates from it: 50 kB over the second it took, not over a cache hit's 1 ms
    expect(((s!.loaded * 8) / (s!.end - s!.start)) * 1000).toBe(400_000);
  });

  it('ignores fetches that were not the page preload, and a preload still on its way', () => {
    expect(preloadedTransfer([{ ...preload, initiatorType: 'xmlhttprequest' }], 5000)).toBeNull();
    expect(preloadedTransfer([{ ...preload, responseEnd: 0 }], 5000)).toBeNull();
    expect(preloadedTransfer([], 5000)).toBeNull();
  });

  it('counts the whole as the first byte when the browser withholds responseStart', () => {
    expect(preloadedTransfer([{ ...preload, responseStart: 0 }], 5000)).toEqual({ start: 4000, first: 5000, end: 5000, loaded: 50_000 });
  });
});
