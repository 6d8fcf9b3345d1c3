import { readdir } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { MeridianError } from '../../shared/errors.ts'
import { SCHEMA_VERSION_KEY } from './constants.ts'
import { type BatchOp, MeridianStore } from './store.ts'
import type { TaskV1 } from './schemas/task-v1.ts'
import type { TaskV2 } from './schemas/task-v2.ts'

export type DemoVersion = 1 | 2 | 3 | 'mixed'

export interface DemoOptions {
  /** How many `task:` records to write. */
  count: number
  /** The record version of every task, or `mixed` (v1, v2 and v3 side by side; the store says v1). */
  version: DemoVersion
  /** Same seed, same bytes. */
  seed?: number
  /** How many `episode:` records (never touched by migrations); default a tenth of `count`, at least 1. */
  episodes?: number
  /** Also write a Meridian-style in-store legacy backup (`_backup_20240101_120000…`), which no operation may touch. */
  withLegacyBackup?: boolean
}

export interface DemoResult {
  tasks: number
  episodes: number
}

export const DEFAULT_DEMO_SEED = 42
export const LEGACY_BACKUP_KEY = '_backup_20240101_120000'
const LEGACY_BACKUP_ITEMS = 5
const BATCH_SIZE = 1000

/** mulberry32: a tiny, fast, seedable PRNG; plenty for demo data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

class Random {
  private readonly next: () => number
  constructor(seed: number) {
    this.next = mulberry32(seed)
  }
  float(): number {
    return this.next()
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }
  chance(probability: number): boolean {
    return this.next() < probability
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T
  }
  /** Up to `max` distinct items, in the list's order. */
  some<T>(items: readonly T[], max: number): T[] {
    const pool = [...items]
    const chosen = new Set<T>()
    for (let left = this.int(0, Math.min(max, items.length)); left > 0; left--) {
      chosen.add(pool.splice(this.int(0, pool.length - 1), 1)[0] as T)
    }
    return items.filter((item) => chosen.has(item))
  }
  hex(length: number): string {
    let text = ''
    while (text.length < length) text += Math.floor(this.next() * 0x100000000).toString(16).padStart(8, '0')
    return text.slice(0, length)
  }
}

/** A stable 8-hex-digit suffix for record `index`, so any record's id can be derived without storing ids. */
function idSuffix(seed: number, kind: number, index: number): string {
  const mixed = Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b) ^ Math.imul(kind, 0xc2b2ae35)
  return Math.floor(mulberry32(mixed)() * 0x100000000).toString(16).padStart(8, '0')
}
export const demoTaskId = (seed: number, index: number): string =>
  `task-${String(index + 1).padStart(6, '0')}-${idSuffix(seed, 1, index)}`
export const demoEpisodeId = (seed: number, index: number): string =>
  `episode-${String(index + 1).padStart(6, '0')}-${idSuffix(seed, 2, index)}`

const VERBS = ['Implement', 'Fix', 'Refactor', 'Add', 'Remove', 'Document', 'Optimise', 'Investigate', 'Migrate', 'Test']
const OBJECTS = [
  'retry logic', 'cache invalidation', 'pagination', 'error reporting', 'session handling', 'compaction',
  'index rebuild', 'rate limiting', 'schema validation', 'backup rotation', 'search ranking', 'config loading'
]
const COMPONENTS = [
  'the task API', 'the storage layer', 'the MCP server', 'the episode recorder', 'the spec parser',
  'the CLI', 'the session manager', 'the graph builder', 'the indexer', 'the web dashboard'
]
const DETAILS = [
  'Users reported intermittent failures under load.', 'Keep the change backwards compatible with existing stores.',
  'Add tests that cover the empty and the very large case.', 'Measure before and after; the p95 latency matters.',
  'See the discussion in the last planning session.', 'Blocked until the upstream fix is released.',
  'The current behaviour silently drops records.', 'Follow the conventions in the spec section referenced.'
]
const TAGS = ['backend', 'frontend', 'storage', 'api', 'performance', 'bug', 'docs', 'security', 'testing', 'infra', 'ux', 'tech-debt']
const SPECS = [
  { spec_name: 'storage-engine', sections: ['2.1 Key layout', '3.4 Compaction', '5 Backups'] },
  { spec_name: 'task-tracking', sections: ['1 Overview', '2.3 Status transitions', '4 Dependencies'] },
  { spec_name: 'mcp-protocol', sections: ['3.1 Tools', '3.2 Resources', '6 Errors'] },
  { spec_name: 'episodic-memory', sections: ['2 Recording', '4.1 Retention'] }
]
const NOTES: Record<string, readonly string[]> = {
  in_progress: ['Picked up', 'Started after planning', 'Reopened after regression'],
  blocked: ['Waiting on review', 'Needs design input', 'Blocked by an upstream fix'],
  done: ['Done, merged', 'Shipped in the last release', 'Verified in staging'],
  cancelled: ['No longer needed', 'Superseded by another task', 'Duplicate']
}
const AGENTS = ['claude-code', 'cursor', 'codex', 'human']
const OUTCOMES = ['success', 'partial', 'failure'] as const

