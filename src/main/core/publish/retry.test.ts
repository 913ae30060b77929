import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './retry';

describe('retry delay', () => {
  const policy = { baseDelayMs: 100, maxDelayMs: 5000, jitter: 0 };
  it('doubles each attempt up to the cap', () => {
    expect([1, 2, 3, 4, 10].map((a) => retryDelayMs(policy, a))).toEqual([100, 200, 400, 800, 5000]);
  });
  it('jitters within the stated fraction and never past the cap', () => {
    const jittery = { ...policy, jitter: 0.5 };
    for (let i = 0; i < 100; i++) {
      const d = retryDelayMs(jittery, 3);
      expect(d).toBeGreaterThanOrEqual(200);
      expect(d).toBeLessThanOrEqual(600);
    }
    expect(retryDelayMs(jittery, 30, () => 1)).toBe(5000);
  });
});
