// What a crash or a lost capture leaves behind, closed so viewers get an ending: recordings that were
// capturing keep every durable segment, get closed playlists (ENDLIST) and are marked interrupted.
// Interrupted uploads resume by themselves (the queue is on disk).
import type { RecordingsRepo } from '../library/recordings-repo';
import type { Publisher } from '../publish/publisher';
import type { Lifecycle } from './lifecycle';
import { LIVE_STATES, liveSeconds } from './rows';

export class Recovery {
  constructor(private readonly deps: { recordings: RecordingsRepo; lifecycle: Lifecycle; publisher: Publisher; now: () => number }) {}

  /** at start, before the queues run */
  recover(): { interrupted: string[]; discarded: string[] } {
    const { recordings, lifecycle } = this.deps;
    const interrupted: string[] = [];
    const discarded: string[] = [];
    for (const rec of recordings.inStates(LIVE_STATES)) {
      const hasMedia = liveSeconds(recordings, rec.id) > 0 || recordings.masterChunkCount(rec.id).count > 0;
      if (!hasMedia && rec.state === 'created') {
        // nothing was captured: the app died during the countdown
        recordings.update(rec.id, { state: 'cancelled' });
        discarded.push(rec.id);
        continue;
      }
      lifecycle.interrupt(rec.id);
      interrupted.push(rec.id);
    }
    for (const rec of recordings.inStates(['finishing'])) lifecycle.readyIfPublished(rec.id);
    return { interrupted, discarded };
  }

  /**
   * A recording that stopped sending media while it says it is recording lost its capture (the tab
   * or window died, the machine slept): close it as interrupted, like after a crash, so its viewers
   * get an ending. A paused recording may rightly stay silent, so only 'recording' is checked.
   */
  reapAbandoned(maxSilenceMs: number): string[] {
    const { recordings, lifecycle } = this.deps;
    const now = this.deps.now();
    const reaped: string[] = [];
    for (const rec of recordings.inStates(['recording'])) {
      const last = Math.max(recordings.lastSegmentAt(rec.id) ?? 0, rec.started_at ?? rec.created_at, lifecycle.lastActivityOf(rec.id) ?? 0);
      if (now - last <= maxSilenceMs) continue;
      lifecycle.interrupt(rec.id);
      reaped.push(rec.id);
    }
    return reaped;
  }
}
