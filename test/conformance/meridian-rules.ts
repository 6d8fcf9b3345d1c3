import { execFile, spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import { MeridianStore } from '../../src/main/engine/store/store.ts'

/**
 * The Rust conformance checker (./meridian-rules): Meridian's record types with serde derive, typed from
 * Meridian's STORE-FORMAT sheet, built offline against Debian's packaged crates. These helpers build it, dump
 * a store for it and run it; any store can be checked with `checkStoreWithMeridianRules(dataDir)`.
 */

const run = promisify(execFile)

export const RULES_PROJECT = fileURLToPath(new URL('./meridian-rules/', import.meta.url))
export const CASES_FILE = fileURLToPath(new URL('./cases.json', import.meta.url))
const BINARY = path.join(RULES_PROJECT, 'target', 'debug', 'meridian-rules')
/** The directory source the project's .cargo/config.toml reads crates from. */
const DEBIAN_CRATES = '/usr/share/cargo/registry'

/** Why the checker cannot be built here, or null when it can: cargo and Debian's crates must be installed. */
export const meridianRulesUnavailable: string | null = (() => {
  if (spawnSync('cargo', ['--version']).status !== 0) return 'cargo is not installed (apt-get install cargo)'
  const crates = existsSync(DEBIAN_CRATES) ? readdirSync(DEBIAN_CRATES) : []
  if (!['serde-', 'serde_derive-', 'serde_json-', 'chrono-'].every((name) => crates.some((crate) => crate.startsWith(name)))) {
    return "Debian's crates are not installed (apt-get install librust-serde-dev librust-serde-derive-dev librust-serde-json-dev librust-chrono-dev)"
  }
  return null
})()

/** `cargo build --offline` (a no-op when nothing changed); the time it took, in ms. */
export async function buildMeridianRules(): Promise<number> {
  const started = performance.now()
  await run('cargo', ['build', '--offline', '--quiet'], { cwd: RULES_PROJECT, maxBuffer: 16 * 1024 * 1024 })
  return performance.now() - started
}

export interface RulesRun<Report> {
  /** 0 when the check found nothing, 1 when it found a problem. */
  code: number
  report: Report
}

/** Runs the checker; its stdout is one JSON document. */
export async function runMeridianRules<Report>(...args: string[]): Promise<RulesRun<Report>> {
  try {
    const { stdout } = await run(BINARY, args, { maxBuffer: 64 * 1024 * 1024 })
    return { code: 0, report: JSON.parse(stdout) as Report }
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string }
    if (failed.code === 1 && failed.stdout) return { code: 1, report: JSON.parse(failed.stdout) as Report }
    throw new Error(`meridian-rules ${args.join(' ')} failed: ${failed.stderr ?? String(error)}`, { cause: error })
  }
}

export interface StoreReport {
  version: number
  counts: Record<string, number>
  errors: Array<{ key: string; type?: string; error: string }>
}
export interface KeptReport {
  tasks: number
  values: number
  lost: Array<{ key: string; field: string | null; before?: unknown; after?: unknown }>
}
export interface CasesReport {
  cases: number
  disagreements: unknown[]
}

/** Every key and value of an open store as JSON lines of `{"key", "value"}`, written to `file`. */
export async function dumpStore(store: MeridianStore, file: string): Promise<string> {
  const lines: string[] = []
  for await (const [key, value] of store.db.iterator()) {
    lines.push(JSON.stringify({ key: key.toString('utf8'), value: value.toString('utf8') }))
  }
  await writeFile(file, lines.join('\n') + '\n')
  return file
}

/** Opens `dataDir` (it must not be open elsewhere), dumps it beside `dumpFile` and reads it with Meridian's rules. */
export async function checkStoreWithMeridianRules(dataDir: string, dumpFile: string): Promise<RulesRun<StoreReport>> {
  const store = await MeridianStore.open(dataDir)
  try {
    await dumpStore(store, dumpFile)
  } finally {
    await store.close()
  }
  return runMeridianRules<StoreReport>('store', dumpFile)
}
