import { expect, it } from 'vitest';

it('passes', () => {
  expect(true).toBe(true);
});

it('kills its own worker process on purpose (reporter fixture)', () => {
  process.kill(process.pid, 'SIGKILL');
});

it('never gets to run', () => {
  expect(true).toBe(true);
});
