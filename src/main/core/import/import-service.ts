// Importing a video file: the upload (uploads.ts), then the file judged (probe.ts) before anything is
// made: a file that is not video, is corrupt or cannot be decoded is refused with the problem named,
// and leaves nothing (no row, no folder, nothing published, the upload removed). A file that passes
// becomes a recording at once (title: the file name), with its link; the file is its master; its first
// rendition (first-rendition.ts) goes through the intake as a live rendition would, segment by segment,
// so the link plays early; then it stops like a recording, and the backfill makes the ladder, poster,
// thumbnails and download from the master. Should the first rendition fail (a full disk), the
// recording goes, files and all, and imports.status says why.
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Recording } from '../../../shared/domain';
import { LIVE_RENDITION } from '../../../shared/domain';
import { titleFromFileName, type ImportStatus } from '../../../shared/import';
import { ReelayError, isDiskFull } from '../errors';
import type { InternalEvents } from '../events';
import { diskRoom, isFull, megabytes, type DiskRoom } from '../files/disk-room';
import { fsyncFolder } from '../backfill/files';
import type { RecordingsRepo } from '../library/recordings-repo';
import { intakePaths, recordingsRoot } from '../recording/layout';
import type { RecordingService } from '../recording/recording-service';
import { AUDIO, planFirstRendition } from './first-rendition-args';
import { FirstRenditionRun } from './first-rendition';
import { measureDuration } from '../backfill/probe';
import type { ImportBoard } from './progress-board';
import { probeImport, type ImportedFile } from './probe';
import type { ImportUploads } from './uploads';

export interface ImportServiceDeps {
  /** the data folder: its disk holds the uploads and the recordings */
  dataDir: string;
  uploads: ImportUploads;
  recordings: RecordingService;
  repo: RecordingsRepo;
  board: ImportBoard;
  internal: InternalEvents;
  /** the ffmpeg to run (the backfill's choice); a ReelayError saying why when there is none */
  ffmpeg: () => Promise<string>;
  now: () => number;
  log: (message: string, error?: unknown) => void;
  diskRoom?: (dir: string) => Promise<DiskRoom | null>;
  /** x264 preset of the first rendition (veryfast) */
  preset?: string;
}

/** ffmpeg's scratch folder, in the recording's folder */
const WORK_DIR = 'import-work';
/** how long imports.status remembers an import that ended */
const REMEMBER_MS = 60 * 60 * 1000;
/** at most one progress event per recording per this many ms */
const PROGRESS_EVERY_MS = 400;

interface Outcome {
  owner: string;
  status: ImportStatus;
  at: number;
}

export class ImportService {
  private readonly outcomes = new Map<string, Outcome>();
  private readonly runs = new Map<string, FirstRenditionRun>();
  private readonly finishing = new Map<string, Promise<void>>();
  private closed = false;

  constructor(private readonly deps: ImportServiceDeps) {
    deps.internal.beforeDelete((id) => this.stop(id));
  }

  /** at start: what uploads and first renditions a previous run left unfinished goes (its recordings were recovered) */
  async start(): Promise<void> {
    await this.deps.uploads.start();
    const recordings = recordingsRoot(this.deps.dataDir);
    for (const id of await fs.readdir(recordings).catch(() => [] as string[])) {
      await fs.rm(join(recordings, id, WORK_DIR), { recursive: true, force: true }).catch(() => undefined);
    }
  }

  begin(owner: string, name: string, bytes: number): Promise<{ importId: string }> {
    return this.deps.uploads.begin(owner, name, bytes);
  }

  putChunk(owner: string, importId: string, offset: number, data: Uint8Array): Promise<{ bytesReceived: number }> {
    return this.deps.uploads.putChunk(owner, importId, offset, data);
  }

  async cancel(owner: string, importId: string): Promise<{ importId: string }> {
    await this.deps.uploads.cancel(owner, importId);
    return { importId };
  }