type Status = TaskV1['status']
type Change = TaskV1['history'][number]

const START = Date.UTC(2024, 0, 1)
const DAY = 86_400_000
const iso = (ms: number): string => new Date(ms).toISOString()

/** The status path a task went through to reach its status, with timestamps; the last one is its `updated_at`. */
function statusHistory(rng: Random, status: Status, createdMs: number): { history: Change[]; timestamps: Map<Status, number> } {
  const path: Status[] = {
    pending: ['pending'],
    in_progress: ['pending', 'in_progress'],
    blocked: ['pending', 'in_progress', 'blocked'],
    done: ['pending', 'in_progress', 'done'],
    cancelled: rng.chance(0.5) ? ['pending', 'cancelled'] : ['pending', 'in_progress', 'cancelled']
  }[status] as Status[]
  const history: Change[] = []
  const timestamps = new Map<Status, number>()
  let at = createdMs
  let from: Status | null = null
  for (const to of path) {
    const change: Change = { timestamp: iso(at), from, to }
    const notes = NOTES[to]
    if (notes && rng.chance(0.6)) change.note = rng.pick(notes)
    history.push(change)
    timestamps.set(to, at)
    from = to
    at += rng.int(10, 60 * 24 * 7) * 60_000
  }
  return { history, timestamps }
}

/** One realistic task at `version`: v1 fields always, plus v2's or v3's when asked. */
function demoTask(rng: Random, seed: number, index: number, version: 1 | 2 | 3, episodes: number): Record<string, unknown> {
  const status = rng.pick<Status>(['pending', 'pending', 'in_progress', 'in_progress', 'blocked', 'done', 'done', 'done', 'cancelled'])
  const createdMs = START + Math.floor(rng.float() * 540 * DAY)
  const { history, timestamps } = statusHistory(rng, status, createdMs)
  const updatedMs = Math.max(...timestamps.values()) + rng.int(0, 120) * 60_000
  const specRef = rng.chance(0.4) ? rng.pick(SPECS) : null
  const base = {
    id: demoTaskId(seed, index),
    title: `${rng.pick(VERBS)} ${rng.pick(OBJECTS)} in ${rng.pick(COMPONENTS)}`,
    description: rng.chance(0.8) ? [rng.pick(DETAILS), ...rng.some(DETAILS, 1)].filter((d, i, all) => all.indexOf(d) === i).join(' ') : null,
    status,
    priority: rng.pick(['low', 'medium', 'medium', 'high', 'critical'] as const),
    session_id: rng.chance(0.5) ? `session-${rng.hex(12)}` : null,
    active_session_id: status === 'in_progress' && rng.chance(0.5) ? `session-${rng.hex(12)}` : null,
    created_at: iso(createdMs),
    updated_at: iso(updatedMs),
    completed_at: status === 'done' ? iso(timestamps.get('done') ?? updatedMs) : null,
    history,
    tags: rng.some(TAGS, 3),
    estimated_hours: rng.chance(0.7) ? rng.int(1, 40) / 2 : null,
    actual_hours: status === 'done' ? rng.int(1, 60) / 2 : null,
    commit_hash: status === 'done' && rng.chance(0.8) ? rng.hex(40) : null,
    episode_id: episodes > 0 && rng.chance(0.3) ? demoEpisodeId(seed, rng.int(0, episodes - 1)) : null
  } satisfies TaskV1
  const earlier = (max: number): string[] =>
    index === 0 ? [] : [...new Set(Array.from({ length: rng.int(0, max) }, () => demoTaskId(seed, rng.int(0, index - 1))))]
  const v2Fields = {
    depends_on: earlier(2),
    related_tasks: earlier(2),
    started_at: timestamps.has('in_progress') ? iso(timestamps.get('in_progress') as number) : null,
    last_activity: base.updated_at,
    timeout_hours: rng.chance(0.2) ? rng.pick([4, 8, 24, 72]) : null
  }
  if (version === 1) {
    const specPart = specRef ? { spec_ref: { spec_name: specRef.spec_name, section: rng.pick(specRef.sections) } } : {}
    return rng.chance(0.5) ? { ...base, ...specPart } : { schema_version: 1, ...base, ...specPart }
  }
  if (version === 2) {
    const task: TaskV2 = {
      schema_version: 2,
      ...base,
      spec_ref: specRef ? { spec_name: specRef.spec_name, section: rng.pick(specRef.sections) } : null,
      ...v2Fields
    }
    return task
  }
  const refs = specRef ? rng.some(specRef.sections, 2) : []
  const task: Record<string, unknown> = {
    schema_version: 3,
    ...base,
    spec_refs: specRef ? (refs.length > 0 ? refs : specRef.sections.slice(0, 1)).map((section) => ({ spec_name: specRef.spec_name, section })) : [],
    ...v2Fields
  }
  return task
}

