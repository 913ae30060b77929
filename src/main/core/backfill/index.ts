// The backfill, plugged into the core: after Stop, the link grows from the live rendition into an
// adaptive ladder with a poster, seek-bar thumbnails and a download. See worker.ts.
import type { Core } from '../core';
import { BackfillWorker, type BackfillOptions } from './worker';

export { DEFAULT_BACKFILL_RETRY, type BackfillOptions, type BackfillRetryPolicy } from './worker';

export interface Backfill {
  readonly worker: BackfillWorker;
  /** recovers interrupted jobs and starts the queue; call after core.start() */
  start(): void;
  /** stops running jobs (they run again at the next start); call before core.close() */
  close(): Promise<void>;
}

/**
 * Registers the backfill with the core. Call it before core.start(), so recordings that the core
 * recovers at start (a crash mid-recording) get their job too.
 */
export function attachBackfill(core: Core, options: BackfillOptions = {}): Backfill {
  const worker = new BackfillWorker(
    {
      db: core.db,
      recordings: core.recordings,
      ffmpegSetting: () => core.settings.get().ffmpegPath,
      log: core.log,
    },
    options,
  );
  core.addExtension({
    onStopped: (rec) => worker.enqueue(rec.id),
    onDeleting: (rec) => worker.cancel(rec.id),
    backfillProgress: (id) => worker.progress(id),
    statusExtras: (id, published) => worker.statusExtras(id, published),
    posterUrl: (rec) => worker.posterUrl(rec),
    retryBackfill: (id) => worker.retryJob(id),
  });
  let ffmpegSetting = core.settings.get().ffmpegPath;
  // a recording capturing right now holds the backfill (a paused one doesn't: it may stay paused long)
  const capturing = (): boolean => core.recordings.repo.inStates(['recording']).length > 0;
  const unsubscribe = core.events.on((event, payload) => {
    if (event === 'recording-updated' || event === 'recording-removed') worker.setCapturing(capturing());
    if (event !== 'settings-updated') return;
    const next = (payload as { ffmpegPath: string | null }).ffmpegPath;
    if (next === ffmpegSetting) return;
    ffmpegSetting = next;
    worker.ffmpegChanged();
  });
  return {
    worker,
    start: () => worker.start(),
    close: () => {
      unsubscribe();
      return worker.close();
    },
  };
}
