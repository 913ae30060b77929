// Durable intake of what the renderer captures: each init, live segment and master chunk is written
// (write, fsync, rename) and recorded in SQLite before it is acknowledged. The Publisher is told what
// now exists; it decides what to upload.
import type { Database } from 'better-sqlite3';
import type { MethodInput } from '../../../shared/api';
import { ReelayError, fileError } from '../errors';
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

  async putInit(input: MethodInput<'recordings.putInit'>): Promise<{ durable: true }> {
    const repo = this.deps.recordings;
    const rec = requireLive(repo, input.id);
    const path = intakePaths.init(this.intakeDir(rec.id), input.rendition);
    await durably(() => writeFileDurable(path, input.data), 'the stream header');
    requireLive(repo, input.id);
    this.deps.db.transaction(() => {
      const existing = repo.rendition(rec.id, input.rendition);
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
      if (!existing) this.deps.publisher.initAdded(rec, input.rendition, path, input.data.byteLength);
    })();
    return { durable: true };
  }

  async putSegment(input: MethodInput<'recordings.putSegment'>): Promise<{ durable: true }> {
    const repo = this.deps.recordings;
    const rec = requireLive(repo, input.id);
    if (!repo.rendition(rec.id, input.rendition)) throw new ReelayError('invalid-state', `Send the init of rendition "${input.rendition}" before its segments.`);
    if (repo.segment(rec.id, input.rendition, input.seq)) return { durable: true };
    const path = intakePaths.segment(this.intakeDir(rec.id), input.rendition, input.seq);
    await durably(() => writeFileDurable(path, input.data), `segment ${input.seq}`);
    requireLive(repo, input.id);
    this.deps.db.transaction(() => {
      if (repo.segment(rec.id, input.rendition, input.seq)) return; // a concurrent retry won
      const uploadId = this.deps.publisher.segmentAdded(rec, input.rendition, input.seq, path, input.data.byteLength);
      repo.insertSegment(rec.id, input.rendition, { seq: input.seq, duration_sec: input.durationSec, bytes: input.data.byteLength, upload_id: uploadId }, this.deps.now());
    })();
    return { durable: true };
  }

  async putMasterChunk(input: MethodInput<'recordings.putMasterChunk'>): Promise<{ durable: true }> {
    const repo = this.deps.recordings;
    const rec = requireLive(repo, input.id);
    const { count, bytes } = repo.masterChunkCount(rec.id);
    if (input.seq < count) return { durable: true }; // already have it
    if (input.seq > count) {
      throw new ReelayError('invalid-state', `Master chunk ${input.seq} arrived before chunk ${count}; send chunks in order.`, true);
    }
    const mimeType = repo.masterMimeType(rec.id) ?? input.mimeType;
    const path = intakePaths.master(this.intakeDir(rec.id), mimeType);
    await durably(() => writeAtDurable(path, bytes, input.data), 'the full-quality recording');
    requireLive(repo, input.id);
    try {
      repo.insertMasterChunk(rec.id, input.seq, bytes, input.data.byteLength, mimeType);
    } catch (e) {
      if (repo.masterChunkCount(rec.id).count > input.seq) return { durable: true }; // a concurrent retry won
      throw e;
    }
    return { durable: true };
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
