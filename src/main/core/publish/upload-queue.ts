// The persistent publish queue. Every file a viewer may fetch goes through it, so that:
// - per recording, files go out strictly in the order they were enqueued (a segment before the playlist
//   naming it, never an older playlist after a newer one);
// - across recordings, at most `concurrency` uploads are in flight;
// - failures retry with backoff (retry policy as data); failures that won't fix themselves (bad
//   credentials) wait for the user instead of hammering the storage;
// - nothing is lost across restarts: the queue lives in SQLite and resumes where it stopped.
import type { Database } from 'better-sqlite3';
import type { UploadProgress } from '../../../shared/domain';
import { StorageError, type Storage } from '../storage/storage';
import { retryDelayMs, type RetryPolicy } from './retry';
import { isNodeError } from '../errors';

export interface UploadItem {
  id: number;
  recording_id: string;
  key: string;
  source: 'file' | 'generated';
  source_path: string | null;
  generator: string | null;
  content_type: string;
  cache_control: string;
  bytes: number;
  state: 'pending' | 'done' | 'skipped' | 'failed';
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
}

export interface UploadQueueDeps {
  db: Database;
  storageFor: (recordingId: string) => Storage;
  /** renders a generated item at send time; null means there is nothing to publish yet */
  render: (item: UploadItem) => Uint8Array | null;
  retry: RetryPolicy;
  concurrency: number;
  now?: () => number;
  /** called whenever a recording's progress or waiting state changes */
  onChange?: (recordingId: string) => void;
  /** while a large file is being sent, onChange fires at most this often (default 500 ms) */
  progressIntervalMs?: number;
  /** called when a recording has no pending uploads left */
  onDrained?: (recordingId: string) => void;
  log?: (message: string) => void;
}

/** how long a non-retryable failure (bad credentials, no permission) waits before one more try */
const BLOCKED_RECHECK_MS = 60_000;

export class UploadQueue {
  private readonly db: Database;
  private readonly now: () => number;
  private readonly inFlight = new Map<string, { item: UploadItem; abort: AbortController; sent: number; done: Promise<void> }>();
  private readonly waiting = new Map<string, { reason: string; retryable: boolean }>();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private started = false;

  constructor(private readonly deps: UploadQueueDeps) {
    this.db = deps.db;
    this.now = deps.now ?? Date.now;
  }

