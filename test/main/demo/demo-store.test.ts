import { existsSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createDemoStore, LEGACY_BACKUP_KEY, METRICS_DIR, populateDemoStore } from '../../../src/main/demo/demo-store.ts'
import { detectStoreKind } from '../../../src/main/engine/store/store-kind.ts'
import { taskV1Schema } from '../../../src/main/engine/schemas/task-v1.ts'
import { taskV2Schema } from '../../../src/main/engine/schemas/task-v2.ts'
import { EPISODE_FIELDS, meridianEpisode, meridianTask, meridianTaskV1, MIGRATION_V1_FIELDS } from '../../helpers/meridian-rules.ts'
import { describeEachStoreKind } from '../../helpers/store-kinds.ts'
import { rejectionOf, snapshotDb, snapshotDir, useTempStores } from '../../helpers/temp-store.ts'

type Json = Record<string, unknown>

async function entries(db: Parameters<typeof snapshotDb>[0]): Promise<Map<string, string>> {
  const all = new Map<string, string>()
  for await (const [key, value] of db.iterator()) all.set(key.toString('utf8'), value.toString('utf8'))
  return all
}

const under = (all: Map<string, string>, prefix: string): Array<[string, Json]> =>
  [...all].filter(([key]) => key.startsWith(prefix)).map(([key, text]) => [key, JSON.parse(text) as Json])

/** Which historical shape a v1 task has, from the fields it carries (the sheet's three). */
function shapeOf(task: Json): string {
  if (task.schema_version === 2) return 'v2'
  if (task.schema_version === 1) return 'migration-v1'
  return 'started_at' in task ? 'pre-versioning' : 'first-release'
}

/** chrono's AutoSi form: `Z`, and 0, 3, 6 or 9 fraction digits. */
const CHRONO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3}|\.\d{6}|\.\d{9})?Z$/

