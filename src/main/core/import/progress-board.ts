// The imports whose first rendition is being made, and how far each is: what the library's card shows
// while it happens. Held in memory: an import the app did not finish is recovered like an interrupted
// recording (what was made plays; the backfill makes the rest from the imported file).
import type { ImportProgress } from '../../../shared/import';

export class ImportBoard {
  private readonly running = new Map<string, ImportProgress>();

  of(recordingId: string): ImportProgress | null {
    return this.running.get(recordingId) ?? null;
  }

  set(recordingId: string, progress: ImportProgress): void {
    this.running.set(recordingId, progress);
  }

  clear(recordingId: string): void {
    this.running.delete(recordingId);
  }
}
