import { configDefaults, defineConfig } from 'vitest/config';

// Two projects: fast unit + integration tests beside the code, and end-to-end specs that drive the
// built app in Chromium (they run one file at a time: two cores, real encoders).
export default defineConfig({
  test: {
    reporters: ['default', './scripts/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts'],
          // deliberately failing files that scripts/summary-reporter.test.ts runs on their own
          exclude: [...configDefaults.exclude, 'scripts/reporter-fixtures/**'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.spec.ts'],
          environment: 'node',
          testTimeout: 240_000,
          hookTimeout: 240_000,
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
          globalSetup: ['./e2e/global-setup.ts'],
        },
      },
    ],
  },
});
