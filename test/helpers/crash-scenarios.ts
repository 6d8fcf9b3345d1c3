import { readdir, rm } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createDemoStore, mulberry32 } from '../../src/main/demo/demo-store.ts'
import { MigrationManager } from '../../src/main/engine/operations/migration-manager.ts'
import { MeridianStore } from '../../src/main/engine/store/store.ts'
import type { HistoryEntry } from '../../src/shared/history.ts'
import { contentHash, copyStore, crashSeed, historyOf, isBeforeOrAfter, KillTally, removeTrial, reopenAndCheck, runFaulty, tempRoot } from './crash-harness.ts'

/** Tasks in the stores the kill tests use: a few thousand, so every operation spans several batches. */
export const CRASH_TASKS = 3000

export interface CrashTemplates {
  /** A v1 demo store (tasks, episodes, a legacy in-store backup). */
  v1: string
  /**
   * The same store migrated to the target (v2), with its pre-migration checkpoint (`backupId`) of the v1 content,
   * and an archive of the same v1 content (`archiveId`) taken just before.
   */
  migrated: string
  backupId: string
  archiveId: string
  v1Hash: string
  migratedHash: string
}

export async function makeCrashTemplates(root: string, count = CRASH_TASKS): Promise<CrashTemplates> {
  const v1 = path.join(root, 'template-v1')
  await createDemoStore(v1, { count, version: 1, seed: 11, withLegacyBackup: true })
  const migrated = await copyStore(v1, root, 'template-migrated')
  const store = await MeridianStore.open(migrated)
  let backupId: string
  let archiveId: string
  try {
    const manager = new MigrationManager(store)
    archiveId = (await manager.createBackup()).id
    backupId = (await manager.migrate()).backupId ?? ''
  } finally {
    await store.close()
  }
  return { v1, migrated, backupId, archiveId, v1Hash: await contentHash(v1), migratedHash: await contentHash(migrated) }
}

/** One operation to kill: the CLI words, the store it starts from, and the only two contents allowed after. */
export interface CrashScenario {
  name: string
  template: string
  args: (dataDir: string) => string[]
  before: string
  after: string
  /** How the run ends when nothing kills it (default 0); a refused one ends 2 with `after` equal to `before`. */
  exitCode?: number
  /** More environment for the killed CLI (its host-level switches), beside the fault variables. */
  env?: Record<string, string>
}

/** Which content the store holds and what its new history entries say, for a failure's message. */
function describeOutcome(scenario: CrashScenario, result: { hash: string; newEntries: readonly HistoryEntry[] }): string {
  const content = result.hash === scenario.after ? 'content after' : result.hash === scenario.before ? 'content before' : 'other content'
  const entries = result.newEntries.map((entry) => `${entry.status ?? '?'}${entry.success ? ' (success)' : ''}`)
  return `${content}, new history: ${entries.length > 0 ? entries.join(', ') : 'none'}`
}

/** Runs the operation killed at `faults`, then reopens and checks the store is exactly before or after. */
async function trial(scenario: CrashScenario, root: string, label: string, faults: Record<string, string>, killAfterMs?: number) {
  const dataDir = await copyStore(scenario.template, root, label)
  try {
    const entriesBefore = (await historyOf(dataDir)).length
    const run = await runFaulty(scenario.args(dataDir), { ...scenario.env, ...faults }, killAfterMs)
    const killed = run.signal === 'SIGKILL'
    if (!killed) expect(run.code, `${label} exited without being killed: ${run.stderr}`).toBe(scenario.exitCode ?? 0)
    const { hash, recovered } = await reopenAndCheck(dataDir)
    expect(await leftoversAfterWriteOpen(dataDir), `${label}: what the killed run left beside the store outlives a write open`).toEqual([])
    const newEntries = (await historyOf(dataDir)).slice(entriesBefore)
    return { killed, hash, run, recovered, ok: isBeforeOrAfter({ hash, newEntries }, scenario), newEntries }
  } finally {
    await removeTrial(dataDir)
  }
}

