// The backfill queue: persistent jobs, one at a time by default, ffmpeg at lowered priority so that
// recording stays smooth. Jobs survive restarts (one found running at start was interrupted and runs
// again), retry transient failures with backoff, and stop when their recording is deleted. What a
// job does is in job.ts. A full disk fails a job at once (retrying cannot help until the user frees
// space), with its scratch files gone, and Try again runs it once there is room.
import type { Database } from 'better-sqlite3';
import { RETRY, retryDelayMs, shouldRetry, type RetryPolicy } from '../../../shared/retry';
import type { InternalEvents } from '../events';
import type { RecordingsRepo } from '../library/recordings-repo';
import type { Publisher } from '../publish/publisher';
import type { Intake } from '../recording/intake';
import { JobsRepo, type JobRow } from '../library/jobs-repo';
import { CancelledError, DISK_FULL_MESSAGE, JobRun, PermanentBackfillError } from './job-run';
import { BackfillJob } from './job';
import { FfmpegError } from './ffmpeg-process';
import { isDiskFull } from '../errors';
import { diskRoom, type DiskRoom } from '../files/disk-room';
import { chooseFfmpeg, describeChoice, type FfmpegChoice } from './ffmpeg-path';
import { checkFfmpeg } from './probe';

export interface BackfillDeps {
  db: Database;
  recordings: RecordingsRepo;
  intake: Pick<Intake, 'masterFile' | 'intakeDir'>;
  publisher: Publisher;
  internal: InternalEvents;
  /** the ffmpeg path from Settings, read at the start of each job */
  ffmpegSetting: () => string | null;
  log: (message: string, error?: unknown) => void;
}

export interface BackfillOptions {
  /** used when neither Settings nor REELAY_FFMPEG name an ffmpeg; the bundled one otherwise */
  ffmpegPath?: string;
  /** jobs at once; 1 by default so recording stays smooth on small machines */
  concurrency?: number;
  /** os.setPriority value for ffmpeg: 10 = nice 10, "below normal" on Windows */
  priority?: number;
  /** maxAttempts: runs of one job before it fails for good (a crash mid-run counts as one) */
  retry?: RetryPolicy;
  /** x264 preset (veryfast by default) */
  preset?: string;
  env?: NodeJS.ProcessEnv;
  now?: () => number;
  /** at most one progress update per recording per this many ms (UI events and the database) */
  progressIntervalMs?: number;
  /** the room on the data folder's disk; by default asked of the OS (tests: null, to meet the disk's own ENOSPC) */
  diskRoom?: (dir: string) => Promise<DiskRoom | null>;
}

/** a job the library could not mark running (a full disk) is tried again this much later */
const RELAUNCH_AFTER_MS = 10_000;

interface ProgressThrottle {
  at: number;
  timer: NodeJS.Timeout | null;
  pending: { progress: number; etaSeconds: number | null } | null;
}

export class BackfillWorker {
  readonly jobs: JobsRepo;
  private readonly now: () => number;
  private readonly retry: RetryPolicy;
  private readonly running = new Map<string, JobRun>();
  private readonly checked = new Map<string, Promise<unknown>>();
  private readonly throttles = new Map<string, ProgressThrottle>();
  private timer: NodeJS.Timeout | null = null;
  private capturing = false;
  private started = false;
  private closed = false;

  constructor(
    private readonly deps: BackfillDeps,
    private readonly options: BackfillOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.retry = options.retry ?? RETRY.backfill;
    this.jobs = new JobsRepo(deps.db, this.now);
  }

  // ---- what the recording service, the UI and the viewer ask ----------------------------------

  /** a recording stopped: queue its job if it has a master */
  enqueue(recordingId: string): void {
    if (!this.deps.intake.masterFile(recordingId)) return;
    if (this.jobs.insert(recordingId)) {
      this.changed(recordingId, true);
      this.pump();
    }
  }

  /** runs a failed or cancelled job again, from where it stopped; false when there is no such job */
  retryJob(recordingId: string): boolean {
    const job = this.jobs.get(recordingId);
    if (!job || (job.state !== 'failed' && job.state !== 'cancelled')) return false;
    this.jobs.update(recordingId, { state: 'queued', attempts: 0, next_attempt_at: 0, error: null, error_code: null, eta_seconds: null });
    this.changed(recordingId, true);
    this.pump();
    return true;
  }

  /** the ffmpeg setting changed: jobs that failed for want of a working ffmpeg try again */
  ffmpegChanged(): void {
    for (const id of this.jobs.failedWith('ffmpeg-missing')) this.retryJob(id);
  }

  /** stops a recording's job for good (it is being deleted); resolves once its ffmpeg is gone */
  async cancel(recordingId: string): Promise<void> {
    const job = this.jobs.get(recordingId);
    if (job && (job.state === 'queued' || job.state === 'running')) this.jobs.update(recordingId, { state: 'cancelled', eta_seconds: null });
    const run = this.running.get(recordingId);
    if (run) {
      await run.cancel();
      await run.done;
    }
  }

