// Every put of one recording goes through this queue: in order within a lane (the live rendition's
// init and segments; the master's chunks), one at a time, each retried with backoff while its error
// is retryable. The bytes stay in memory until main acknowledged them as durable: nothing is lost
// when the disk is full or the network drops for a while.
import { ReelayCallError, type ApiError } from '../../../shared/api';
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
}

export interface SendQueueDeps {
  policy: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
  random?: () => number;
  onStatus?: (status: SendQueueStatus) => void;
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
  private readonly state: SendQueueStatus = { pending: 0, pendingBytes: 0, acked: 0, ackedBytes: 0, retrying: null, failed: null };

  constructor(private readonly deps: SendQueueDeps) {}

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

  /** Drops everything not yet sent (the recording was cancelled). */
  abandon(): void {
    if (this.abandoned) return;
    this.abandoned = true;
    for (const lane of this.lanes.values()) lane.jobs.length = 0;
    this.state.pending = 0;
    this.state.pendingBytes = 0;
    this.state.retrying = null;
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
      try {
        await job.send();
        if (this.state.retrying?.label === job.label) this.state.retrying = null;
        return true;
      } catch (thrown) {
        if (this.abandoned) return false;
        const error = toApiError(thrown);
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
