// A media segment the page preloaded (<link rel="preload">, see core/share/viewer-start.ts) reaches
// hls.js from the preload cache at once, and hls.js measures the network on segments: from that
// instant "download" it estimated tens of Mbit/s and sent a 400 kbit/s viewer to 1080p. So the
// loader reports the preload's own transfer instead, as Resource Timing recorded it: how long the
// first byte took and how long the whole took, ending now (hls.js times its parsing from there).
// Pure: the loader (preload-aware-loader.ts) passes the entry in.

/** the parts of a PerformanceResourceTiming entry this needs */
export interface TransferTiming {
  initiatorType: string;
  startTime: number;
  responseStart: number;
  responseEnd: number;
  encodedBodySize: number;
}

/** hls.js's loading times (performance.now()) and bytes for one request */
export interface LoadingStats {
  start: number;
  first: number;
  end: number;
  loaded: number;
}

/**
 * The preload's transfer, shifted to end at `now`; null when `entries` (the URL's Resource Timing
 * entries) hold no finished preload to speak for it: then the loader's own figures stand.
 */
export function preloadedTransfer(entries: readonly TransferTiming[], now: number): LoadingStats | null {
  const preload = entries.find((e) => e.initiatorType === 'link' && e.responseEnd > 0 && e.responseEnd >= e.startTime);
  if (!preload) return null;
  const total = preload.responseEnd - preload.startTime;
  // responseStart is 0 when the browser withholds it; then the first byte counts as the whole
  const firstByte = preload.responseStart > 0 ? Math.min(total, Math.max(0, preload.responseStart - preload.startTime)) : total;
  const start = now - total;
  return { start, first: start + firstByte, end: now, loaded: preload.encodedBodySize };
}
