// Storage used per recording: measured from its folders when it changes after it stopped (ready,
// HD versions made, a copy deleted) and kept in its row, so the library's sizes and total are a
// column read, not a folder walk per page. A live recording is measured once it stops.
import type { InternalEvents } from '../events';
import type { RecordingRow, RecordingsRepo } from '../library/recordings-repo';
import { diskUsage } from '../files/disk-usage';
import { LIVE_STATES } from './rows';

export interface RecordingSizesDeps {
  recordings: RecordingsRepo;
  internal: InternalEvents;
  /** the folders on this computer that hold the recording's files */
  foldersOf: (row: RecordingRow) => string[];
  log: (msg: string, e?: unknown) => void;
}

export class RecordingSizes {
  /** recordings being measured, and those that changed again meanwhile */
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private announcing = false;

  constructor(private readonly deps: RecordingSizesDeps) {
    deps.internal.on('recording-changed', ({ recordingId }) => {
      if (!this.announcing) this.measureSoon(recordingId);
    });
  }

  /** resolves when no measurement runs (tests, closing) */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  private measureSoon(id: string): void {
    const row = this.deps.recordings.get(id);
    if (!row || row.state === 'cancelled' || LIVE_STATES.includes(row.state)) return;
    if (this.running.has(id)) {
      this.again.add(id);
      return;
    }
    const run = this.measure(row)
      .catch((e: unknown) => this.deps.log(`could not measure recording ${id}`, e))
      .finally(() => {
        this.running.delete(id);
        if (this.again.delete(id)) this.measureSoon(id);
      });
    this.running.set(id, run);
  }

  private async measure(row: RecordingRow): Promise<void> {
    const bytes = await diskUsage(this.deps.foldersOf(row));
    const now = this.deps.recordings.get(row.id);
    if (!now || now.size_bytes === bytes) return;
    this.deps.recordings.update(row.id, { size_bytes: bytes });
    this.announcing = true;
    try {
      this.deps.internal.emit('recording-changed', { recordingId: row.id });
    } finally {
      this.announcing = false;
    }
  }
}
