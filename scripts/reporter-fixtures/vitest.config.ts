import { defineConfig } from 'vitest/config';

// Runs ONE deliberately broken (or passing) fixture with only the summary reporter, so
// scripts/summary-reporter.test.ts can check the closing line it writes. Not part of `npm test`'s
// own projects: the fixtures are named *.fixture.ts, which no include pattern there matches.
export default defineConfig({
  // the repository's cache, not a node_modules/ beside the fixtures
  cacheDir: '../../node_modules/.vite/reporter-fixtures',
  test: {
    root: __dirname,
    include: ['**/*.fixture.ts'],
    reporters: ['../summary-reporter.ts'],
    environment: 'node',
    // forks, as in the real projects: a fixture may kill its worker process
    pool: 'forks',
    poolOptions: { forks: { singleFork: true } },
    testTimeout: 10_000,
    hookTimeout: 10_000,
  },
});
