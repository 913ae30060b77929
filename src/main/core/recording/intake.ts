// Durable intake of what the renderer captures: each init, live segment and master chunk is written
// (write, fsync, rename) and recorded in SQLite before it is acknowledged. The Publisher is told what
// now exists; it decides what to upload.
//
// The row and the file always agree: writes of the same piece (a rendition's init, one segment, a
// recording's master file) run one at a time, so a retry racing the original (or a second, different
// payload) can never leave one's bytes on disk and the other's size in the database; a write that
// finds the recording stopped once its bytes are on disk takes them back. An acknowledged init never
// changes: the same bytes again are a retry, other bytes are a conflict.
//
// A full disk refuses media cleanly: new media is refused while it would leave less than the disk's
// reserve (disk-room.ts), so the database, the playlists and a Pause still fit; a write the disk or
// the database refuses anyway (ENOSPC, SQLITE_FULL) leaves no file behind that has no row. Either way
// the answer is 'disk-full', the recording stays as it was, and the same call succeeds once there is room.
import { promises as fs } from 'node:fs';
import type { Database } from 'better-sqlite3';
import type { MethodInput } from '../../../shared/api';
import { ReelayError, diskFullError, fileError, isDiskFull, isNodeError } from '../errors';
import { writeAtDurable, writeFileDurable } from '../files/durable';
import { diskRoom, megabytes, type DiskRoom } from '../files/disk-room';
import type { RecordingsRepo } from '../library/recordings-repo';
import { codecsOf, readTracks } from '../media/mp4';
import type { Publisher } from '../publish/publisher';
import { intakeDir, intakePaths } from './layout';
import { requireLive } from './rows';

export interface IntakeDeps {
  db: Database;
  dataDir: string;
  recordings: RecordingsRepo;
  publisher: Publisher;
  now: () => number;
  /** the room on the data folder's disk; by default asked of the OS (tests: null, to meet the disk's own ENOSPC) */
  diskRoom?: (dir: string) => Promise<DiskRoom | null>;
}

export class Intake {
  /** one write at a time per piece: `init:<id>:<rendition>`, `segment:<id>:<rendition>:<seq>`, `master:<id>` */
  private readonly locks = new KeyedLock();

  constructor(private readonly deps: IntakeDeps) {}

  intakeDir(recordingId: string): string {
    return intakeDir(this.deps.dataDir, recordingId);
  }

  /** the full-quality master file, once at least one chunk of it is durable */
  masterFile(recordingId: string): { path: string; mimeType: string; bytes: number } | null {
    const mimeType = this.deps.recordings.masterMimeType(recordingId);
    if (!mimeType) return null;
    const { bytes } = this.deps.recordings.masterChunkCount(recordingId);
    return { path: intakePaths.master(this.intakeDir(recordingId), mimeType), mimeType, bytes };
  }

  putInit(input: MethodInput<'recordings.putInit'>): Promise<{ durable: true }> {
    return this.locks.run(`init:${input.id}:${input.rendition}`, () => this.writeInit(input));
  }

  putSegment(input: MethodInput<'recordings.putSegment'>): Promise<{ durable: true }> {
    return this.locks.run(`segment:${input.id}:${input.rendition}:${input.seq}`, () => this.writeSegment(input));
  }

  putMasterChunk(input: MethodInput<'recordings.putMasterChunk'>): Promise<{ durable: true }> {
    // per recording, not per chunk: each chunk's offset is the sum of the ones before it
    return this.locks.run(`master:${input.id}`, () => this.writeMasterChunk(input));
  }

  private async writeInit(input: MethodInput<'recordings.putInit'>): Promise<{ durable: true }> {
    const repo = this.deps.recordings;
    const rec = requireLive(repo, input.id);
    const path = intakePaths.init(this.intakeDir(rec.id), input.rendition);
    const existing = repo.rendition(rec.id, input.rendition);
    if (existing) {
      // acknowledged before: viewers may have it and the master names its CODECS; it never changes
      const onDisk = await fs.readFile(path).catch((e: unknown) => {
        if (isNodeError(e) && e.code === 'ENOENT') return null;
        throw fileError(e, 'the stream header');
      });
      if (onDisk && Buffer.compare(onDisk, input.data) === 0) return { durable: true }; // a retry
      if (onDisk || existing.init_bytes !== input.data.byteLength) {
        throw new ReelayError(
          'conflict',
          `Rendition "${input.rendition}" of this recording already has a different stream header (init segment of ${existing.init_bytes ?? '?'} bytes; this one has ${input.data.byteLength}). The first one is kept; this one is refused.`,
        );
      }
      // the row says it is durable but the file is gone (removed by hand?): the same size is all that
      // can be checked; put the file back and leave the row as it is
      await durably(() => writeFileDurable(path, input.data), 'the stream header');
      return { durable: true };
    }
    await this.ensureRoom(input.data.byteLength, 'the stream header');
    await this.writeWhileLive(input.id, path, input.data, 'the stream header');
    await this.recordOrTakeBack(path, 'the stream header', () => {
      repo.upsertRendition({
        recording_id: rec.id,
        name: input.rendition,
        state: 'live',
        codecs: codecsOfInit(input.data) ?? input.codecs,
        width: input.width ?? null,
        height: input.height ?? null,
        frame_rate: input.frameRate ?? null,
        bitrate: input.bitrate,
        init_bytes: input.data.byteLength,
      });
      this.deps.publisher.initAdded(rec, input.rendition, path, input.data.byteLength);
    });
    return { durable: true };
  }

