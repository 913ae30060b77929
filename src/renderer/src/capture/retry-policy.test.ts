import { describe, expect, it } from 'vitest';
import { SEND_RETRY_POLICY, retryDelayMs, shouldRetry, type RetryPolicy } from './retry-policy';

const policy: RetryPolicy = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, factor: 2, jitter: 0 };

describe('retryDelayMs', () => {
  it('backs off exponentially up to the cap', () => {
    expect([1, 2, 3, 4, 5, 9].map((a) => retryDelayMs(policy, a))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });
  it('spreads delays by the jitter', () => {
    const p = { ...policy, jitter: 0.2 };
    expect(retryDelayMs(p, 1, 0)).toBe(80);
    expect(retryDelayMs(p, 1, 1)).toBe(120);
  });
});

describe('shouldRetry', () => {
  const retryable = { code: 'disk-full', message: 'full', retryable: true } as const;
  it('retries retryable errors until the attempts run out', () => {
    expect(shouldRetry(policy, retryable, 2)).toBe(true);
    expect(shouldRetry(policy, retryable, 3)).toBe(false);
  });
  it('never retries an error that will not change', () => {
    expect(shouldRetry(policy, { code: 'invalid-input', message: 'bad', retryable: false }, 1)).toBe(false);
  });
  it('never gives up on recording bytes', () => {
    expect(shouldRetry(SEND_RETRY_POLICY, retryable, 1_000_000)).toBe(true);
  });
});
