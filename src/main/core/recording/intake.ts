// Durable intake of what the renderer captures: each init, live segment and master chunk is written
// (write, fsync, rename) and recorded in SQLite before it is acknowledged. The Publisher is told what
// now exists; it decides what to upload.
//
// The row and the file always agree: writes of the same piece (a rendition's init, one segment, a
// recording's master file) run one at a time, so a retry racing the original (or a second, different
// payload) can never leave one's bytes on disk and the other's size in the database; a write that
// finds the recording stopped once its bytes are on disk takes them back. An acknowledged init never
// changes: the same bytes again are a retry, other bytes are a conflict.
import { promises as fs } from 'node:fs';
import type { Database } from 'better-sqlite3';
import type { MethodInput } from '../../../shared/api';
import { ReelayError, fileError, isNodeError } from '../errors';
import { writeAtDurable, writeFileDurable } from '../files/durable';
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
    await this.writeWhileLive(input.id, path, input.data, 'the stream header');
    this.deps.db.transaction(() => {
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
    })();
    return { durable: true };
  }

  /** writes a file durably; if the recording stopped meanwhile, takes it back (never acknowledged: no file without a row) */
  private async writeWhileLive(id: string, path: string, data: Uint8Array, what: string): Promise<void> {
    await durably(() => writeFileDurable(path, data), what);
    try {
      requireLive(this.deps.recordings, id);
    } catch (e) {
      await fs.rm(path, { force: true }).catch(() => undefined);
      throw e;
    }
  }

  private async writeSegment(input: MethodInput<'recordings.putSegment'>): Promise<{ durable: true }> {
    const repo = this.deps.recordings;
    const rec = requireLive(repo, input.id);
    if (!repo.rendition(rec.id, input.rendition)) throw new ReelayError('invalid-state', `Send the init of rendition "${input.rendition}" before its segments.`);
    if (repo.segment(rec.id, input.rendition, input.seq)) return { durable: true }; // a retry of one acknowledged
    const path = intakePaths.segment(this.intakeDir(rec.id), input.rendition, input.seq);
    await this.writeWhileLive(input.id, path, input.data, `segment ${input.seq}`);
    this.deps.db.transaction(() => {
      const uploadId = this.deps.publisher.segmentAdded(rec, input.rendition, input.seq, path, input.data.byteLength);
      repo.insertSegment(rec.id, input.rendition, { seq: input.seq, duration_sec: input.durationSec, bytes: input.data.byteLength, upload_id: uploadId }, this.deps.now());
    })();
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
    try {
      await durably(() => writeAtDurable(path, bytes, input.data), 'the full-quality recording');
      requireLive(repo, input.id);
      repo.insertMasterChunk(rec.id, input.seq, bytes, input.data.byteLength, mimeType);
    } catch (e) {
      // what is not acknowledged is not in the file: the HD job reads all of it
      await cutMaster(path, bytes);
      throw e;
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