function demoEpisode(rng: Random, seed: number, index: number, tasks: number): Record<string, unknown> {
  const startedMs = START + Math.floor(rng.float() * 540 * DAY)
  return {
    schema_version: 1,
    id: demoEpisodeId(seed, index),
    task_id: demoTaskId(seed, rng.int(0, tasks - 1)),
    agent: rng.pick(AGENTS),
    started_at: iso(startedMs),
    completed_at: iso(startedMs + rng.int(1, 240) * 60_000),
    outcome: rng.pick(OUTCOMES),
    summary: `${rng.pick(VERBS)} ${rng.pick(OBJECTS)}: ${rng.pick(DETAILS)}`,
    files_touched: rng.some(['src/storage/mod.rs', 'src/mcp/server.rs', 'src/tasks/types.rs', 'README.md', 'tests/e2e.rs'], 3),
    tokens_used: rng.int(500, 120_000)
  }
}

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8')
const json = (value: unknown): Buffer => utf8(JSON.stringify(value))

function checkCount(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new MeridianError('INVALID_INPUT', `${name} must be a whole number of at least ${min} (got ${value})`)
  }
}

/**
 * Writes a realistic demo into an open store: `count` tasks at the requested version, some `episode:` records and
 * `_schema_version`, in batches. Deterministic for a seed (no clock, no global random).
 */
export async function populateDemoStore(store: MeridianStore, options: DemoOptions): Promise<DemoResult> {
  const { count, version } = options
  const seed = options.seed ?? DEFAULT_DEMO_SEED
  const episodes = options.episodes ?? Math.max(1, Math.floor(count / 10))
  checkCount('count', count, 1)
  checkCount('episodes', episodes, 0)
  if (![1, 2, 3, 'mixed'].includes(version)) throw new MeridianError('INVALID_INPUT', `version must be 1, 2, 3 or mixed (got ${String(version)})`)
  if (!Number.isSafeInteger(seed)) throw new MeridianError('INVALID_INPUT', `seed must be a whole number (got ${seed})`)

  const rng = new Random(seed)
  let ops: BatchOp[] = []
  const put = async (key: string, value: Buffer): Promise<void> => {
    ops.push({ type: 'put', key: utf8(key), value })
    if (ops.length >= BATCH_SIZE) {
      await store.db.batch(ops)
      ops = []
    }
  }
  const legacy: { key: string; value: Buffer }[] = []
  for (let i = 0; i < count; i++) {
    const recordVersion = version === 'mixed' ? rng.pick([1, 1, 2, 3] as const) : version
    const task = demoTask(rng, seed, i, recordVersion, episodes)
    const key = `task:${task.id as string}`
    const value = json(task)
    if (options.withLegacyBackup && legacy.length < LEGACY_BACKUP_ITEMS) legacy.push({ key, value })
    await put(key, value)
  }
  for (let i = 0; i < episodes; i++) {
    const episode = demoEpisode(rng, seed, i, count)
    await put(`episode:${episode.id as string}`, json(episode))
  }
  if (options.withLegacyBackup) {
    const header = { timestamp: '2024-01-01T12:00:00Z', prefix: 'task:', item_count: legacy.length, keys: legacy.map((item) => item.key) }
    await put(LEGACY_BACKUP_KEY, json(header))
    for (const item of legacy) await put(`${LEGACY_BACKUP_KEY}:${item.key}`, item.value)
  }
  await put(SCHEMA_VERSION_KEY, json(version === 'mixed' ? 1 : version))
  if (ops.length > 0) await store.db.batch(ops)
  return { tasks: count, episodes }
}

async function hasAnyKey(store: MeridianStore): Promise<boolean> {
  const keys = await store.db.keys({ limit: 1 }).all()
  return keys.length > 0
}

/**
 * Creates a demo store in a new or empty directory. Refuses (INVALID_INPUT) a directory that already holds a
 * store with keys, or other files, so a demo can never be written over real data.
 */
export async function createDemoStore(dataDir: string, options: DemoOptions): Promise<DemoResult & { dataDir: string }> {
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
  const store = await MeridianStore.open(resolved, { createIfMissing: true })
  try {
    if (await hasAnyKey(store)) {
      throw new MeridianError('INVALID_INPUT', `${resolved} already holds a store with data: a demo store needs a new or empty directory`)
    }
    const result = await populateDemoStore(store, options)
    return { ...result, dataDir: resolved }
  } finally {
    await store.close()
  }
}
