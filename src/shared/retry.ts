// The one retry policy shape, used by the capture send lanes, the upload queue, the backfill and the
// viewer. Policy is data; the delay and the decision are pure functions of it.

export interface RetryPolicy {
  /** tries in all before giving up on a retryable failure; Infinity: never give up */
  maxAttempts: number;
  /** delay before the first retry */
  baseDelayMs: number;
  /** no delay grows beyond this */
  maxDelayMs: number;
  /** 0..1: ± fraction of the delay that is random, so many clients do not retry in lockstep */
  jitter: number;
}

/** What a retry decision needs to know about a failure: errors as data say whether waiting helps. */
export interface RetryableFailure {
  retryable: boolean;
}

/** Delay before retry number `attempt` (1 = the first retry): doubling from base up to the cap. random: 0..1. */
export function retryDelayMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const spread = exp * policy.jitter * (random() * 2 - 1);
  return Math.max(0, Math.min(policy.maxDelayMs, Math.round(exp + spread)));
}

/** Whether try number `attempt` (1 = the first try, which just failed) is followed by another. */
export function shouldRetry(policy: RetryPolicy, failure: RetryableFailure, attempt: number): boolean {
  return failure.retryable && attempt < policy.maxAttempts;
}

/**
 * Whether an HTTP status may change by waiting: a network failure (0), a timeout, too many requests,
 * or a server error. Any other 4xx will not change and is never retried.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 0 || status === 408 || status === 425 || status === 429 || status >= 500;
}

/** The core's and the renderer's policies, side by side so they are read together. */
export const RETRY = {
  /** a recording's bytes exist only in the page until main has them: never give up on them */
  captureSend: { maxAttempts: Number.POSITIVE_INFINITY, baseDelayMs: 250, maxDelayMs: 2_000, jitter: 0.2 },
  /** publishing waits out any outage: the queue is on disk and resumes after restarts */
  upload: { maxAttempts: Number.POSITIVE_INFINITY, baseDelayMs: 250, maxDelayMs: 30_000, jitter: 0.3 },
  /** runs of one backfill job before it fails for good (a crash mid-run counts as one) */
  backfill: { maxAttempts: 4, baseDelayMs: 5_000, maxDelayMs: 120_000, jitter: 0.3 },
  /** the viewer reloading the master or restarting loading after a fatal network error */
  viewerLoad: { maxAttempts: Number.POSITIVE_INFINITY, baseDelayMs: 2_000, maxDelayMs: 30_000, jitter: 0 },
  /** asking a Reelay Server what is new on the recordings published to it, after it failed to answer */
  remoteActivity: { maxAttempts: Number.POSITIVE_INFINITY, baseDelayMs: 30_000, maxDelayMs: 300_000, jitter: 0.2 },
} as const satisfies Record<string, RetryPolicy>;
