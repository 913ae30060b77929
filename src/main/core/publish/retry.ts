// Retry policy as data: how long to wait before attempt n, and which failures are worth retrying.
export interface RetryPolicy {
  /** delay before the first retry */
  baseDelayMs: number;
  /** no wait grows beyond this */
  maxDelayMs: number;
  /** 0..1: fraction of the delay that is randomised, so many clients don't retry in lockstep */
  jitter: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseDelayMs: 250, maxDelayMs: 30_000, jitter: 0.3 };

/** exponential backoff with jitter; attempt is 1 for the first retry */
export function retryDelayMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const jitter = exp * policy.jitter * (random() * 2 - 1);
  return Math.max(0, Math.min(policy.maxDelayMs, Math.round(exp + jitter)));
}