/** Names beside the store that are the swap's (incoming, outgoing, prebuilt, journal), once the store was opened to write. */
async function leftoversAfterWriteOpen(dataDir: string): Promise<string[]> {
  const store = await MeridianStore.open(dataDir, { access: 'write' })
  await store.close()
  return (await readdir(path.dirname(dataDir))).filter((name) => name.startsWith(`.${path.basename(dataDir)}.`))
}

/**
 * Kill at fault point 1, 2, 3… until a run completes unkilled (as SQLite's crash tests do): every point in
 * the operation is a place the process died, and each must leave the store exactly before or after.
 */
export async function killAtEveryPoint(scenario: CrashScenario, root: string, tally: KillTally): Promise<number> {
  for (let point = 1; point < 500; point++) {
    const result = await trial(scenario, root, `${scenario.name}-at-${point}`, { MERIDIAN_FAULT_AT: String(point) })
    if (!result.killed) {
      expect(result.hash, `${scenario.name} completed but the store is not the clean result`).toBe(scenario.after)
      return point - 1
    }
    tally.record(result.ok, result.recovered)
    expect(result.ok, `${scenario.name} killed at point ${point}: the store is neither before nor after (${describeOutcome(scenario, result)})`).toBe(true)
  }
  throw new Error(`${scenario.name} never completed`)
}

/** Kills at random moments of a clean run's duration; the seed is printed so a failure can be replayed. */
export async function killAtRandom(scenario: CrashScenario, root: string, tally: KillTally, trials: number): Promise<void> {
  const clean = await trial(scenario, root, `${scenario.name}-clean`, {})
  expect(clean.hash).toBe(scenario.after)
  const random = mulberry32(crashSeed ^ scenario.name.length)
  console.log(`${scenario.name}: random kills with MERIDIAN_CRASH_SEED=${crashSeed}; a clean run takes ${Math.round(clean.run.ms)} ms`)
  for (let i = 0; i < trials; i++) {
    // Most of the first ~40% is process start-up; weight the kills towards the work itself.
    const delay = Math.round(clean.run.ms * (0.25 + 0.85 * random()))
    const result = await trial(scenario, root, `${scenario.name}-random-${i}`, {}, delay)
    tally.record(result.ok, result.recovered)
    expect(
      result.ok,
      `${scenario.name} killed after ${delay} ms (seed ${crashSeed}, trial ${i}): neither before nor after (${describeOutcome(scenario, result)})`
    ).toBe(true)
  }
}

/** A temp folder with the crash templates, made before a file's tests and removed after; tallies print at the end. */
export interface CrashSuite {
  root(): string
  templates(): CrashTemplates
}

export function useCrashSuite(...tallies: KillTally[]): CrashSuite {
  let root = ''
  let templates: CrashTemplates | undefined
  beforeAll(async () => {
    root = await tempRoot()
    templates = await makeCrashTemplates(root)
  }, 120_000)
  afterAll(async () => {
    for (const tally of tallies) tally.report()
    await rm(root, { recursive: true, force: true })
  })
  return {
    root: () => root,
    templates: () => {
      if (!templates) throw new Error('the crash templates are made in beforeAll')
      return templates
    }
  }
}

/** The two kill tests of operation `name`: at every numbered fault point, and at 30 random moments. */
export function killTestsFor(name: string, outcome: string, scenarioOf: (templates: CrashTemplates) => Omit<CrashScenario, 'name'>): CrashSuite {
  const named = new KillTally(`${name}, every fault point`)
  const random = new KillTally(`${name}, random kills`)
  const suite = useCrashSuite(named, random)
  const scenario = (): CrashScenario => ({ name, ...scenarioOf(suite.templates()) })
  it(`${outcome}, killed at each numbered fault point`, async () => {
    await killAtEveryPoint(scenario(), suite.root(), named)
  }, 600_000)
  it(`${outcome}, killed at 30 random moments`, async () => {
    await killAtRandom(scenario(), suite.root(), random, 30)
  }, 600_000)
  return suite
}