  status(owner: string, importId: string): ImportStatus {
    const uploading = this.deps.uploads.progress(owner, importId);
    if (uploading) return { state: 'uploading', ...uploading };
    const outcome = this.outcomes.get(importId);
    if (!outcome || outcome.owner !== owner) throw new ReelayError('not-found', 'No such import: it was never begun, or ended over an hour ago.');
    return outcome.status;
  }

  /**
   * The uploaded file judged, then made a recording (owned by `ownerId`) whose link plays as soon as
   * its first segment is published. Refused (ImportRejected, 'disk-full', 'ffmpeg-missing') with nothing left behind.
   */
  async finish(owner: string, importId: string, ownerId: string | null): Promise<Recording> {
    const file = await this.deps.uploads.take(owner, importId);
    let rec: Recording;
    let info: ImportedFile;
    let ffmpeg: string;
    try {
      ffmpeg = await this.deps.ffmpeg();
      info = await probeImport(ffmpeg, file.path, file.name);
      // a WebM written as a stream (MediaRecorder's) states no length: read it, for the progress and the room check
      if (info.durationSec === null) info = { ...info, durationSec: await measureDuration(ffmpeg, file.path).catch(() => null) };
      await this.ensureRoomFor(info, file.name);
      rec = await this.deps.recordings.create({ title: titleFromFileName(file.name), width: info.width, height: info.height, fps: Math.min(240, Math.max(1, Math.round(info.frameRate ?? 30))) }, ownerId);
    } catch (e) {
      await fs.rm(file.path, { force: true }).catch(() => undefined);
      throw e;
    }
    try {
      await this.adoptMaster(rec.id, file.path, file.bytes, info.mimeType);
    } catch (e) {
      await fs.rm(file.path, { force: true }).catch(() => undefined);
      await this.deps.recordings.cancel(rec.id).catch((err: unknown) => this.deps.log(`import ${rec.id}: could not remove the recording`, err));
      throw isDiskFull(e) ? new ReelayError('disk-full', `The disk is full: "${file.name}" was not imported. Free some space, then import it again.`, true) : e;
    }
    this.remember(importId, owner, { state: 'importing', recordingId: rec.id });
    this.deps.board.set(rec.id, { progress: 0, etaSeconds: null });
    const done = this.makeFirstRendition(rec.id, ffmpeg, info)
      .then(() => this.remember(importId, owner, { state: 'done', recordingId: rec.id }))
      .catch(async (e: unknown) => {
        const message = failureMessage(file.name, e);
        this.deps.log(`import ${rec.id} failed`, e);
        this.remember(importId, owner, { state: 'failed', message });
        if (!this.closed) await this.deps.recordings.cancel(rec.id).catch((err: unknown) => this.deps.log(`import ${rec.id}: could not remove the recording`, err));
      })
      .finally(() => {
        this.deps.board.clear(rec.id);
        this.finishing.delete(rec.id);
        this.changed(rec.id);
      });
    this.finishing.set(rec.id, done);
    return this.deps.recordings.get(rec.id);
  }

  /** resolves once the first rendition of `recordingId` is made (or failed); for tests and the benchmark */
  settled(recordingId: string): Promise<void> {
    return this.finishing.get(recordingId) ?? Promise.resolve();
  }

