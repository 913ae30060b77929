import { describe, expect, it } from 'vitest';
import { isRetryableStatus, RETRY, retryDelayMs, shouldRetry, type RetryPolicy } from './retry';

const policy: RetryPolicy = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, jitter: 0 };
const retryable = { retryable: true };

describe('retryDelayMs', () => {
  it('backs off exponentially from the base up to the cap', () => {
    expect([1, 2, 3, 4, 5, 9].map((a) => retryDelayMs(policy, a))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });
  it('spreads delays by the jitter, both ways', () => {
    const p = { ...policy, jitter: 0.2 };
    expect(retryDelayMs(p, 1, () => 0)).toBe(80);
    expect(retryDelayMs(p, 1, () => 0.5)).toBe(100);
    expect(retryDelayMs(p, 1, () => 1)).toBe(120);
    const spread = Array.from({ length: 200 }, (_, i) => retryDelayMs(p, 3, () => i / 199));
    expect(Math.min(...spread)).toBe(320);
    expect(Math.max(...spread)).toBe(480);
  });
  it('never goes past the cap or below zero, whatever the jitter', () => {
    const p = { ...policy, jitter: 1 };
    expect(retryDelayMs(p, 20, () => 1)).toBe(1000);
    expect(retryDelayMs(p, 1, () => 0)).toBe(0);
  });
  it('treats attempt 0 (or less) as the first retry', () => {
    expect(retryDelayMs(policy, 0)).toBe(100);
    expect(retryDelayMs(policy, -3)).toBe(100);
  });
});

describe('shouldRetry', () => {
  it('retries retryable failures until the attempts run out', () => {
    expect(shouldRetry(policy, retryable, 2)).toBe(true);
    expect(shouldRetry(policy, retryable, 3)).toBe(false);
  });
  it('never retries a failure that will not change', () => {
    expect(shouldRetry(policy, { retryable: false }, 1)).toBe(false);
    expect(shouldRetry(RETRY.captureSend, { retryable: false }, 1)).toBe(false);
  });
  it('never gives up on recording bytes, nor on publishing', () => {
    expect(shouldRetry(RETRY.captureSend, retryable, 1_000_000)).toBe(true);
    expect(shouldRetry(RETRY.upload, retryable, 1_000_000)).toBe(true);
  });
});

describe('isRetryableStatus', () => {
  it('retries a network failure, a timeout, too many requests and server errors', () => {
    for (const status of [0, 408, 429, 500, 502, 503, 504]) expect(isRetryableStatus(status), String(status)).toBe(true);
  });
  it('does not retry a 4xx that will not change', () => {
    for (const status of [400, 401, 403, 404, 409, 413]) expect(isRetryableStatus(status), String(status)).toBe(false);
  });
});

describe('RETRY', () => {
  it('holds policies that make sense', () => {
    for (const [name, p] of Object.entries(RETRY)) {
      expect(p.maxAttempts, name).toBeGreaterThanOrEqual(1);
      expect(p.baseDelayMs, name).toBeGreaterThan(0);
      expect(p.maxDelayMs, name).toBeGreaterThanOrEqual(p.baseDelayMs);
      expect(p.jitter, name).toBeGreaterThanOrEqual(0);
      expect(p.jitter, name).toBeLessThanOrEqual(1);
    }
  });
  it('sends capture bytes again after 250 ms, doubling to 2 s, ±20 %', () => {
    expect([1, 2, 3, 4, 5].map((a) => retryDelayMs(RETRY.captureSend, a, () => 0.5))).toEqual([250, 500, 1000, 2000, 2000]);
    expect(retryDelayMs(RETRY.captureSend, 1, () => 0)).toBe(200);
    expect(retryDelayMs(RETRY.captureSend, 1, () => 1)).toBe(300);
  });
});