  /**
   * While a recording captures, backfill waits: no job starts and running ffmpeg is held, so the
   * live variant keeps its encoder time (measured: live publish lag p95 ~0.9 s with a backfill
   * running beside a recording, ~0.2 s without).
   */
  setCapturing(on: boolean): void {
    if (on === this.capturing) return;
    this.capturing = on;
    for (const run of this.running.values()) run.hold(on);
    if (!on) this.pump();
  }

  // ---- the queue ------------------------------------------------------------------------------

  start(): void {
    if (this.started) return;
    this.started = true;
    const interrupted = this.jobs.requeueInterrupted();
    if (interrupted.length > 0) this.deps.log(`backfill: ${interrupted.length} interrupted job(s) will run again`);
    for (const id of this.jobs.missingJobs()) this.enqueue(id);
    this.pump();
  }

  /** stops running jobs without failing them: they run again at the next start. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const t of this.throttles.values()) if (t.timer) clearTimeout(t.timer);
    const runs = [...this.running.values()];
    for (const run of runs) run.closing = true;
    await Promise.all(
      runs.map(async (run) => {
        await run.cancel();
        await run.done;
      }),
    );
  }

  /** recordings whose job runs now */
  runningJobs(): string[] {
    return [...this.running.keys()];
  }

  /** the process id of a running job's ffmpeg, if one runs now */
  ffmpegPid(recordingId: string): number | undefined {
    return this.running.get(recordingId)?.current?.pid;
  }

  private pump(): void {
    if (!this.started || this.closed) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const concurrency = Math.max(1, this.options.concurrency ?? 1);
    while (this.running.size < concurrency && !this.capturing) {
      const job = this.jobs.nextDue([...this.running.keys()]);
      if (!job) break;
      if (!this.launch(job)) {
        this.timer = setTimeout(() => this.pump(), RELAUNCH_AFTER_MS);
        return;
      }
    }
    const wake = this.jobs.nextWake();
    const now = this.now();
    if (wake !== null && wake > now) this.timer = setTimeout(() => this.pump(), wake - now);
  }

  /** false when the job could not even be marked running */
  private launch(job: JobRow): boolean {
    const id = job.recording_id;
    const run = new JobRun(id, job.attempts + 1);
    try {
      // a previous attempt's error ("trying again in 5 s") is stale once the job runs again
      this.jobs.update(id, { state: 'running', attempts: run.attempt, eta_seconds: null, error: null, error_code: null });
    } catch (e) {
      // the library cannot be written (a full disk): the job stays queued; pump runs from timers and must not throw
      this.deps.log(`backfill ${id}: could not start the job`, e);
      return false;
    }
    this.running.set(id, run);
    this.changed(id, true);
    run.done = this.execute(run)
      .then(() => this.succeed(id))
      .catch((e: unknown) => this.fail(run, e))
      .catch((e: unknown) => this.deps.log(`backfill ${id}: could not record the outcome`, e))
      .finally(() => {
        this.running.delete(id);
        this.pump();
      });
    return true;
  }

  private async execute(run: JobRun): Promise<void> {
    const ffmpeg = await this.ffmpeg();
    run.check();
    const job = new BackfillJob(run, {
      db: this.deps.db,
      recordings: this.deps.recordings,
      intake: this.deps.intake,
      publisher: this.deps.publisher,
      jobs: this.jobs,
      changed: (id) => this.changed(id, false),
      ffmpeg,
      priority: this.options.priority ?? 10,
      preset: this.options.preset,
      now: this.now,
      log: this.deps.log,
      report: (progress, eta) => this.reportProgress(run.recordingId, progress, eta),
      diskRoom: () => (this.options.diskRoom ?? diskRoom)(this.deps.intake.intakeDir(run.recordingId)),
    });
    await job.execute();
  }

  /** the ffmpeg to use, checked once per path (it runs, it is ffmpeg, it has our encoders) */
  async ffmpeg(): Promise<string> {
    const choice = chooseFfmpeg(this.deps.ffmpegSetting(), this.options.env ?? process.env, this.options.ffmpegPath);
    if (!choice) {
      throw new PermanentBackfillError('No ffmpeg came with this copy of Reelay and none is set: set its path in Settings (or REELAY_FFMPEG).', 'ffmpeg-missing');
    }
    let check = this.checked.get(choice.path);
    if (!check) {
      check = checkFfmpeg(choice.path);
      this.checked.set(choice.path, check);
      check.catch(() => this.checked.delete(choice.path)); // the user may fix it: look again next time
    }
    try {
      await check;
    } catch (e) {
      throw new PermanentBackfillError(ffmpegProblem(choice, e), 'ffmpeg-missing');
    }
    return choice.path;
  }

  private succeed(id: string): void {
    this.dropProgress(id);
    this.jobs.update(id, { state: 'done', progress: 1, eta_seconds: null, error: null, error_code: null });
    this.changed(id, true);
  }