  /**
   * Writes a file durably; if the write fails after the rename (the folder's fsync) or the recording
   * stopped meanwhile, takes it back (never acknowledged: no file without a row).
   */
  private async writeWhileLive(id: string, path: string, data: Uint8Array, what: string): Promise<void> {
    try {
      await durably(() => writeFileDurable(path, data), what);
      requireLive(this.deps.recordings, id);
    } catch (e) {
      await takeBack(path);
      throw e;
    }
  }

  /** writes the rows of a file just made durable; if the database refuses them (a full disk), the file goes too */
  private async recordOrTakeBack(path: string, what: string, rows: () => void): Promise<void> {
    try {
      this.deps.db.transaction(rows)();
    } catch (e) {
      await takeBack(path);
      throw isDiskFull(e) ? diskFullError(what, '', e) : e;
    }
  }

  /** refuses `bytes` of new media that would leave the disk less than its reserve (disk-room.ts) */
  private async ensureRoom(bytes: number, what: string): Promise<void> {
    const room = await (this.deps.diskRoom ?? diskRoom)(this.deps.dataDir);
    if (!room || room.free - bytes >= room.reserve) return;
    throw diskFullError(what, `${megabytes(room.free)} free, of which Reelay keeps ${megabytes(room.reserve)} for its library and playlists`);
  }

  private async writeSegment(input: MethodInput<'recordings.putSegment'>): Promise<{ durable: true }> {
    const repo = this.deps.recordings;
    const rec = requireLive(repo, input.id);
    if (!repo.rendition(rec.id, input.rendition)) throw new ReelayError('invalid-state', `Send the init of rendition "${input.rendition}" before its segments.`);
    if (repo.segment(rec.id, input.rendition, input.seq)) return { durable: true }; // a retry of one acknowledged
    const path = intakePaths.segment(this.intakeDir(rec.id), input.rendition, input.seq);
    const what = `segment ${input.seq}`;
    await this.ensureRoom(input.data.byteLength, what);
    await this.writeWhileLive(input.id, path, input.data, what);
    await this.recordOrTakeBack(path, what, () => {
      const uploadId = this.deps.publisher.segmentAdded(rec, input.rendition, input.seq, path, input.data.byteLength);
      repo.insertSegment(rec.id, input.rendition, { seq: input.seq, duration_sec: input.durationSec, bytes: input.data.byteLength, upload_id: uploadId }, this.deps.now());
    });
    return { durable: true };
  }

  private async writeMasterChunk(input: MethodInput<'recordings.putMasterChunk'>): Promise<{ durable: true }> {
    const repo = this.deps.recordings;
    const rec = requireLive(repo, input.id);
    const { count, bytes } = repo.masterChunkCount(rec.id);
    if (input.seq < count) return { durable: true }; // already have it
    if (input.seq > count) {
      throw new ReelayError('invalid-state', `Master chunk ${input.seq} arrived before chunk ${count}; send chunks in order.`, true);
    }
    const mimeType = repo.masterMimeType(rec.id) ?? input.mimeType;
    const path = intakePaths.master(this.intakeDir(rec.id), mimeType);
    const what = `chunk ${input.seq} of the full-quality recording`;
    await this.ensureRoom(input.data.byteLength, what);
    try {
      await durably(() => writeAtDurable(path, bytes, input.data), what);
      requireLive(repo, input.id);
      repo.insertMasterChunk(rec.id, input.seq, bytes, input.data.byteLength, mimeType);
    } catch (e) {
      // what is not acknowledged is not in the file: the HD job reads all of it
      await cutMaster(path, bytes);
      throw isDiskFull(e) ? diskFullError(what, '', e) : e;
    }
    return { durable: true };
  }
}

/** the master file back to its acknowledged `bytes` (a write that failed midway, or lost the race with Stop) */
async function cutMaster(path: string, bytes: number): Promise<void> {
  try {
    const handle = await fs.open(path, 'r+');
    try {
      if ((await handle.stat()).size > bytes) {
        await handle.truncate(bytes);
        await handle.sync();
      }
    } finally {
      await handle.close();
    }
    if (bytes === 0) await fs.rm(path, { force: true });
  } catch {
    // nothing to cut, or the disk refuses: the tail stays (a recovery after a crash cuts it while the recording is live or finishing)
  }
}

/** removes a file that was never acknowledged (if even that fails, a segment's file goes at the next start's recovery) */
async function takeBack(path: string): Promise<void> {
  await fs.rm(path, { force: true }).catch(() => undefined);
}

/** runs tasks one at a time per key, in the order they came; keys with nothing queued take no memory */
class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous ? previous.then(() => mine) : mine;
    this.tails.set(key, tail);
    try {
      if (previous) await previous;
      return await task();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

async function durably<T>(write: () => Promise<T>, what: string): Promise<T> {
  try {
    return await write();
  } catch (e) {
    throw fileError(e, what);
  }
}

/**
 * The CODECS a playlist must name, read from the init segment itself: an encoder may not make what it
 * was asked for (Chromium asked for avc1.42c01f writes High, avc1.640c1f), and a player that is told
 * the wrong profile switches renditions badly. null when the init cannot be read.
 */
function codecsOfInit(data: Uint8Array): string | null {
  try {
    return codecsOf(readTracks(data)) || null;
  } catch {
    return null;
  }
}
