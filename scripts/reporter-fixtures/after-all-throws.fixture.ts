import { afterAll, describe, expect, it } from 'vitest';

describe('a suite whose teardown fails', () => {
  afterAll(() => {
    throw new Error('afterAll fails on purpose (reporter fixture)');
  });

  it('passes', () => {
    expect(true).toBe(true);
  });
});