  private fail(run: JobRun, e: unknown): void {
    const id = run.recordingId;
    this.dropProgress(id);
    const rec = this.deps.recordings.get(id);
    if (!rec || rec.state === 'cancelled') return; // deleted: its job row went with it
    if (run.closing) {
      // a quit is not the job's fault: give the attempt back
      this.jobs.update(id, { state: 'queued', attempts: run.attempt - 1, eta_seconds: null, next_attempt_at: 0 });
      return;
    }
    if (run.cancelled || e instanceof CancelledError) {
      this.jobs.update(id, { state: 'cancelled', eta_seconds: null });
      this.changed(id, true);
      return;
    }
    const diskFull = isDiskFullFailure(e);
    const permanent = diskFull || e instanceof PermanentBackfillError || (e instanceof FfmpegError && e.failure === 'missing');
    const code = diskFull ? 'disk-full' : e instanceof PermanentBackfillError ? e.code : e instanceof FfmpegError && e.failure === 'missing' ? 'ffmpeg-missing' : 'internal';
    const message = diskFull ? DISK_FULL_MESSAGE : ensurePeriod(e instanceof Error ? e.message : String(e));
    this.deps.log(`backfill ${id}: attempt ${run.attempt} failed${permanent ? '' : ', will retry'}: ${message}`, e instanceof FfmpegError ? e.stderrTail : e);
    if (permanent || !shouldRetry(this.retry, { retryable: true }, run.attempt)) {
      const gaveUp = permanent ? '' : ` (gave up after ${run.attempt} attempts)`;
      this.jobs.update(id, { state: 'failed', eta_seconds: null, error_code: code, error: `${message}${gaveUp} The link keeps playing the live version.` });
    } else {
      const delay = retryDelayMs(this.retry, run.attempt);
      this.jobs.update(id, { state: 'queued', eta_seconds: null, error_code: code, next_attempt_at: this.now() + delay, error: `${message} Trying again in ${Math.ceil(delay / 1000)} s.` });
    }
    this.changed(id, true);
  }

  // ---- progress -------------------------------------------------------------------------------

  /** persists progress and tells the UI at most once per interval per recording; the last value wins */
  private reportProgress(id: string, progress: number, etaSeconds: number | null): void {
    const interval = this.options.progressIntervalMs ?? 500;
    let entry = this.throttles.get(id);
    if (!entry) this.throttles.set(id, (entry = { at: 0, timer: null, pending: null }));
    entry.pending = { progress, etaSeconds };
    const wait = entry.at + interval - this.now();
    if (wait <= 0) this.flushProgress(id, entry);
    else if (!entry.timer && !this.closed) {
      const e = entry;
      e.timer = setTimeout(() => this.flushProgress(id, e), wait);
    }
  }

  private flushProgress(id: string, entry: ProgressThrottle): void {
    entry.timer = null;
    const pending = entry.pending;
    if (!pending) return;
    entry.pending = null;
    entry.at = this.now();
    if (this.jobs.get(id)?.state !== 'running') return;
    const eta = pending.etaSeconds === null ? null : Math.round(pending.etaSeconds);
    try {
      this.jobs.update(id, { progress: Math.max(0, Math.min(1, pending.progress)), eta_seconds: eta });
    } catch {
      return; // a full disk refuses even this: progress is a hint, and this runs in ffmpeg's output handler or a timer
    }
    this.changed(id, false);
  }

  /** the job's state changed: the library follows; with `status`, status.json says so too */
  private changed(id: string, status: boolean): void {
    const rec = this.deps.recordings.get(id);
    if (!rec || rec.state === 'cancelled') return;
    try {
      if (status) this.deps.publisher.backfillChanged(rec);
    } catch (e) {
      // status.json follows at the next change; a full disk must not stop the job or the library's update
      this.deps.log(`backfill ${id}: could not queue status.json`, e);
    }
    this.deps.internal.emit('recording-changed', { recordingId: id });
  }

  private dropProgress(id: string): void {
    const entry = this.throttles.get(id);
    if (entry?.timer) clearTimeout(entry.timer);
    this.throttles.delete(id);
  }
}

/** the disk (or the database on it) refused a write: by the error's code, or in ffmpeg's own words */
function isDiskFullFailure(e: unknown): boolean {
  if (isDiskFull(e) || (e instanceof PermanentBackfillError && e.code === 'disk-full')) return true;
  return e instanceof FfmpegError && /No space left on device|Disk quota exceeded/i.test(`${e.message}\n${e.stderrTail}`);
}

function ensurePeriod(s: string): string {
  return /[.!?)]$/.test(s.trim()) ? s.trim() : `${s.trim()}.`;
}

function ffmpegProblem(choice: FfmpegChoice, e: unknown): string {
  const detail = e instanceof Error ? e.message : String(e);
  const fix = choice.source === 'bundled' ? 'Reinstall Reelay, or set a working ffmpeg in Settings.' : 'Fix or clear the path in Settings (or REELAY_FFMPEG).';
  return `Reelay could not run ${describeChoice(choice)}: ${detail}. ${fix}`;
}