  /** stops every first rendition under way (their recordings are recovered at the next start) */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.runs.values()].map((r) => r.cancel()));
    await Promise.all([...this.finishing.values()]);
    await this.deps.uploads.close();
  }

  private async stop(recordingId: string): Promise<void> {
    await this.runs.get(recordingId)?.cancel();
  }

  /** the uploaded file becomes the recording's master, as if it had been recorded in one chunk */
  private async adoptMaster(id: string, path: string, bytes: number, mimeType: string): Promise<void> {
    const master = intakePaths.master(this.deps.recordings.intakeDir(id), mimeType);
    await fs.mkdir(dirname(master), { recursive: true, mode: 0o700 });
    await fsyncFolder(dirname(dirname(master)));
    await fs.rename(path, master);
    await fsyncFolder(dirname(master));
    this.deps.repo.insertMasterChunk(id, 0, 0, bytes, mimeType);
  }

  private async makeFirstRendition(id: string, ffmpeg: string, info: ImportedFile): Promise<void> {
    const plan = planFirstRendition(info, info.frameRate);
    const source = { width: info.width, height: info.height };
    const dir = this.deps.recordings.intakeDir(id);
    const work = join(dir, WORK_DIR);
    const input = this.deps.recordings.masterFile(id)!.path;
    let lastEvent = 0;
    const run = new FirstRenditionRun({
      ffmpeg,
      input,
      work,
      source,
      plan,
      hasAudio: info.hasAudio,
      durationSec: info.durationSec,
      preset: this.deps.preset,
      priority: 5,
      now: this.deps.now,
      onInit: async (data) => {
        await this.deps.recordings.putInit({ id, rendition: LIVE_RENDITION, codecs: info.hasAudio ? 'avc1.640028,mp4a.40.2' : 'avc1.640028', width: plan.width, height: plan.height, frameRate: plan.frameRate, bitrate: plan.maxBitrate + (info.hasAudio ? AUDIO.bitrate : 0), data });
      },
      onSegment: async (segment, data) => {
        await this.deps.recordings.putSegment({ id, rendition: LIVE_RENDITION, seq: segment.seq, durationSec: segment.durationSec, data });
      },
      onProgress: (progress, etaSeconds) => {
        this.deps.board.set(id, { progress, etaSeconds });
        const now = this.deps.now();
        if (now - lastEvent < PROGRESS_EVERY_MS) return;
        lastEvent = now;
        this.changed(id);
      },
      hasRoom: async () => {
        const room = await (this.deps.diskRoom ?? diskRoom)(dir);
        return room === null || !isFull(room);
      },
    });
    this.runs.set(id, run);
    try {
      const segments = await run.run();
      const durationMs = Math.round(segments.reduce((s, x) => s + x.durationSec, 0) * 1000);
      this.deps.board.clear(id);
      this.deps.recordings.stop(id, durationMs); // then the backfill makes the ladder from the master
    } finally {
      this.runs.delete(id);
      await fs.rm(work, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  /** the first rendition must fit beside the file, above the reserve: its cap at the file's length */
  private async ensureRoomFor(info: ImportedFile, name: string): Promise<void> {
    if (info.durationSec === null) return;
    const plan = planFirstRendition(info, info.frameRate);
    const needs = Math.ceil((info.durationSec * (plan.maxBitrate + AUDIO.bitrate)) / 8);
    const room = await (this.deps.diskRoom ?? diskRoom)(this.deps.dataDir);
    if (!room || room.free - needs >= room.reserve) return;
    throw new ReelayError('disk-full', `The disk is full (${megabytes(room.free)} free; the first version of "${name}" needs about ${megabytes(needs)} beside the ${megabytes(room.reserve)} Reelay keeps for its library): it was not imported, and what had arrived of it was removed. Free some space, then import it again.`, true);
  }

  private remember(importId: string, owner: string, status: ImportStatus): void {
    const now = this.deps.now();
    for (const [key, o] of this.outcomes) if (now - o.at > REMEMBER_MS) this.outcomes.delete(key);
    this.outcomes.set(importId, { owner, status, at: now });
  }

  private changed(id: string): void {
    this.deps.internal.emit('recording-changed', { recordingId: id });
  }
}

/** why a first rendition failed, for imports.status: its recording is gone, so the message says what to do */
function failureMessage(name: string, e: unknown): string {
  if ((e instanceof ReelayError && e.code === 'disk-full') || isDiskFull(e)) {
    return `The disk filled up while "${name}" was imported, so it was removed. Free some space, then import it again.`;
  }
  const why = e instanceof Error ? e.message : String(e);
  return `"${name}" could not be imported (${why.replace(/\.$/, '')}), so it was removed.`;
}
