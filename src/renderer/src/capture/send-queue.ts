// Every put of one recording goes through this queue: in order within a lane (the live rendition's
// init and segments; the master's chunks), one at a time, each retried with backoff while its error
// is retryable. The bytes stay in memory until main acknowledged them as durable: nothing is lost
// when the disk is full or the network drops for a while.
//
// Some failures need the user, not time (the disk is full: someone must free space). With `holdOn`,
// such a failure holds the whole queue: nothing more is sent, every job is kept, until resume()
// sends them again in order. The recorder pauses meanwhile, so the held bytes stop growing.
import { ReelayCallError, type ApiError, type ErrorCode } from '../../../shared/api';
import { retryDelayMs, shouldRetry, type RetryPolicy } from '../../../shared/retry';

export type SendLane = 'live' | 'master';

export interface SendJob {
  lane: SendLane;
  /** for people: "live segment 3" */
  label: string;
  bytes: number;
  send: () => Promise<unknown>;
  /** called once main acknowledged it */
  onAcked?: () => void;
}

export interface SendQueueStatus {
  /** jobs not yet acknowledged */
  pending: number;
  pendingBytes: number;
  acked: number;
  ackedBytes: number;
  /** set while a job waits to be tried again */
  retrying: { label: string; error: ApiError; attempt: number; retryInMs: number } | null;
  /** set when a job failed for good; its lane stopped */
  failed: { label: string; error: ApiError } | null;
  /**
   * set while sending waits for the user (holdOn): what was refused and why, and since when
   * nothing was saved (the first refusal after the last acknowledgement; a resume that is refused
   * again keeps it)
   */
  held: { label: string; error: ApiError; since: number } | null;
}

export interface SendQueueDeps {
  policy: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
  random?: () => number;
  onStatus?: (status: SendQueueStatus) => void;
  /** failures that hold the queue until resume() instead of being retried by themselves */
  holdOn?: readonly ErrorCode[];
  /** epoch milliseconds, for `held.since` */
  now?: () => number;
}

export class SendQueueAbandonedError extends Error {
  override name = 'SendQueueAbandonedError';
  constructor() {
    super('the send queue was abandoned');
  }
}

export class SendQueueFailedError extends Error {
  override name = 'SendQueueFailedError';
  constructor(
    readonly label: string,
    readonly error: ApiError,
  ) {
    super(`${label} could not be saved: ${error.message}`);
  }
}

/** Anything a send threw, as an ApiError: ours keep their code; anything else is a bug, not retried. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ReelayCallError) return { code: error.code, message: error.message, retryable: error.retryable };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message, retryable: false };
}

interface Lane {
  jobs: SendJob[];
  running: boolean;
  failed: boolean;
}

export class SendQueue {
  private readonly lanes = new Map<SendLane, Lane>();
  private waiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  private abandoned = false;
  private readonly state: SendQueueStatus = { pending: 0, pendingBytes: 0, acked: 0, ackedBytes: 0, retrying: null, failed: null, held: null };
  private holdOn: readonly ErrorCode[];
  /** resolves when a hold ends (resume, abandon) */
  private released: { promise: Promise<void>; resolve: () => void } | null = null;
  /** when the current run of refusals began; cleared by an acknowledgement */
  private refusedSince: number | null = null;

  constructor(private readonly deps: SendQueueDeps) {
    this.holdOn = deps.holdOn ?? [];
  }

  get status(): SendQueueStatus {
    return { ...this.state };
  }

  enqueue(job: SendJob): void {
    if (this.abandoned) return;
    let lane = this.lanes.get(job.lane);
    if (!lane) this.lanes.set(job.lane, (lane = { jobs: [], running: false, failed: false }));
    lane.jobs.push(job);
    this.state.pending++;
    this.state.pendingBytes += job.bytes;
    this.changed();
    if (!lane.running && !lane.failed) void this.run(lane);
  }

  /** Resolves once every job so far is acknowledged; rejects when one failed for good. */
  drain(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.settleWaiters();
    });
  }

  /** Sends what a hold kept, in order, starting with the job that was refused. */
  resume(): void {
    if (!this.state.held) return;
    this.state.held = null;
    this.release();
    this.changed();
  }

  /** From now on nothing holds: what needed the user is retried with backoff (after Stop, nobody presses Resume). */
  stopHolding(): void {
    this.holdOn = [];
    this.resume();
  }

  /** Drops everything not yet sent (the recording was cancelled). */
  abandon(): void {
    if (this.abandoned) return;
    this.abandoned = true;
    for (const lane of this.lanes.values()) lane.jobs.length = 0;
    this.state.pending = 0;
    this.state.pendingBytes = 0;
    this.state.retrying = null;
    this.state.held = null;
    this.release();
    this.changed();
  }

  private async run(lane: Lane): Promise<void> {
    lane.running = true;
    while (lane.jobs.length > 0 && !this.abandoned) {
      const job = lane.jobs[0]!;
      const ok = await this.sendWithRetry(job);
      if (this.abandoned) break;
      if (!ok) {
        lane.failed = true;
        break;
      }
      lane.jobs.shift();
      this.state.pending--;
      this.state.pendingBytes -= job.bytes;
      this.state.acked++;
      this.state.ackedBytes += job.bytes;
      job.onAcked?.();
      this.changed();
    }
    lane.running = false;
    this.changed();
  }

  private async sendWithRetry(job: SendJob): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      while (this.state.held && this.released) await this.released.promise; // every lane waits out a hold
      if (this.abandoned) return false;
      try {
        await job.send();
        if (this.state.retrying?.label === job.label) this.state.retrying = null;
        this.refusedSince = null;
        return true;
      } catch (thrown) {
        if (this.abandoned) return false;
        const error = toApiError(thrown);
        if (this.holdOn.includes(error.code)) {
          this.hold(job.label, error);
          attempt = 0; // a fresh start after the user acted
          continue;
        }
        if (!shouldRetry(this.deps.policy, error, attempt)) {
          this.state.retrying = null;
          this.state.failed = { label: job.label, error };
          this.changed();
          return false;
        }
        const retryInMs = retryDelayMs(this.deps.policy, attempt, this.deps.random);
        this.state.retrying = { label: job.label, error, attempt, retryInMs };
        this.changed();
        await this.deps.sleep(retryInMs);
        if (this.abandoned) return false;
      }
    }
  }

  private hold(label: string, error: ApiError): void {
    this.refusedSince ??= (this.deps.now ?? Date.now)();
    this.state.retrying = null;
    if (!this.state.held) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.released = { promise, resolve };
    }
    this.state.held = { label, error, since: this.refusedSince };
    this.changed();
  }

  private release(): void {
    this.released?.resolve();
    this.released = null;
  }

  private changed(): void {
    this.deps.onStatus?.(this.status);
    this.settleWaiters();
  }

  private settleWaiters(): void {
    if (this.waiters.length === 0) return;
    let error: Error | null = null;
    if (this.abandoned) error = new SendQueueAbandonedError();
    else if (this.state.failed) error = new SendQueueFailedError(this.state.failed.label, this.state.failed.error);
    else if (this.state.pending > 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) {
      if (error) w.reject(error);
      else w.resolve();
    }
  }
}
