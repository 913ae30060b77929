// Recordings from Create to Ready: the state machine, durable intake of segments and master chunks,
// what gets published when, and recovery after a crash.
import { promises as fs } from 'node:fs';
import type { Database } from 'better-sqlite3';
import type { BackfillProgress, Recording, RecordingState } from '../../../shared/domain';
import type { MethodInput } from '../../../shared/api';
import { RecordingsRepo, storageTargetOf, type RecordingRow } from '../library/recordings-repo';
import { ReelayError, fileError } from '../errors';
import { newRecordingId, newShareId } from '../ids';
import { writeAtDurable, writeFileDurable } from '../files/durable';
import { CACHE, cacheControlFor, contentTypeFor, intakeDir, intakePaths, keys } from './layout';
import { GENERATORS, type PublishedBefore, type StatusExtras } from '../publish/generated';
import { codecsOf, readTracks } from '../media/mp4';
import type { UploadQueue } from '../publish/upload-queue';
import type { Storage, StorageTarget } from '../storage/storage';
import { canTransition } from './state-machine';

/** What other parts of the core (backfill, S3 publishing) plug into a recording's life. */
export interface RecordingExtension {
  /** a recording was created: enqueue anything viewers need besides the HLS tree */
  onCreated?(rec: RecordingRow): void;
  /** a recording stopped or was recovered after a crash */
  onStopped?(rec: RecordingRow): void;
  /** before its files are removed; stop any work on it */
  onDeleting?(rec: RecordingRow): Promise<void>;
  backfillProgress?(recordingId: string): BackfillProgress | null;
  statusExtras?(recordingId: string, published: PublishedBefore): Partial<StatusExtras>;
  /** runs a failed backfill again; false when there is none to run */
  retryBackfill?(recordingId: string): boolean;
  posterUrl?(rec: RecordingRow): string | null;
}

export interface RecordingServiceDeps {
  db: Database;
  dataDir: string;
  queue: UploadQueue;
  /** where new recordings are published (settings decide) */
  currentTarget: () => StorageTarget;
  storageFor: (target: StorageTarget) => Storage;
  emit: (event: 'recording-updated' | 'recording-removed', payload: Recording | { id: string }) => void;
  now?: () => number;
  extensions?: RecordingExtension[];
}

const LIVE_STATES: readonly RecordingState[] = ['created', 'recording', 'paused'];

export class RecordingService {
  readonly repo: RecordingsRepo;
  private readonly now: () => number;
  private readonly extensions: RecordingExtension[];

  constructor(private readonly deps: RecordingServiceDeps) {
    this.repo = new RecordingsRepo(deps.db);
    this.now = deps.now ?? Date.now;
    this.extensions = deps.extensions ?? [];
  }

  addExtension(ext: RecordingExtension): void {
    this.extensions.push(ext);
  }

  // ---- reading --------------------------------------------------------------------------------

  list(): Recording[] {
    return this.repo.list().map((r) => this.toRecording(r));
  }

  get(id: string): Recording {
    return this.toRecording(this.require(id));
  }

  require(id: string): RecordingRow {
    const row = this.repo.get(id);
    if (!row || row.state === 'cancelled') throw new ReelayError('not-found', 'No such recording: it may have been deleted.');
    return row;
  }

  toRecording(r: RecordingRow): Recording {
    const target = storageTargetOf(r);
    let backfill: BackfillProgress = { state: 'none', progress: 0, etaSeconds: null, error: null };
    let posterUrl: string | null = null;
    for (const ext of this.extensions) {
      backfill = ext.backfillProgress?.(r.id) ?? backfill;
      posterUrl = ext.posterUrl?.(r) ?? posterUrl;
    }
    return {
      id: r.id,
      shareId: r.share_id,
      title: r.title,
      state: r.state,
      createdAt: r.created_at,
      durationMs: r.duration_ms,
      link: r.link,
      storage: target.kind,
      width: r.width,
      height: r.height,
      posterUrl,
      upload: this.deps.queue.progress(r.id),
      backfill,
    };
  }

  /** status.json's extras as of upload `uploadId`: only what the uploads before it published */
  statusExtras(recordingId: string, uploadId: number): StatusExtras {
    let extras: StatusExtras = { backfill: 'none', poster: false, thumbnails: false, download: false };
    const rec = this.repo.get(recordingId);
    if (!rec) return extras;
    const published: PublishedBefore = {
      asset: (name) => this.deps.queue.queuedBefore(recordingId, keys.asset(rec.share_id, name), uploadId),
      settled: () => !this.deps.queue.queuedAfter(recordingId, uploadId, keys.status(rec.share_id)),
    };
    for (const ext of this.extensions) extras = { ...extras, ...ext.statusExtras?.(recordingId, published) };
    return extras;
  }

