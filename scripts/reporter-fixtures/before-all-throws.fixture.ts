import { beforeAll, describe, expect, it } from 'vitest';

describe('a suite whose setup fails', () => {
  beforeAll(() => {
    throw new Error('beforeAll fails on purpose (reporter fixture)');
  });

  it('would pass, but never runs', () => {
    expect(true).toBe(true);
  });

  it('neither does this one', () => {
    expect(true).toBe(true);
  });

  it.skip('is skipped on purpose either way', () => {});
});
