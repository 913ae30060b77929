// What a crash or a lost capture leaves behind, closed so viewers get an ending: recordings that were
// capturing keep every durable segment, get closed playlists (ENDLIST) and are marked interrupted.
// Interrupted uploads resume by themselves (the queue is on disk).
//
// What was on disk but never acknowledged goes first, so that the disk says what the database says:
// the master file is cut to the chunks it has rows for (the HD job reads the whole file, and would
// read a half-written chunk), segment files without a row and temp files of unfinished writes are
// removed. Only the intake's own files are touched (never backfill/), and only for recordings that
// were taking media when the app died.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { segmentName } from '../../../shared/published';
import { isNodeError } from '../errors';
import { fsyncDirSync, truncateDurableSync } from '../files/durable';
import type { RecordingsRepo } from '../library/recordings-repo';
import type { Publisher } from '../publish/publisher';
import { intakeDir, intakePaths } from './layout';
import type { Lifecycle } from './lifecycle';
import { LIVE_STATES, liveSeconds } from './rows';

/** every master file name the intake may have used (masterExtension) */
const MASTER_MIME_TYPES = ['video/webm', 'video/mp4', 'video/x-matroska'] as const;
/** what writeFileDurable names its temp files: `<target>.<12 hex>.tmp` */
const TEMP_FILE = /\.[0-9a-f]{12}\.tmp$/;
const SEGMENT_FILE = /^seg-(\d+)\.m4s$/;

export interface RecoveryDeps {
  recordings: RecordingsRepo;
  lifecycle: Lifecycle;
  publisher: Publisher;
  dataDir: string;
  now: () => number;
}

export class Recovery {
  constructor(private readonly deps: RecoveryDeps) {}

  /** at start, before the queues and the backfill run */
  recover(): { interrupted: string[]; discarded: string[]; problems: string[] } {
    const { recordings, lifecycle } = this.deps;
    const interrupted: string[] = [];
    const discarded: string[] = [];
    const problems: string[] = [];
    for (const rec of recordings.inStates(LIVE_STATES)) {
      const hasMedia = liveSeconds(recordings, rec.id) > 0 || recordings.masterChunkCount(rec.id).count > 0;
      if (!hasMedia && rec.state === 'created') {
        // nothing was captured: the app died during the countdown
        recordings.update(rec.id, { state: 'cancelled' });
        discarded.push(rec.id);
        continue;
      }
      // before it is marked interrupted: no later start looks at it again
      this.dropUnacknowledged(rec.id, problems);
      lifecycle.interrupt(rec.id);
      interrupted.push(rec.id);
    }
    for (const rec of recordings.inStates(['finishing'])) {
      // stopped, but a write racing the Stop may have left its bytes when the app died
      this.dropUnacknowledged(rec.id, problems);
      lifecycle.readyIfPublished(rec.id);
    }
    return { interrupted, discarded, problems };
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
      try {
        lifecycle.interrupt(rec.id);
      } catch {
        continue; // the database refused (a full disk): the next round tries again; a timer must not throw
      }
      reaped.push(rec.id);
    }
    return reaped;
  }

  /** the recording's intake files cut back to what its rows say; a failure is reported, never fatal (the app must start) */
  private dropUnacknowledged(id: string, problems: string[]): void {
    const { recordings } = this.deps;
    const dir = intakeDir(this.deps.dataDir, id);
    const step = (what: string, fn: () => void): void => {
      try {
        fn();
      } catch (e) {
        problems.push(`${id}: could not ${what}: ${e instanceof Error ? e.message : String(e)}`);
      }
    };

    const mimeType = recordings.masterMimeType(id);
    const master = mimeType ? intakePaths.master(dir, mimeType) : null;
    const { bytes } = recordings.masterChunkCount(id);
    let removedInDir = false;
    for (const path of new Set(MASTER_MIME_TYPES.map((t) => intakePaths.master(dir, t)))) {
      if (path === master) step('cut the master file to its acknowledged chunks', () => truncateDurableSync(path, bytes));
      else step('remove an unacknowledged master file', () => (removedInDir = removeFile(path) || removedInDir));
    }
    if (removedInDir) step('sync the recording folder', () => fsyncDirSync(dir));

    for (const r of recordings.renditions(id).filter((x) => x.state === 'live')) {
      const folder = join(dir, r.name);
      const known = new Set(recordings.segments(id, r.name).map((s) => segmentName(s.seq)));
      step(`clean rendition "${r.name}"`, () => {
        let removed = false;
        for (const name of filesIn(folder)) {
          if (TEMP_FILE.test(name) || (isSegmentName(name) && !known.has(name))) removed = removeFile(join(folder, name)) || removed;
        }
        if (removed) fsyncDirSync(folder);
      });
    }
  }
}

function isSegmentName(name: string): boolean {
  const m = SEGMENT_FILE.exec(name);
  return m !== null && segmentName(Number(m[1])) === name;
}

/** whether there was a file to remove */
function removeFile(path: string): boolean {
  try {
    rmSync(path);
    return true;
  } catch (e) {
    if (isNodeError(e) && e.code === 'ENOENT') return false;
    throw e;
  }
}

function filesIn(folder: string): string[] {
  try {
    return readdirSync(folder, { withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => d.name);
  } catch (e) {
    if (isNodeError(e) && e.code === 'ENOENT') return [];
    throw e;
  }
}
