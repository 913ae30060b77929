import { beforeEach, expect, it } from 'vitest';

beforeEach(() => {
  throw new Error('beforeEach fails on purpose (reporter fixture)');
});

it('would pass', () => {
  expect(true).toBe(true);
});
