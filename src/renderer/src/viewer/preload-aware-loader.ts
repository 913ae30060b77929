// hls.js's fragment loader, except that a segment the page preloaded is reported with the preload's
// own transfer times (preloaded-transfer.ts), so the first segment can be fetched while the page's
// script is still on its way without the cache hit misleading hls.js's bandwidth estimate.
import Hls, { type HlsConfig, type Loader, type LoaderCallbacks, type LoaderConfiguration, type LoaderContext } from 'hls.js/light';
import { preloadedTransfer, type TransferTiming } from './preloaded-transfer';

type FragmentLoaderClass = NonNullable<HlsConfig['fLoader']>;

function resourceEntries(url: string): TransferTiming[] {
  if (typeof performance === 'undefined' || typeof performance.getEntriesByName !== 'function') return [];
  return performance.getEntriesByName(url, 'resource') as PerformanceResourceTiming[];
}

/** a loader class for hls.js's `fLoader`; each preload speaks for the first load of its URL only */
export function preloadAwareLoader(): FragmentLoaderClass {
  const used = new Set<string>();
  const Base = Hls.DefaultConfig.loader as unknown as new (config: HlsConfig) => Loader<LoaderContext>;
  class PreloadAwareLoader extends Base {
    override load(context: LoaderContext, config: LoaderConfiguration, callbacks: LoaderCallbacks<LoaderContext>): void {
      super.load(context, config, {
        ...callbacks,
        onSuccess: (response, stats, ctx, details) => {
          const url = new URL(ctx.url, location.href).href;
          const transfer = used.has(url) ? null : preloadedTransfer(resourceEntries(url), performance.now());
          used.add(url);
          if (transfer) {
            stats.loading.start = transfer.start;
            stats.loading.first = transfer.first;
            stats.loading.end = transfer.end;
            if (transfer.loaded > 0) stats.loaded = stats.total = transfer.loaded;
            stats.bwEstimate = (stats.loaded * 8000) / Math.max(1, transfer.end - transfer.first);
          }
          callbacks.onSuccess(response, stats, ctx, details);
        },
      });
    }
  }
  return PreloadAwareLoader as unknown as FragmentLoaderClass;
}