  intakeDir(recordingId: string): string {
    return intakeDir(this.deps.dataDir, recordingId);
  }

  /** the full-quality master file, once at least one chunk of it is durable */
  masterFile(recordingId: string): { path: string; mimeType: string; bytes: number } | null {
    const mimeType = this.repo.masterMimeType(recordingId);
    if (!mimeType) return null;
    const { bytes } = this.repo.masterChunkCount(recordingId);
    return { path: intakePaths.master(this.intakeDir(recordingId), mimeType), mimeType, bytes };
  }

  storageOf(rec: RecordingRow): Storage {
    return this.deps.storageFor(storageTargetOf(rec));
  }

  // ---- lifecycle ------------------------------------------------------------------------------

  create(input: MethodInput<'recordings.create'>): Recording {
    const now = this.now();
    const target = this.deps.currentTarget();
    const shareId = newShareId();
    const row: Omit<RecordingRow, 'local_deleted' | 'published_deleted'> = {
      id: newRecordingId(),
      share_id: shareId,
      title: input.title ?? defaultTitle(now),
      state: 'created',
      created_at: now,
      started_at: null,
      stopped_at: null,
      duration_ms: 0,
      width: input.width,
      height: input.height,
      fps: input.fps,
      link: this.deps.storageFor(target).linkFor(shareId),
      storage_target: JSON.stringify(target),
    };
    this.deps.db.transaction(() => {
      this.repo.insert(row);
      this.enqueueStatus(row.id, shareId);
    })();
    const rec = this.repo.get(row.id)!;
    for (const ext of this.extensions) ext.onCreated?.(rec);
    this.deps.queue.kick();
    return this.changed(row.id);
  }

  start(id: string): Recording {
    return this.transition(id, 'recording', (r) => ({ started_at: r.started_at ?? this.now() }));
  }

  pause(id: string): Recording {
    return this.transition(id, 'paused');
  }

  resume(id: string): Recording {
    return this.transition(id, 'recording');
  }

  stop(id: string, durationMs: number): Recording {
    const rec = this.require(id);
    if (!LIVE_STATES.includes(rec.state)) return this.toRecording(rec); // idempotent
    const segSeconds = this.liveSeconds(id);
    this.deps.db.transaction(() => {
      this.repo.update(id, {
        state: 'finishing',
        stopped_at: this.now(),
        // the renderer knows the recorded time; the segments are the truth if it says nothing useful
        duration_ms: durationMs > 0 ? durationMs : Math.round(segSeconds * 1000),
      });
      this.enqueueFinal(this.repo.get(id)!);
    })();
    this.afterStop(id);
    return this.changed(id);
  }

  cancel(id: string): Promise<Recording> {
    const rec = this.require(id);
    if (!LIVE_STATES.includes(rec.state)) {
      throw new ReelayError('invalid-state', 'Only a recording in progress can be cancelled; delete it instead.');
    }
    this.repo.update(id, { state: 'cancelled' });
    const result = { ...this.toRecording(rec), state: 'cancelled' as const };
    return this.removeEverything(rec).then(() => result);
  }

  rename(id: string, title: string): Recording {
    const rec = this.require(id);
    this.deps.db.transaction(() => {
      this.repo.update(id, { title });
      this.enqueueStatus(id, rec.share_id);
    })();
    this.deps.queue.kick();
    return this.changed(id);
  }

  retryBackfill(id: string): Recording {
    this.require(id);
    const retried = this.extensions.some((ext) => ext.retryBackfill?.(id) ?? false);
    if (!retried) throw new ReelayError('invalid-state', 'Only HD versions that failed can be tried again.');
    return this.changed(id);
  }

  async delete(id: string, from: 'local' | 'storage' | 'both'): Promise<{ id: string }> {
    const rec = this.require(id);
    if (LIVE_STATES.includes(rec.state)) throw new ReelayError('invalid-state', 'Stop or cancel the recording before deleting it.');
    const local = from !== 'storage' || rec.local_deleted === 1;
    const published = from !== 'local' || rec.published_deleted === 1;
    if (local && published) {
      await this.removeEverything(rec);
      return { id };
    }
    if (from === 'local') {
      for (const ext of this.extensions) await ext.onDeleting?.(rec);
      // pending uploads still need the files: keep what is not yet published
      if (this.deps.queue.pendingCount(id) > 0) {
        throw new ReelayError('invalid-state', 'This recording is still uploading; delete it from this computer once the upload finishes.', true);
      }
      await fs.rm(this.intakeDir(id), { recursive: true, force: true });
      this.repo.update(id, { local_deleted: 1 });
    } else {
      await this.deps.queue.cancelRecording(id);
      await this.storageOf(rec).deletePrefix(keys.prefix(rec.share_id));
      this.repo.update(id, { published_deleted: 1 });
    }
    this.changed(id);
    return { id };
  }