describe('demo store generator', () => {
  const temp = useTempStores()

  it('writes the same bytes for the same seed, and different ones for another seed', async () => {
    const a = await temp.newStore()
    const b = await temp.newStore()
    const c = await temp.newStore()
    await populateDemoStore(a, { count: 250, version: 'mixed', seed: 7 })
    await populateDemoStore(b, { count: 250, version: 'mixed', seed: 7 })
    await populateDemoStore(c, { count: 250, version: 'mixed', seed: 8 })
    const snapshot = await snapshotDb(a.db)
    expect(await snapshotDb(b.db)).toEqual(snapshot)
    expect(await snapshotDb(c.db)).not.toEqual(snapshot)
  })

  it('writes v1 tasks in each historical shape, none with depends_on, each parsing as Meridian’s migration reads v1', async () => {
    const store = await temp.newStore()
    const result = await populateDemoStore(store, { count: 1200, version: 1 })
    expect(result).toMatchObject({ tasks: 1200, episodes: 120 })
    const all = await entries(store.db)
    const tasks = under(all, 'task:')
    expect(tasks).toHaveLength(1200)
    const shapes = new Map<string, Json[]>()
    for (const [key, task] of tasks) {
      expect(key).toBe(`task:${String(task.id)}`)
      expect(task.id).toMatch(/^task-\d{6}-[0-9a-f]{8}$/)
      expect(meridianTaskV1.safeParse(task).error?.issues, key).toBeUndefined()
      expect(taskV1Schema.safeParse(task).error?.issues, key).toBeUndefined()
      expect(task).not.toHaveProperty('depends_on')
      const shape = shapeOf(task)
      shapes.set(shape, [...(shapes.get(shape) ?? []), task])
    }
    expect([...shapes.keys()].sort()).toEqual(['first-release', 'migration-v1', 'pre-versioning'])
    for (const group of shapes.values()) expect(group.length).toBeGreaterThan(300)

    const v1Fields = [...MIGRATION_V1_FIELDS].sort()
    for (const task of shapes.get('migration-v1') ?? []) expect(Object.keys(task).sort()).toEqual([...v1Fields, 'schema_version'].sort())
    for (const task of shapes.get('first-release') ?? []) expect(Object.keys(task).sort()).toEqual([...v1Fields, 'related_tasks'].sort())
    const later = shapes.get('pre-versioning') ?? []
    for (const task of later) {
      expect(Object.keys(task).sort()).toEqual([...v1Fields, 'last_activity', 'related_tasks', 'started_at', 'timeout_hours'].sort())
    }
    // The values a lossy upgrade would wipe are really there.
    expect(later.filter((t) => (t.related_tasks as string[]).length > 0).length).toBeGreaterThan(50)
    expect(later.filter((t) => t.started_at !== null).length).toBeGreaterThan(50)
    expect(later.filter((t) => t.timeout_hours !== null).length).toBeGreaterThan(20)
    expect(all.get('_schema_version')).toBe('1')
  })

  it('writes v2 tasks as Meridian writes them: every field present, each parsing as Meridian’s Task, the store at v2', async () => {
    const store = await temp.newStore()
    await populateDemoStore(store, { count: 600, version: 2 })
    const all = await entries(store.db)
    const fields = [...MIGRATION_V1_FIELDS, 'schema_version', 'started_at', 'last_activity', 'timeout_hours', 'depends_on', 'related_tasks'].sort()
    for (const [key, task] of under(all, 'task:')) {
      expect(meridianTask.safeParse(task).error?.issues, key).toBeUndefined()
      expect(taskV2Schema.safeParse(task).error?.issues, key).toBeUndefined()
      expect(Object.keys(task).sort()).toEqual(fields)
      expect(task.schema_version).toBe(2)
      expect(task.last_activity).toBe(task.updated_at)
    }
    expect(all.get('_schema_version')).toBe('2')
  })

  it('mixes every v1 shape and v2 tasks in a mixed store, each valid for its own version, with the store at v1', async () => {
    const store = await temp.newStore()
    await populateDemoStore(store, { count: 600, version: 'mixed' })
    const all = await entries(store.db)
    const seen = new Set<string>()
    for (const [key, task] of under(all, 'task:')) {
      seen.add(shapeOf(task))
      expect(meridianTask.safeParse(task).success, key).toBe(true)
      expect((task.schema_version === 2 ? taskV2Schema : taskV1Schema).safeParse(task).success, key).toBe(true)
    }
    expect([...seen].sort()).toEqual(['first-release', 'migration-v1', 'pre-versioning', 'v2'])
    expect(all.get('_schema_version')).toBe('1')
  })

  it('writes realistic tasks: varied statuses, spec references on some, timestamps as chrono writes them', async () => {
    const store = await temp.newStore()
    await populateDemoStore(store, { count: 400, version: 'mixed' })
    const tasks = under(await entries(store.db), 'task:').map(([, task]) => task)
    expect(new Set(tasks.map((t) => t.status))).toEqual(new Set(['pending', 'in_progress', 'blocked', 'done', 'cancelled']))
    expect(new Set(tasks.map((t) => t.priority)).size).toBe(4)
    const withSpec = tasks.filter((t) => t.spec_ref).length
    expect(withSpec).toBeGreaterThan(50)
    expect(withSpec).toBeLessThan(350)
    const fractions = new Set<number>()
    for (const task of tasks) {
      for (const field of ['created_at', 'updated_at', 'completed_at', 'started_at', 'last_activity']) {
        const value = task[field]
        if (value === null || value === undefined) continue
        expect(value, field).toMatch(CHRONO_UTC)
        fractions.add((/\.(\d+)Z$/.exec(value as string)?.[1] ?? '').length)
      }
      expect(Date.parse(task.updated_at as string)).toBeGreaterThanOrEqual(Date.parse(task.created_at as string))
      expect((task.history as unknown[]).length).toBeGreaterThan(0)
      expect(String(task.title).length).toBeGreaterThan(5)
    }
    expect([...fractions]).toEqual(expect.arrayContaining([3, 6, 9]))
  })

  it('writes TaskEpisode records exactly per the sheet (a tenth of the count, at least one)', async () => {
    const small = await temp.newStore()
    expect(await populateDemoStore(small, { count: 3, version: 2 })).toMatchObject({ tasks: 3, episodes: 1 })
    const store = await temp.newStore()
    await populateDemoStore(store, { count: 50, version: 2, episodes: 40 })
    const episodes = under(await entries(store.db), 'episode:')
    expect(episodes).toHaveLength(40)
    const outcomes = new Set<unknown>()
    for (const [key, episode] of episodes) {
      expect(key).toBe(`episode:${String(episode.id)}`)
      expect(meridianEpisode.safeParse(episode).error?.issues, key).toBeUndefined()
      for (const field of Object.keys(episode)) expect(EPISODE_FIELDS, `${key}: ${field}`).toContain(field)
      expect(Object.keys(episode.initial_context as Json).sort()).toEqual(['active_files', 'active_symbols', 'working_directory'])
      outcomes.add(episode.outcome)
    }
    expect([...outcomes].sort()).toEqual(['Failure', 'Partial', 'Success'])
    expect(episodes.some(([, e]) => !('schema_version' in e))).toBe(true)
  })

  it('writes Meridian’s index markers (value 1) for every task’s status, priority, spec and session, and no others', async () => {
    const store = await temp.newStore()
    const result = await populateDemoStore(store, { count: 300, version: 'mixed' })
    const all = await entries(store.db)
    const expected = new Set<string>()
    for (const [, task] of under(all, 'task:')) {
      expected.add(`idx_status:${String(task.status)}:${String(task.id)}`)
      expected.add(`idx_priority:${String(task.priority)}:${String(task.id)}`)
      const spec = task.spec_ref as { spec_name: string } | null
      if (spec) expected.add(`idx_spec:${spec.spec_name}:${String(task.id)}`)
      if (task.session_id) expected.add(`idx_session:${String(task.session_id)}:${String(task.id)}`)
    }
    const markers = [...all].filter(([key]) => key.startsWith('idx_'))
    expect(new Set(markers.map(([key]) => key))).toEqual(expected)
    expect(new Set(markers.map(([, value]) => value))).toEqual(new Set(['1']))
    expect(result.indexes).toBe(expected.size)
    expect(result.keys).toBe(all.size)
    expect(new Set(markers.map(([key]) => key.split(':')[0]))).toEqual(new Set(['idx_status', 'idx_priority', 'idx_spec', 'idx_session']))

    const bare = await temp.newStore()
    expect(await populateDemoStore(bare, { count: 300, version: 'mixed', indexes: false })).toMatchObject({ indexes: 0 })
    expect([...(await entries(bare.db)).keys()].some((key) => key.startsWith('idx_'))).toBe(false)
  })

  it('writes a Meridian-style legacy in-store backup when asked', async () => {
    const store = await temp.newStore()
    await populateDemoStore(store, { count: 20, version: 1, withLegacyBackup: true })
    const all = await entries(store.db)
    const header = JSON.parse(all.get(LEGACY_BACKUP_KEY) ?? 'null') as { prefix: string; item_count: number; keys: string[]; timestamp: string }
    expect(header).toMatchObject({ prefix: 'task:', item_count: 5, timestamp: '2024-01-01T12:00:00Z' })
    for (const key of header.keys) expect(all.get(`${LEGACY_BACKUP_KEY}:${key}`)).toBe(all.get(key))
  })

  it('rejects a count that is not a positive whole number with INVALID_INPUT', async () => {
    const store = await temp.newStore()
    for (const count of [0, -1, 1.5, Number.NaN]) {
      expect((await rejectionOf(populateDemoStore(store, { count, version: 1 }))).code).toBe('INVALID_INPUT')
    }
  })

  it('refuses version 3 with INVALID_INPUT saying why, and writes nothing', async () => {
    const store = await temp.newStore()
    const error = await rejectionOf(populateDemoStore(store, { count: 10, version: 3 as unknown as 1 }))
    expect(error.code).toBe('INVALID_INPUT')
    expect(error.message).toMatch(/version 3 is not a demo version any more: Meridian knows schema v2 at most/)
    expect(await snapshotDb(store.db)).toEqual({})
    const dir = await temp.dataDirPath()
    expect((await rejectionOf(createDemoStore(dir, { count: 10, version: 3 as unknown as 1 }))).code).toBe('INVALID_INPUT')
    expect(existsSync(dir)).toBe(false)
  })
})

