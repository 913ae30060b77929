// The persistent publish queue. Every file a viewer may fetch goes through it, so that:
// - per recording, files go out strictly in the order they were enqueued (a segment before the playlist
//   naming it, never an older playlist after a newer one);
// - across recordings, at most `concurrency` uploads are in flight, and the live lane goes first: no
//   backfill upload (HD rungs, poster, thumbnails, MP4) starts while a live upload of any recording is
//   due or in flight, or while a recording captures, so the link plays as soon as it can;
// - failures retry with backoff (retry policy as data); failures that won't fix themselves (bad
//   credentials) wait for the user instead of hammering the storage;
// - nothing is lost across restarts: the queue lives in SQLite and resumes where it stopped.
import type { UploadProgress } from '../../../shared/domain';
import { retryDelayMs, type RetryPolicy } from '../../../shared/retry';
import { StorageError, type Storage } from '../storage/storage';
import type { UploadItem, UploadsRepo } from '../library/uploads-repo';
import { isNodeError } from '../errors';

export interface UploadQueueDeps {
  uploads: UploadsRepo;
  storageFor: (recordingId: string) => Storage;
  /** renders a generated item at send time; null means there is nothing to publish yet */
  render: (item: UploadItem) => Uint8Array | null;
  retry: RetryPolicy;
  concurrency: number;
  /** true while a recording captures: backfill uploads wait, so live segments get the bandwidth */
  holdBackfill?: () => boolean;
  now?: () => number;
  /** called after every attempt, and as a large file's bytes go out */
  onChange?: (recordingId: string) => void;
  /** while a large file is being sent, onChange fires at most this often (default 500 ms) */
  progressIntervalMs?: number;
  log?: (message: string) => void;
}

/** how long a non-retryable failure (bad credentials, no permission) waits before one more try */
const BLOCKED_RECHECK_MS = 60_000;

export class UploadQueue {
  private readonly uploads: UploadsRepo;
  private readonly now: () => number;
  private readonly inFlight = new Map<string, { item: UploadItem; abort: AbortController; sent: number; done: Promise<void> }>();
  private readonly waiting = new Map<string, { reason: string; retryable: boolean }>();
  private timer: NodeJS.Timeout | null = null;
  /** the database could not record a failed attempt (its disk is full): nothing is sent before this */
  private stalledUntil = 0;
  private stalls = 0;
  private closed = false;
  private started = false;

  constructor(private readonly deps: UploadQueueDeps) {
    this.uploads = deps.uploads;
    this.now = deps.now ?? Date.now;
  }

  start(): void {
    this.started = true;
    this.kick();
  }

  /** look for work now (call after enqueueing) */
  kick(): void {
    if (!this.started || this.closed) return;
    queueMicrotask(() => this.pump());
  }

  /** retry everything now, e.g. after the user fixed the storage settings or the network came back */
  retryNow(): void {
    this.uploads.wake();
    this.kick();
  }

  /**
   * The network is back (the OS said so, or an upload just succeeded after failures): retry what
   * waits on a retryable failure now instead of after its backoff. Uploads blocked on errors that
   * need the user (bad credentials) keep waiting.
   */
  networkBack(): void {
    const retryable = [...this.waiting].filter(([, w]) => w.retryable).map(([id]) => id);
    if (retryable.length === 0) return;
    for (const id of retryable) this.uploads.wake(id);
    this.kick();
  }

  progress(recordingId: string): UploadProgress {
    return this.withLive(recordingId, this.uploads.progress(recordingId));
  }

  /** progress() of many recordings, their rows read in one query (a library page) */
  progressOf(recordingIds: readonly string[]): Map<string, UploadProgress> {
    const rows = this.uploads.progressOf(recordingIds);
    return new Map([...rows].map(([id, row]) => [id, this.withLive(id, row)]));
  }

  /** the rows' figures plus what only this queue knows: the bytes in flight, why it waits */
  private withLive(recordingId: string, row: Omit<UploadProgress, 'waiting'>): UploadProgress {
    const flying = this.inFlight.get(recordingId);
    return { ...row, bytesDone: row.bytesDone + (flying?.sent ?? 0), waiting: this.waiting.get(recordingId) ?? null };
  }

  /** drops a recording's pending uploads and stops the one in flight */
  async cancelRecording(recordingId: string): Promise<void> {
    this.uploads.dropPending(recordingId);
    const flying = this.inFlight.get(recordingId);
    if (flying) {
      flying.abort.abort();
      await flying.done.catch(() => undefined);
    }
    this.waiting.delete(recordingId);
  }