  private async removeEverything(rec: RecordingRow): Promise<void> {
    for (const ext of this.extensions) await ext.onDeleting?.(rec);
    await this.deps.queue.cancelRecording(rec.id);
    await this.storageOf(rec).deletePrefix(keys.prefix(rec.share_id));
    await fs.rm(this.intakeDir(rec.id), { recursive: true, force: true });
    this.repo.delete(rec.id);
    this.deps.emit('recording-removed', { id: rec.id });
  }

  // ---- durable intake -------------------------------------------------------------------------

  async putInit(input: MethodInput<'recordings.putInit'>): Promise<{ durable: true }> {
    const rec = this.requireLive(input.id);
    const path = intakePaths.init(this.intakeDir(rec.id), input.rendition);
    await this.durably(() => writeFileDurable(path, input.data), 'the stream header');
    this.requireLive(input.id);
    this.deps.db.transaction(() => {
      const existing = this.repo.rendition(rec.id, input.rendition);
      this.repo.upsertRendition({
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
      if (!existing) {
        this.deps.queue.enqueueFile(rec.id, keys.init(rec.share_id, input.rendition), path, input.data.byteLength, 'video/mp4', CACHE.immutable);
      }
    })();
    this.deps.queue.kick();
    return { durable: true };
  }

  async putSegment(input: MethodInput<'recordings.putSegment'>): Promise<{ durable: true }> {
    const rec = this.requireLive(input.id);
    const rendition = this.repo.rendition(rec.id, input.rendition);
    if (!rendition) throw new ReelayError('invalid-state', `Send the init of rendition "${input.rendition}" before its segments.`);
    if (this.repo.segment(rec.id, input.rendition, input.seq)) return { durable: true };
    const path = intakePaths.segment(this.intakeDir(rec.id), input.rendition, input.seq);
    await this.durably(() => writeFileDurable(path, input.data), `segment ${input.seq}`);
    this.requireLive(input.id);
    this.deps.db.transaction(() => {
      if (this.repo.segment(rec.id, input.rendition, input.seq)) return; // a concurrent retry won
      const uploadId = this.deps.queue.enqueueFile(
        rec.id,
        keys.segment(rec.share_id, input.rendition, input.seq),
        path,
        input.data.byteLength,
        contentTypeFor(path),
        CACHE.immutable,
      );
      this.repo.insertSegment(rec.id, input.rendition, { seq: input.seq, duration_sec: input.durationSec, bytes: input.data.byteLength, upload_id: uploadId }, this.now());
      const playlistId = this.enqueuePlaylist(rec.share_id, rec.id, input.rendition);
      if (this.repo.rendition(rec.id, input.rendition)!.listed_after_upload_id === null) {
        // the first playlist of this rendition is now queued: the master may name it from here on
        this.repo.setRenditionListedAfter(rec.id, input.rendition, playlistId);
        this.enqueueMaster(rec.id, rec.share_id);
      }
    })();
    this.deps.queue.kick();
    return { durable: true };
  }

  async putMasterChunk(input: MethodInput<'recordings.putMasterChunk'>): Promise<{ durable: true }> {
    const rec = this.requireLive(input.id);
    const { count, bytes } = this.repo.masterChunkCount(rec.id);
    if (input.seq < count) return { durable: true }; // already have it
    if (input.seq > count) {
      throw new ReelayError('invalid-state', `Master chunk ${input.seq} arrived before chunk ${count}; send chunks in order.`, true);
    }
    const mimeType = this.repo.masterMimeType(rec.id) ?? input.mimeType;
    const path = intakePaths.master(this.intakeDir(rec.id), mimeType);
    await this.durably(() => writeAtDurable(path, bytes, input.data), 'the full-quality recording');
    this.requireLive(input.id);
    try {
      this.repo.insertMasterChunk(rec.id, input.seq, bytes, input.data.byteLength, mimeType);
    } catch (e) {
      if (this.repo.masterChunkCount(rec.id).count > input.seq) return { durable: true }; // a concurrent retry won
      throw e;
    }
    return { durable: true };
  }

  // ---- for the backfill and other producers of published files -------------------------------

  /**
   * Publishes a complete rendition made after the fact (the backfill): every segment, then its
   * playlist, then a master that lists it. The link never names a file that isn't there yet.
   */
  addRendition(
    recordingId: string,
    r: { name: string; codecs: string; width: number; height: number; frameRate: number; bitrate: number; initPath: string; segments: { path: string; durationSec: number; bytes: number }[] },
  ): void {
    const rec = this.require(recordingId);
    const q = this.deps.queue;
    this.deps.db.transaction(() => {
      this.repo.upsertRendition({
        recording_id: rec.id,
        name: r.name,
        state: 'building',
        codecs: r.codecs,
        width: r.width,
        height: r.height,
        frame_rate: r.frameRate,
        bitrate: r.bitrate,
        init_bytes: null,
      });
      this.deps.db.prepare('DELETE FROM segments WHERE recording_id = ? AND rendition = ?').run(rec.id, r.name);
      q.enqueueFile(rec.id, keys.init(rec.share_id, r.name), r.initPath, 0, 'video/mp4', CACHE.immutable);
      r.segments.forEach((s, seq) => {
        const uploadId = q.enqueueFile(rec.id, keys.segment(rec.share_id, r.name, seq), s.path, s.bytes, contentTypeFor(s.path), CACHE.immutable);
        this.repo.insertSegment(rec.id, r.name, { seq, duration_sec: s.durationSec, bytes: s.bytes, upload_id: uploadId }, this.now());
      });
      const playlistId = this.enqueuePlaylist(rec.share_id, rec.id, r.name);
      this.repo.setRenditionListedAfter(rec.id, r.name, playlistId, 'ready');
      this.enqueueMaster(rec.id, rec.share_id);
      this.enqueueStatus(rec.id, rec.share_id);
    })();
    q.kick();
    this.changed(recordingId);
  }

  /** publishes another file of the recording (poster, thumbnails, download) under `<shareId>/<name>` */
  publishAsset(recordingId: string, name: string, path: string, bytes: number): void {
    const rec = this.require(recordingId);
    this.deps.db.transaction(() => {
      this.deps.queue.enqueueFile(rec.id, keys.asset(rec.share_id, name), path, bytes, contentTypeFor(name), cacheControlFor(name));
      this.enqueueStatus(rec.id, rec.share_id);
    })();
    this.deps.queue.kick();
  }

  /** re-publish status.json and tell the UI (backfill progress, new assets) */
  notifyChanged(recordingId: string, republishStatus = false): void {
    const rec = this.repo.get(recordingId);
    if (!rec || rec.state === 'cancelled') return;
    if (republishStatus) {
      this.enqueueStatus(rec.id, rec.share_id);
      this.deps.queue.kick();
    }
    this.changed(recordingId);
  }

  /** called by the upload queue when a recording has nothing left to publish */
  onDrained(recordingId: string): void {
    const rec = this.repo.get(recordingId);
    if (rec?.state === 'finishing') {
      this.deps.db.transaction(() => {
        this.repo.update(recordingId, { state: 'ready' });
        this.enqueueStatus(rec.id, rec.share_id);
      })();
      this.deps.queue.kick();
    }
    if (rec && rec.state !== 'cancelled') this.changed(recordingId);
  }

  // ---- recovery -------------------------------------------------------------------------------

  /**
   * After a crash: recordings that were being captured keep every durable segment, get closed
   * playlists (ENDLIST) and are marked interrupted. Interrupted uploads resume by themselves.
   */
  recover(): { interrupted: string[]; discarded: string[] } {
    const interrupted: string[] = [];
    const discarded: string[] = [];
    for (const rec of this.repo.inStates(LIVE_STATES)) {
      const seconds = this.liveSeconds(rec.id);
      const hasMedia = seconds > 0 || this.repo.masterChunkCount(rec.id).count > 0;
      if (!hasMedia && rec.state === 'created') {
        // nothing was captured: the app died during the countdown
        this.repo.update(rec.id, { state: 'cancelled' });
        discarded.push(rec.id);
        continue;
      }
      this.interrupt(rec.id, seconds);
      interrupted.push(rec.id);
    }
    for (const rec of this.repo.inStates(['finishing'])) {
      if (this.deps.queue.pendingCount(rec.id) === 0) this.onDrained(rec.id);
    }
    this.deps.queue.kick();
    return { interrupted, discarded };
  }

  /**
   * A recording that stopped sending media while it says it is recording lost its capture (the tab
   * or window died, the machine slept): close it as interrupted, like after a crash, so its viewers
   * get an ending. A paused recording may rightly stay silent, so only 'recording' is checked.
   */
  reapAbandoned(maxSilenceMs: number): string[] {
    const now = this.now();
    const reaped: string[] = [];
    for (const rec of this.repo.inStates(['recording'])) {
      const lastMedia = this.deps.db
        .prepare('SELECT MAX(created_at) FROM segments WHERE recording_id = ?')
        .pluck()
        .get(rec.id) as number | null;
      const last = Math.max(lastMedia ?? 0, rec.started_at ?? rec.created_at, this.lastActivity.get(rec.id) ?? 0);
      if (now - last <= maxSilenceMs) continue;
      this.interrupt(rec.id, this.liveSeconds(rec.id));
      reaped.push(rec.id);
    }
    return reaped;
  }

  // ---- internals ------------------------------------------------------------------------------

  /** when each recording last changed state in this process (a resume restarts its silence clock) */
  private readonly lastActivity = new Map<string, number>();

  private interrupt(id: string, seconds: number): void {
    this.deps.db.transaction(() => {
      this.repo.update(id, { state: 'interrupted', stopped_at: this.now(), duration_ms: Math.round(seconds * 1000) });
      this.enqueueFinal(this.repo.get(id)!);
    })();
    this.afterStop(id);
    this.changed(id);
  }

  private liveSeconds(recordingId: string): number {
    const live = this.repo.renditions(recordingId).filter((r) => r.state === 'live');
    // every live rendition covers the same time; take the longest in case one lost its tail
    return Math.max(0, ...live.map((r) => this.repo.segments(recordingId, r.name).reduce((s, x) => s + x.duration_sec, 0)));
  }

  private requireLive(id: string): RecordingRow {
    const rec = this.require(id);
    if (!LIVE_STATES.includes(rec.state)) {
      throw new ReelayError('invalid-state', `This recording is ${rec.state}; it takes no more media.`);
    }
    return rec;
  }

  private async durably<T>(write: () => Promise<T>, what: string): Promise<T> {
    try {
      return await write();
    } catch (e) {
      throw fileError(e, what);
    }
  }

  private transition(id: string, to: RecordingState, extra?: (r: RecordingRow) => Partial<RecordingRow>): Recording {
    const rec = this.require(id);
    if (rec.state === to) return this.toRecording(rec);
    if (!canTransition(rec.state, to)) {
      throw new ReelayError('invalid-state', `A recording that is ${rec.state} cannot become ${to}.`);
    }
    this.lastActivity.set(id, this.now());
    this.deps.db.transaction(() => {
      this.repo.update(id, { state: to, ...extra?.(rec) });
      this.enqueueStatus(id, rec.share_id);
    })();
    this.deps.queue.kick();
    return this.changed(id);
  }

  private afterStop(id: string): void {
    this.deps.queue.kick();
    const rec = this.repo.get(id)!;
    for (const ext of this.extensions) ext.onStopped?.(rec);
    if (rec.state === 'finishing' && this.deps.queue.pendingCount(id) === 0) this.onDrained(id);
  }

  /** the closing files: every live playlist with ENDLIST, the master, status */
  private enqueueFinal(rec: RecordingRow): void {
    const renditions = this.repo.renditions(rec.id);
    for (const r of renditions.filter((x) => x.state === 'live')) this.enqueuePlaylist(rec.share_id, rec.id, r.name);
    if (renditions.some((r) => r.listed_after_upload_id !== null)) this.enqueueMaster(rec.id, rec.share_id);
    this.enqueueStatus(rec.id, rec.share_id);
  }

  private enqueuePlaylist(shareId: string, recordingId: string, rendition: string): number {
    return this.deps.queue.enqueueGenerated(recordingId, keys.mediaPlaylist(shareId, rendition), GENERATORS.mediaPlaylist(rendition), contentTypeFor('x.m3u8'), CACHE.playlist);
  }

  private enqueueMaster(recordingId: string, shareId: string): number {
    return this.deps.queue.enqueueGenerated(recordingId, keys.master(shareId), GENERATORS.master, contentTypeFor('x.m3u8'), CACHE.playlist);
  }

  private enqueueStatus(recordingId: string, shareId: string): number {
    return this.deps.queue.enqueueGenerated(recordingId, keys.status(shareId), GENERATORS.status, contentTypeFor('x.json'), CACHE.playlist);
  }

  private changed(id: string): Recording {
    const rec = this.toRecording(this.repo.get(id)!);
    this.deps.emit('recording-updated', rec);
    return rec;
  }
}

export function defaultTitle(epochMs: number): string {
  const d = new Date(epochMs);
  const date = d.toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric' });
  const time = d.toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit' });
  return `Recording ${date}, ${time}`;
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
