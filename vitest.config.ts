import { configDefaults, defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    environment: 'node',
    pool: 'forks',
    testTimeout: 60_000,
    // Human output shows local time with its zone: one zone for every test and the CLI children they start.
    env: { TZ: 'UTC' },
    hookTimeout: 60_000,
    // The JSON report is what .ci/summarize.mjs reads; `npm test` writes it too.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: [...configDefaults.exclude, 'test/e2e/**'],
        },
      },
      {
        // Real browser, real web host, real stores: one file at a time (each drives Chromium and a host on a store
        // of up to 30,000 tasks, and timing matters for the progress checks), after the unit tests, with room to run.
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/support/build-renderer.global.ts'],
          exclude: [...configDefaults.exclude],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 120_000,
          sequence: { groupOrder: 1 },
          expect: { poll: { timeout: 15_000, interval: 50 } },
        },
      },
    ],
  },
})
