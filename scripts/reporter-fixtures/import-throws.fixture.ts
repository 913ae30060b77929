import { expect, it } from 'vitest';

throw new Error('the file throws at import on purpose (reporter fixture)');

it('never collected', () => {
  expect(true).toBe(true);
});
