import { readdirSync } from 'node:fs'
import path from 'node:path'

/**
 * The test tiers, each a vitest project a developer can run alone (`npm run test:<tier>`); `npm test` runs them
 * all. A test file belongs to the tier of the longest rule its path starts with, so a file's own rule beats its
 * folder's and a folder's beats its parent's. test/tiers.test.ts fails on a test file no rule takes.
 */
export const TIER_RULES = {
  /** Pure logic and single-module tests (one module, at most on its own temp folder or store). */
  unit: [
    'test/tiers.test.ts',
    'test/shared/',
    'test/renderer/',
    'test/preload/',
    'test/build/',
    'test/lint/',
    'test/examples/',
    'test/main/electron/',
    'test/main/engine/schemas/',
    'test/main/engine/migrations/',
    'test/main/engine/migration/',
    'test/main/engine/store/',
    'test/main/engine/support/'
  ],
  /** Real stores in temp folders across modules: the engine's operations and backups, the API, the web host, the scaffold. */
  integration: [
    'test/main/engine/',
    'test/main/api/',
    'test/main/web/',
    'test/main/demo/',
    'test/tools/',
    // npm pack, installed into a scratch project, run under plain node.
    'test/package/',
    'test/conformance/',
    // Starts bin/meridian-start.js, which falls back to the web host on a real store.
    'test/main/electron/start-fallback.test.ts'
  ],
  /** The real CLI in child processes (and the modules that format its output). */
  cli: ['test/main/cli/'],
  /** The real CLI killed, faulted and power-cut midway; every store checked afterwards. */
  crash: ['test/main/engine/crash/'],
  /** Chromium against the web host, and the Electron shell. */
  e2e: ['test/e2e/'],
  /** `npm run bench` still runs; no figure is compared with a time. */
  bench: ['test/bench/']
} as const satisfies Record<string, readonly string[]>

export type Tier = keyof typeof TIER_RULES

const REPO = path.resolve(import.meta.dirname, '..')

/** The tier `file` (relative to the repository, with `/`) belongs to, or undefined when no rule takes it. */
export function tierOf(file: string): Tier | undefined {
  let best: { tier: Tier; length: number } | undefined
  for (const [tier, rules] of Object.entries(TIER_RULES) as Array<[Tier, readonly string[]]>) {
    for (const rule of rules) {
      if (file.startsWith(rule) && rule.length > (best?.length ?? -1)) best = { tier, length: rule.length }
    }
  }
  return best?.tier
}

/** Folders no test lives in: a Rust build's output (test/conformance), installed or hidden folders. */
const NOT_SEARCHED = new Set(['target', 'node_modules'])

/** Every test file under test/, relative to the repository, with `/`. */
export function testFiles(): string[] {
  const found: string[] = []
  const walk = (dir: string): void => {
    for (const entry of readdirSync(path.join(REPO, dir), { withFileTypes: true })) {
      const file = `${dir}/${entry.name}`
      if (entry.isDirectory() && !NOT_SEARCHED.has(entry.name) && !entry.name.startsWith('.')) walk(file)
      else if (entry.isFile() && /\.test\.tsx?$/.test(entry.name)) found.push(file)
    }
  }
  walk('test')
  return found.sort()
}

/** The test files of `tier`: its project's `include` (exact paths, so no file can fall in two tiers). */
export function filesOf(tier: Tier): string[] {
  return testFiles().filter((file) => tierOf(file) === tier)
}
