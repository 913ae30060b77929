// Retry policy as data: how often and how fast a failed send is tried again.
import type { ApiError } from '../../../shared/api';

export interface RetryPolicy {
  /** attempts before giving up on a retryable error; Infinity: never give up (bytes stay in memory) */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** delay multiplier per attempt */
  factor: number;
  /** ± fraction of random spread, so many clients do not retry in lockstep */
  jitter: number;
}

/** A recording's bytes exist only in this page until main has them: never give up on them. */
export const SEND_RETRY_POLICY: RetryPolicy = {
  maxAttempts: Number.POSITIVE_INFINITY,
  baseDelayMs: 250,
  maxDelayMs: 2_000,
  factor: 2,
  jitter: 0.2,
};

/** Delay before retry number `attempt` (1 = the first retry). random: 0..1. */
export function retryDelayMs(policy: RetryPolicy, attempt: number, random = 0.5): number {
  const raw = Math.min(policy.maxDelayMs, policy.baseDelayMs * policy.factor ** Math.max(0, attempt - 1));
  return Math.round(raw * (1 + policy.jitter * (2 * random - 1)));
}

export function shouldRetry(policy: RetryPolicy, error: ApiError, attempt: number): boolean {
  return error.retryable && attempt < policy.maxAttempts;
}
