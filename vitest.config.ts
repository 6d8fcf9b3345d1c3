import os from 'node:os'
import path from 'node:path'
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config'
import { filesOf, type Tier } from './test/tiers.ts'

/** One tier as a project: its files (test/tiers.ts decides which), with what it needs on top of the shared config. */
const tier = (name: Tier, test: NonNullable<TestProjectInlineConfiguration['test']> = {}): TestProjectInlineConfiguration => ({
  extends: true,
  test: { name, include: filesOf(name), ...test }
})

// The tiers that start the real CLI build lib/ from the sources once per run, into a folder of the run's own, and
// start `node <build>/cli.js` (test/helpers/cli-entry.ts): never a stale lib/, and runs side by side do not collide.
const compiledCli = ['test/helpers/build-cli.global.ts']

export default defineConfig({
  test: {
    environment: 'node',
    pool: 'forks',
    testTimeout: 60_000,
    // Human output shows local time with its zone: one zone for every test and the CLI children they start.
    // The web hosts tests start remember their stores in a folder of this run's, never in the user's own.
    env: { TZ: 'UTC', MERIDIAN_ADMIN_STATE_DIR: path.join(os.tmpdir(), `meridian-admin-test-state-${process.pid}`) },
    hookTimeout: 60_000,
    // The JSON report is what .ci/summarize.mjs reads; `npm test` writes it too.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    projects: [
      tier('unit'),
      tier('integration', { globalSetup: compiledCli }),
      tier('cli', { globalSetup: compiledCli }),
      tier('crash', { globalSetup: compiledCli }),
      tier('bench'),
      // Real browser, real web host, real stores: one file at a time (each drives Chromium and a host on a store
      // of up to 30,000 tasks, and timing matters for the progress checks), after the other tiers, with room to run.
      tier('e2e', {
        globalSetup: ['test/e2e/support/build-renderer.global.ts'],
        fileParallelism: false,
        testTimeout: 180_000,
        hookTimeout: 120_000,
        sequence: { groupOrder: 1 },
        expect: { poll: { timeout: 15_000, interval: 50 } }
      })
    ]
  }
})