  /**
   * Resolves when nothing is in flight; pending work stays in the database for the next start.
   * Uploads in flight are cancelled (a stalled connection or a long MP4 must not hold up quitting);
   * they stay pending, and a multipart upload resumes from its finished parts.
   */
  async close(options: { abortInFlight?: boolean } = {}): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    if (options.abortInFlight ?? true) for (const f of this.inFlight.values()) f.abort.abort();
    await Promise.allSettled([...this.inFlight.values()].map((f) => f.done));
  }

  private pump(): void {
    if (this.closed) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const now = this.now();
    if (now < this.stalledUntil) {
      this.timer = setTimeout(() => this.pump(), this.stalledUntil - now);
      return;
    }
    const flying = [...this.inFlight.values()].map((f) => f.item);
    // live uploads first; backfill ones only when no live upload is due or in flight, and nobody captures
    const heads = this.uploads.heads().sort((a, b) => laneRank(a) - laneRank(b));
    let liveWaiting = flying.some((i) => i.lane === 'live') || (this.deps.holdBackfill?.() ?? false);
    let nextWake = Infinity;
    for (const head of heads) {
      if (this.inFlight.size >= this.deps.concurrency) break;
      if (this.inFlight.has(head.recording_id)) continue;
      if (head.next_attempt_at > now) {
        nextWake = Math.min(nextWake, head.next_attempt_at);
        continue;
      }
      if (head.lane === 'live') liveWaiting = true;
      else if (liveWaiting) break;
      this.send(head);
    }
    if (nextWake !== Infinity) {
      this.timer = setTimeout(() => this.pump(), Math.max(5, nextWake - now));
    }
  }

  private send(item: UploadItem): void {
    const abort = new AbortController();
    const entry = { item, abort, sent: 0, done: Promise.resolve() };
    this.inFlight.set(item.recording_id, entry);
    let lastReport = 0;
    const interval = this.deps.progressIntervalMs ?? 500;
    entry.done = this.attempt(item, abort.signal, (n) => {
      entry.sent = n;
      // a large file (the MP4 download, multipart) takes a while: let the UI follow it
      const now = Date.now();
      if (now - lastReport >= interval && !this.closed) {
        lastReport = now;
        this.deps.onChange?.(item.recording_id);
      }
    }).finally(() => {
      this.inFlight.delete(item.recording_id);
      this.afterAttempt(item.recording_id);
    });
  }

  private async attempt(item: UploadItem, signal: AbortSignal, onProgress: (n: number) => void): Promise<void> {
    try {
      let body: { path: string } | { data: Uint8Array };
      if (item.source === 'generated') {
        // a newer copy of the same file is already queued behind this one: send only that one, unless
        // a generated file queued in between may name this one (a master rendered after the first
        // media playlist lists it, so that playlist must be there when the master lands)
        const newer = this.uploads.hasNewerCopy(item);
        const data = newer ? null : this.deps.render(item);
        if (data === null) {
          this.uploads.finish(item.id, 'skipped', 0);
          return;
        }
        body = { data };
      } else {
        body = { path: item.source_path! };
      }
      const storage = this.deps.storageFor(item.recording_id);
      await storage.put(item.key, body, { contentType: item.content_type, cacheControl: item.cache_control, onProgress, signal });
      this.uploads.finish(item.id, 'done', 'data' in body ? body.data.byteLength : item.bytes);
      this.stalls = 0;
      const wasWaiting = this.waiting.get(item.recording_id);
      this.waiting.delete(item.recording_id);
      // one recording got through after a network failure: the others need not sit out their backoff
      if (wasWaiting?.retryable) this.networkBack();
    } catch (e) {
      if (signal.aborted) return;
      this.fail(item, e);
    }
  }

  private fail(item: UploadItem, e: unknown): void {
    if (item.source === 'file' && isNodeError(e) && e.code === 'ENOENT') {
      // the local file is gone (deleted by the user): nothing left to send, don't block the rest
      this.uploads.finish(item.id, 'failed', null, 'local file missing');
      this.deps.log?.(`upload ${item.key}: local file missing, skipped`);
      return;
    }
    const retryable = e instanceof StorageError ? e.retryable : isRetryableFlag(e) ?? true;
    const reason = e instanceof Error ? e.message : String(e);
    const attempts = item.attempts + 1;
    const delay = retryable ? retryDelayMs(this.deps.retry, attempts) : BLOCKED_RECHECK_MS;
    try {
      this.uploads.deferAfterFailure(item.id, attempts, this.now() + delay, reason);
    } catch (e2) {
      // Without its new time the item is due again at once: sent, refused, sent... in a loop of
      // microtasks that starves the whole process. Wait in memory instead, with backoff.
      this.stalls++;
      this.stalledUntil = this.now() + retryDelayMs(this.deps.retry, this.stalls);
      this.deps.log?.(`upload ${item.key}: the library could not record the failure (${e2 instanceof Error ? e2.message : String(e2)}); the queue waits`);
    }
    this.waiting.set(item.recording_id, { reason, retryable });
    this.deps.log?.(`upload ${item.key} failed (attempt ${attempts}, ${retryable ? `retry in ${delay} ms` : 'waiting for the user'}): ${reason}`);
  }

  private afterAttempt(recordingId: string): void {
    if (this.closed) return;
    try {
      this.deps.onChange?.(recordingId);
    } catch (e) {
      // what follows an upload (status, 'ready') may write to a full disk; the queue goes on regardless
      this.deps.log?.(`upload queue: after an upload of ${recordingId}: ${e instanceof Error ? e.message : String(e)}`);
    }
    this.pump();
  }
}

/** errors that say whether retrying helps (ReelayError, StorageError): their answer, else undefined */
function isRetryableFlag(e: unknown): boolean | undefined {
  if (typeof e === 'object' && e !== null && 'retryable' in e && typeof (e as { retryable: unknown }).retryable === 'boolean') {
    return (e as { retryable: boolean }).retryable;
  }
  return undefined;
}

const laneRank = (item: UploadItem): number => (item.lane === 'live' ? 0 : 1);
