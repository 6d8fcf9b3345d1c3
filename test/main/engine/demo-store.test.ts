import { describe, expect, it } from 'vitest'
import { createDemoStore, LEGACY_BACKUP_KEY, populateDemoStore } from '../../../src/main/engine/demo-store.ts'
import { taskV1Schema } from '../../../src/main/engine/schemas/task-v1.ts'
import { taskV2Schema } from '../../../src/main/engine/schemas/task-v2.ts'
import { taskV3Schema } from '../../helpers/example-set.ts'
import { rejectionOf, snapshotDb, snapshotDir, useTempStores } from '../../helpers/temp-store.ts'

const schemas = { 1: taskV1Schema, 2: taskV2Schema, 3: taskV3Schema } as const

async function entries(db: Parameters<typeof snapshotDb>[0]): Promise<Map<string, string>> {
  const all = new Map<string, string>()
  for await (const [key, value] of db.iterator()) all.set(key.toString('utf8'), value.toString('utf8'))
  return all
}

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

  it.each([1, 2, 3] as const)('writes v%i tasks that each parse with that version’s schema, with ids task-NNNNNN-hex', async (version) => {
    const store = await temp.newStore()
    const result = await populateDemoStore(store, { count: 1200, version })
    expect(result).toEqual({ tasks: 1200, episodes: 120 })
    const all = await entries(store.db)
    const tasks = [...all].filter(([key]) => key.startsWith('task:'))
    expect(tasks).toHaveLength(1200)
    for (const [key, text] of tasks) {
      const task = JSON.parse(text) as Record<string, unknown>
      expect(key).toBe(`task:${String(task.id)}`)
      expect(task.id).toMatch(/^task-\d{6}-[0-9a-f]{8}$/)
      const parsed = schemas[version].safeParse(task)
      expect(parsed.success, `${key}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true)
    }
    expect(all.get('_schema_version')).toBe(String(version))
  })

  it('omits schema_version on about half of the v1 tasks and sets 1 on the rest', async () => {
    const store = await temp.newStore()
    await populateDemoStore(store, { count: 1000, version: 1 })
    const versions = [...(await entries(store.db))]
      .filter(([key]) => key.startsWith('task:'))
      .map(([, text]) => (JSON.parse(text) as { schema_version?: number }).schema_version)
    const bare = versions.filter((v) => v === undefined).length
    expect(bare).toBeGreaterThan(400)
    expect(bare).toBeLessThan(600)
    expect(versions.filter((v) => v === 1)).toHaveLength(1000 - bare)
  })

  it('mixes v1, v2 and v3 records in a mixed store, each valid for its own version, with the store at v1', async () => {
    const store = await temp.newStore()
    await populateDemoStore(store, { count: 600, version: 'mixed' })
    const all = await entries(store.db)
    const seen = new Set<number>()
    for (const [key, text] of all) {
      if (!key.startsWith('task:')) continue
      const task = JSON.parse(text) as { schema_version?: 1 | 2 | 3 }
      const version = task.schema_version ?? 1
      seen.add(version)
      expect(schemas[version].safeParse(task).success, key).toBe(true)
    }
    expect([...seen].sort()).toEqual([1, 2, 3])
    expect(all.get('_schema_version')).toBe('1')
  })

  it('writes realistic tasks: varied statuses, spec references on some, RFC 3339 UTC timestamps', async () => {
    const store = await temp.newStore()
    await populateDemoStore(store, { count: 400, version: 1 })
    const tasks = [...(await entries(store.db))].filter(([key]) => key.startsWith('task:')).map(([, text]) => JSON.parse(text) as Record<string, unknown>)
    expect(new Set(tasks.map((t) => t.status))).toEqual(new Set(['pending', 'in_progress', 'blocked', 'done', 'cancelled']))
    expect(new Set(tasks.map((t) => t.priority)).size).toBe(4)
    const withSpec = tasks.filter((t) => t.spec_ref).length
    expect(withSpec).toBeGreaterThan(50)
    expect(withSpec).toBeLessThan(350)
    for (const task of tasks) {
      expect(task.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/)
      expect(Date.parse(task.updated_at as string)).toBeGreaterThanOrEqual(Date.parse(task.created_at as string))
      expect((task.history as unknown[]).length).toBeGreaterThan(0)
      expect(String(task.title).length).toBeGreaterThan(5)
    }
  })

  it('writes episode records (a tenth of the count, at least one) that are not tasks', async () => {
    const small = await temp.newStore()
    expect(await populateDemoStore(small, { count: 3, version: 2 })).toEqual({ tasks: 3, episodes: 1 })
    const store = await temp.newStore()
    await populateDemoStore(store, { count: 50, version: 2, episodes: 7 })
    const episodes = [...(await entries(store.db))].filter(([key]) => key.startsWith('episode:'))
    expect(episodes).toHaveLength(7)
    for (const [key, text] of episodes) {
      const episode = JSON.parse(text) as { id: string; task_id: string }
      expect(key).toBe(`episode:${episode.id}`)
      expect(episode.task_id).toMatch(/^task-/)
    }
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

  it('creates a new store in a missing directory, and refuses one that already holds keys', async () => {
    const dir = await temp.dataDirPath()
    const result = await createDemoStore(dir, { count: 30, version: 3, seed: 1 })
    expect(result).toMatchObject({ tasks: 30, episodes: 3, dataDir: dir })
    const before = await snapshotDir(dir)
    const error = await rejectionOf(createDemoStore(dir, { count: 30, version: 3, seed: 2 }))
    expect(error.code).toBe('INVALID_INPUT')
    expect(await snapshotDir(dir)).toEqual(before)
  })
})
