import { readdir } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { MeridianError } from '../../shared/errors.ts'
import type { StoreKind } from '../../shared/store-status.ts'
import { type BatchOp, MeridianStore, SCHEMA_VERSION_KEY } from '../engine/index.ts'
import { demoEpisode } from './demo-episode.ts'
import { INDEX_MARKER_VALUE, indexKeysOf } from './demo-indexes.ts'
import { writeMetricsStore } from './demo-metrics.ts'
import { demoTask, V1_TASK_SHAPES, type TaskShape } from './demo-task.ts'
import { Random } from './random.ts'

export { demoEpisodeId, demoTaskId, mulberry32 } from './random.ts'
export { METRICS_DIR } from './demo-metrics.ts'
export { TASK_SHAPES, type TaskShape } from './demo-task.ts'

/** The demo versions: Meridian's own (1, 2) and a v1/v2 mix. */
export const DEMO_VERSIONS = [1, 2, 'mixed'] as const
export type DemoVersion = (typeof DEMO_VERSIONS)[number]

export interface DemoOptions {
  /** How many `task:` records to write. */
  count: number
  /**
   * 1: tasks in each historical v1 shape (first release, the later pre-versioning release, the migration's v1),
   * store at v1; 2: tasks as Meridian writes them, store at v2; mixed: all four shapes, store at v1.
   */
  version: DemoVersion
  /** Same seed, same bytes. */
  seed?: number
  /** How many `episode:` records (`TaskEpisode`, never touched by migrations); default a tenth of `count`, at least 1. */
  episodes?: number
  /** Meridian's `idx_status:`/`idx_priority:`/`idx_spec:`/`idx_session:` markers for every task; default true. */
  indexes?: boolean
  /** Also write a Meridian-style in-store legacy backup (`_backup_20240101_120000…`), which no operation may touch. */
  withLegacyBackup?: boolean
}

export interface DemoResult {
  tasks: number
  episodes: number
  /** `idx_*` markers written. */
  indexes: number
  /** Every key written into the store (tasks, episodes, markers, version, legacy backup). */
  keys: number
}

export const DEFAULT_DEMO_SEED = 42
export const LEGACY_BACKUP_KEY = '_backup_20240101_120000'
const LEGACY_BACKUP_ITEMS = 5
const BATCH_SIZE = 1000
const MIXED_SHAPES: readonly TaskShape[] = [...V1_TASK_SHAPES, 'v2']

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8')
const json = (value: unknown): Buffer => utf8(JSON.stringify(value))
const markerValue = utf8(INDEX_MARKER_VALUE)

function checkCount(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new MeridianError('INVALID_INPUT', `${name} must be a whole number of at least ${min} (got ${value})`)
  }
}

/** The one place a demo version is checked, for the CLI and every caller: 3 is named, since it used to exist. */
export function checkDemoVersion(version: unknown): asserts version is DemoVersion {
  if ((DEMO_VERSIONS as readonly unknown[]).includes(version)) return
  if (version === 3 || version === '3') {
    throw new MeridianError(
      'INVALID_INPUT',
      'version 3 is not a demo version any more: Meridian knows schema v2 at most and refuses to start on a newer store. Make a v2 demo (--version 2) and migrate it with the example migration set (--migrations) to try v3'
    )
  }
  throw new MeridianError('INVALID_INPUT', `version must be 1, 2 or mixed (got ${String(version)})`)
}

function shapeFor(rng: Random, version: DemoVersion): TaskShape {
  if (version === 2) return 'v2'
  return rng.pick(version === 1 ? V1_TASK_SHAPES : MIXED_SHAPES)
}

/**
 * Writes a Meridian-shaped demo into an open store, in batches: `count` tasks, `TaskEpisode` episodes, the index
 * markers of every task and `_schema_version`; every record parses with Meridian's own rules. Deterministic for a
 * seed (no clock, no global random).
 */