describeEachStoreKind((kind) => {
  const temp = useTempStores(kind)

  it('creates a new store with a metrics/ sub-store of the same kind, deterministic for a seed, and refuses a directory that holds keys', async () => {
    const dir = await temp.dataDirPath()
    const result = await createDemoStore(dir, { count: 30, version: 2, seed: 1, kind })
    expect(result).toMatchObject({ tasks: 30, episodes: 3, dataDir: dir, metricsRecords: 96 })
    expect(await detectStoreKind(dir)).toBe(kind)
    const metrics = path.join(dir, METRICS_DIR)
    expect(await detectStoreKind(metrics)).toBe(kind)
    const metricsRecords = await snapshotDir(metrics)
    expect(Object.keys(metricsRecords)).toHaveLength(96)

    const again = await temp.dataDirPath()
    await createDemoStore(again, { count: 30, version: 2, seed: 1, kind })
    expect(await snapshotDir(again)).toEqual(await snapshotDir(dir))
    expect(await snapshotDir(path.join(again, METRICS_DIR))).toEqual(metricsRecords)

    const before = await snapshotDir(dir)
    const error = await rejectionOf(createDemoStore(dir, { count: 30, version: 2, seed: 2, kind }))
    expect(error.code).toBe('INVALID_INPUT')
    expect(await snapshotDir(dir)).toEqual(before)

    const without = await temp.dataDirPath()
    expect(await createDemoStore(without, { count: 5, version: 1, kind, metrics: false })).toMatchObject({ metricsRecords: null })
    expect(existsSync(path.join(without, METRICS_DIR))).toBe(false)
  })
})
