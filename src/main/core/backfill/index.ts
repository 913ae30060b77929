// The backfill, wired into the core: after Stop, the link grows from the live rendition into an
// adaptive ladder with a poster, seek-bar thumbnails and a download. See worker.ts.
import type { Database } from 'better-sqlite3';
import { ReelayError } from '../errors';
import type { InternalEvents } from '../events';
import type { RecordingsRepo } from '../library/recordings-repo';
import type { Publisher } from '../publish/publisher';
import type { Intake } from '../recording/intake';
import type { SettingsService } from '../settings/settings-service';
import { BackfillWorker, type BackfillOptions } from './worker';

export type { BackfillOptions } from './worker';

export interface Backfill {
  readonly worker: BackfillWorker;
  /** runs a failed job again; a clear error when there is none to run */
  retry(recordingId: string): void;
  /** recovers interrupted jobs and starts the queue; after the core's recovery */
  start(): void;
  /** stops running jobs (they run again at the next start) */
  close(): Promise<void>;
}

export interface BackfillParts {
  db: Database;
  recordings: RecordingsRepo;
  intake: Pick<Intake, 'masterFile' | 'intakeDir'>;
  publisher: Publisher;
  internal: InternalEvents;
  settings: SettingsService;
  log: (message: string, error?: unknown) => void;
}

export function createBackfill(parts: BackfillParts, options: BackfillOptions = {}): Backfill {
  const worker = new BackfillWorker({ ...parts, ffmpegSetting: () => parts.settings.get().ffmpegPath }, options);
  // a recording capturing right now holds the backfill
  worker.setCapturing(parts.recordings.anyCapturing());
  let ffmpegSetting = parts.settings.get().ffmpegPath;
  const offs = [
    parts.internal.on('recording-stopped', ({ recordingId }) => worker.enqueue(recordingId)),
    parts.internal.beforeDelete((recordingId) => worker.cancel(recordingId)),
    parts.internal.on('capturing-changed', ({ capturing }) => worker.setCapturing(capturing)),
    parts.internal.on('settings-changed', ({ ffmpegPath }) => {
      if (ffmpegPath === ffmpegSetting) return;
      ffmpegSetting = ffmpegPath;
      worker.ffmpegChanged();
    }),
  ];
  return {
    worker,
    retry(recordingId) {
      if (!worker.retryJob(recordingId)) throw new ReelayError('invalid-state', 'Only HD versions that failed can be tried again.');
    },
    start: () => worker.start(),
    close: () => {
      for (const off of offs) off();
      return worker.close();
    },
  };
}