export async function populateDemoStore(store: MeridianStore, options: DemoOptions): Promise<DemoResult> {
  const { count, version } = options
  const seed = options.seed ?? DEFAULT_DEMO_SEED
  const episodes = options.episodes ?? Math.max(1, Math.floor(count / 10))
  checkCount('count', count, 1)
  checkCount('episodes', episodes, 0)
  checkDemoVersion(version)
  if (!Number.isSafeInteger(seed)) throw new MeridianError('INVALID_INPUT', `seed must be a whole number (got ${seed})`)

  const rng = new Random(seed)
  let ops: BatchOp[] = []
  let keys = 0
  let indexes = 0
  const put = async (key: string, value: Buffer): Promise<void> => {
    ops.push({ type: 'put', key: utf8(key), value })
    keys++
    if (ops.length >= BATCH_SIZE) {
      await store.db.batch(ops)
      ops = []
    }
  }
  const legacy: { key: string; value: Buffer }[] = []
  for (let i = 0; i < count; i++) {
    const task = demoTask(rng, seed, i, shapeFor(rng, version), episodes)
    const key = `task:${task.indexed.id}`
    const value = json(task.record)
    if (options.withLegacyBackup && legacy.length < LEGACY_BACKUP_ITEMS) legacy.push({ key, value })
    await put(key, value)
    if (options.indexes === false) continue
    for (const marker of indexKeysOf(task.indexed)) {
      await put(marker, markerValue)
      indexes++
    }
  }
  for (let i = 0; i < episodes; i++) {
    const episode = demoEpisode(rng, seed, i)
    await put(`episode:${episode.id as string}`, json(episode))
  }
  if (options.withLegacyBackup) {
    const header = { timestamp: '2024-01-01T12:00:00Z', prefix: 'task:', item_count: legacy.length, keys: legacy.map((item) => item.key) }
    await put(LEGACY_BACKUP_KEY, json(header))
    for (const item of legacy) await put(`${LEGACY_BACKUP_KEY}:${item.key}`, item.value)
  }
  await put(SCHEMA_VERSION_KEY, json(version === 'mixed' ? 1 : version))
  if (ops.length > 0) await store.db.batch(ops)
  return { tasks: count, episodes, indexes, keys }
}

async function hasAnyKey(store: MeridianStore): Promise<boolean> {
  const keys = await store.db.keys({ limit: 1 }).all()
  return keys.length > 0
}

export interface CreateDemoOptions extends DemoOptions {
  /** The store's engine; default LevelDB. */
  kind?: StoreKind
  /** Also create Meridian's second store at `<dir>/metrics` (same kind), which is not ours; default true. */
  metrics?: boolean
}

/**
 * Creates a demo store in a new or empty directory, with its `metrics/` sub-store. Refuses (INVALID_INPUT) a
 * directory that already holds a store with keys, or other files, so a demo can never be written over real data.
 */
export async function createDemoStore(dataDir: string, options: CreateDemoOptions): Promise<DemoResult & { dataDir: string; metricsRecords: number | null }> {
  checkDemoVersion(options.version)
  const resolved = path.resolve(dataDir)
  if (existsSync(resolved) && !existsSync(path.join(resolved, 'CURRENT'))) {
    let entries: string[] = []
    try {
      entries = await readdir(resolved)
    } catch {
      // Not a directory or unreadable: MeridianStore.open reports it with the right code.
    }
    if (entries.length > 0) {
      throw new MeridianError('INVALID_INPUT', `${resolved} is not empty and holds no store: a demo store needs a new or empty directory`)
    }
  }
  const store = await MeridianStore.open(resolved, { createIfMissing: true, createKind: options.kind })
  let result: DemoResult
  try {
    if (await hasAnyKey(store)) {
      throw new MeridianError('INVALID_INPUT', `${resolved} already holds a store with data: a demo store needs a new or empty directory`)
    }
    result = await populateDemoStore(store, options)
  } finally {
    await store.close()
  }
  const metricsRecords = options.metrics === false ? null : await writeMetricsStore(resolved, store.kind, options.seed ?? DEFAULT_DEMO_SEED)
  return { ...result, dataDir: resolved, metricsRecords }
}