  enqueueFile(recordingId: string, key: string, path: string, bytes: number, contentType: string, cacheControl: string): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO uploads (recording_id, key, source, source_path, content_type, cache_control, bytes, state, created_at)
           VALUES (?, ?, 'file', ?, ?, ?, ?, 'pending', ?)`,
        )
        .run(recordingId, key, path, contentType, cacheControl, bytes, this.now()).lastInsertRowid,
    );
  }

  enqueueGenerated(recordingId: string, key: string, generator: string, contentType: string, cacheControl: string): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO uploads (recording_id, key, source, generator, content_type, cache_control, state, created_at)
           VALUES (?, ?, 'generated', ?, ?, ?, 'pending', ?)`,
        )
        .run(recordingId, key, generator, contentType, cacheControl, this.now()).lastInsertRowid,
    );
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
    this.db.prepare(`UPDATE uploads SET next_attempt_at = 0 WHERE state = 'pending'`).run();
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
    const wake = this.db.prepare(`UPDATE uploads SET next_attempt_at = 0 WHERE state = 'pending' AND recording_id = ?`);
    this.db.transaction(() => {
      for (const id of retryable) wake.run(id);
    })();
    this.kick();
  }

  progress(recordingId: string): UploadProgress {
    const row = this.db
      .prepare(
        `SELECT COUNT(*) AS filesTotal,
                COALESCE(SUM(CASE WHEN state != 'pending' THEN 1 ELSE 0 END), 0) AS filesDone,
                COALESCE(SUM(bytes), 0) AS bytesTotal,
                COALESCE(SUM(CASE WHEN state != 'pending' THEN bytes ELSE 0 END), 0) AS bytesDone
         FROM uploads WHERE recording_id = ?`,
      )
      .get(recordingId) as Omit<UploadProgress, 'waiting'>;
    const flying = this.inFlight.get(recordingId);
    return { ...row, bytesDone: row.bytesDone + (flying?.sent ?? 0), waiting: this.waiting.get(recordingId) ?? null };
  }

  /**
   * Whether `key` was queued before upload `beforeId` (by per-recording order, it is in the storage
   * by the time `beforeId` is sent).
   */
  queuedBefore(recordingId: string, key: string, beforeId: number): boolean {
    return (
      this.db.prepare(`SELECT 1 FROM uploads WHERE recording_id = ? AND key = ? AND id < ? AND state != 'skipped' LIMIT 1`).get(recordingId, key, beforeId) !== undefined
    );
  }

  /** whether anything but copies of `exceptKey` is queued after upload `afterId` */
  queuedAfter(recordingId: string, afterId: number, exceptKey: string): boolean {
    return (
      this.db.prepare(`SELECT 1 FROM uploads WHERE recording_id = ? AND id > ? AND key != ? AND state = 'pending' LIMIT 1`).get(recordingId, afterId, exceptKey) !== undefined
    );
  }

  pendingCount(recordingId: string): number {
    return this.db.prepare(`SELECT COUNT(*) FROM uploads WHERE recording_id = ? AND state = 'pending'`).pluck().get(recordingId) as number;
  }

  /** drops a recording's pending uploads and stops the one in flight */
  async cancelRecording(recordingId: string): Promise<void> {
    this.db.prepare(`DELETE FROM uploads WHERE recording_id = ? AND state = 'pending'`).run(recordingId);
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
    const busy = [...this.inFlight.keys()];
    // the head (lowest pending id) of each recording's queue; only heads may be sent
    const heads = this.db
      .prepare(
        `SELECT u.* FROM uploads u
         JOIN (SELECT recording_id, MIN(id) AS id FROM uploads WHERE state = 'pending' GROUP BY recording_id) h ON h.id = u.id
         ORDER BY u.next_attempt_at, u.id`,
      )
      .all() as UploadItem[];
    let nextWake = Infinity;
    for (const head of heads) {
      if (this.inFlight.size >= this.deps.concurrency) break;
      if (busy.includes(head.recording_id)) continue;
      if (head.next_attempt_at > now) {
        nextWake = Math.min(nextWake, head.next_attempt_at);
        continue;
      }
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
        const newer = this.db
          .prepare(
            `SELECT 1 FROM uploads n WHERE n.recording_id = ? AND n.key = ? AND n.state = 'pending' AND n.id > ?
               AND NOT EXISTS (SELECT 1 FROM uploads b WHERE b.recording_id = n.recording_id AND b.state = 'pending'
                               AND b.source = 'generated' AND b.key != n.key AND b.id > ? AND b.id < n.id)
             ORDER BY n.id LIMIT 1`,
          )
          .get(item.recording_id, item.key, item.id, item.id);
        const data = newer ? null : this.deps.render(item);
        if (data === null) {
          this.finish(item.id, 'skipped', 0);
          return;
        }
        body = { data };
      } else {
        body = { path: item.source_path! };
      }
      const storage = this.deps.storageFor(item.recording_id);
      await storage.put(item.key, body, { contentType: item.content_type, cacheControl: item.cache_control, onProgress, signal });
      this.finish(item.id, 'done', 'data' in body ? body.data.byteLength : item.bytes);
      const wasWaiting = this.waiting.get(item.recording_id);
      this.waiting.delete(item.recording_id);
      // one recording got through after a network failure: the others need not sit out their backoff
      if (wasWaiting?.retryable) this.networkBack();
    } catch (e) {
      if (signal.aborted) return;
      this.fail(item, e);
    }
  }

  private finish(id: number, state: 'done' | 'skipped' | 'failed', bytes: number): void {
    this.db.prepare('UPDATE uploads SET state = ?, bytes = ?, done_at = ?, last_error = NULL WHERE id = ?').run(state, bytes, this.now(), id);
  }

  private fail(item: UploadItem, e: unknown): void {
    if (item.source === 'file' && isNodeError(e) && e.code === 'ENOENT') {
      // the local file is gone (deleted by the user): nothing left to send, don't block the rest
      this.db.prepare(`UPDATE uploads SET state = 'failed', last_error = ?, done_at = ? WHERE id = ?`).run('local file missing', this.now(), item.id);
      this.deps.log?.(`upload ${item.key}: local file missing, skipped`);
      return;
    }
    const retryable = e instanceof StorageError ? e.retryable : isRetryableFlag(e) ?? true;
    const reason = e instanceof Error ? e.message : String(e);
    const attempts = item.attempts + 1;
    const delay = retryable ? retryDelayMs(this.deps.retry, attempts) : BLOCKED_RECHECK_MS;
    this.db
      .prepare('UPDATE uploads SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?')
      .run(attempts, this.now() + delay, reason, item.id);
    this.waiting.set(item.recording_id, { reason, retryable });
    this.deps.log?.(`upload ${item.key} failed (attempt ${attempts}, ${retryable ? `retry in ${delay} ms` : 'waiting for the user'}): ${reason}`);
  }

  private afterAttempt(recordingId: string): void {
    if (this.closed) return;
    this.deps.onChange?.(recordingId);
    if (this.pendingCount(recordingId) === 0) this.deps.onDrained?.(recordingId);
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
