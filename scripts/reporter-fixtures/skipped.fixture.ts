import { describe, expect, it } from 'vitest';

it('passes', () => {
  expect(true).toBe(true);
});

it.skip('is skipped on purpose', () => {
  expect(true).toBe(false);
});

it.skipIf(true)('is skipped on purpose by a condition', () => {
  expect(true).toBe(false);
});

it.todo('is still to be written');

it('skips itself at run time', (ctx) => {
  ctx.skip();
});

describe.skip('a skipped suite', () => {
  it('is skipped with it', () => {
    expect(true).toBe(false);
  });
});
