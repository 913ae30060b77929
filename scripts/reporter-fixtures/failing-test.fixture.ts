import { expect, it } from 'vitest';

it('passes', () => {
  expect(true).toBe(true);
});

it('fails on purpose (reporter fixture)', () => {
  expect(1 + 1).toBe(3);
});
