import { describe, expect, it } from 'vitest'
import { MigrationManager } from '../../../../src/main/engine/operations/migration-manager.ts'
import type { MeridianStore } from '../../../../src/main/engine/store/store.ts'
import { backupComparisonSchema } from '../../../../src/shared/backup-inspect.ts'
import type { ProgressEvent } from '../../../../src/shared/progress.ts'
import { seedV1Store } from '../../../helpers/fixture-stores.ts'
import { putAll, putRaw, readJson, rejectionOf, snapshotDb, useTempStores } from '../../../helpers/temp-store.ts'
import { taskV1 } from '../../../helpers/tasks.ts'
import { flipMiddleByte } from '../../cli/run-cli.ts'

const stores = useTempStores()
const taskKey = (i: number): string => `task:t${String(i).padStart(5, '0')}`

async function backedUpStore(tasks: number): Promise<{ store: MeridianStore; manager: MigrationManager; id: string }> {
  const store = await stores.newStore()
  await seedV1Store(store, tasks)
  const manager = new MigrationManager(store)
  const { id } = await manager.createBackup()
  return { store, manager, id }
}

/** After the backup: 3 tasks deleted, 4 added, 5 edited, one episode added. */
async function changeAfterBackup(store: MeridianStore): Promise<void> {
  for (const i of [2, 10, 29]) await store.db.del(Buffer.from(taskKey(i)))
  await putAll(store.db, [
    ...[0, 1, 2, 3].map((i) => [`task:new-${i}`, taskV1({ id: `new-${i}` })] as const),
    ...[4, 5, 6, 7].map((i) => [taskKey(i), taskV1({ id: `t${String(i).padStart(5, '0')}`, title: `Renamed ${i}` })] as const),
    ['episode:ep-3', { id: 'ep-3' }]
  ])
  // One edit that adds a field, removes one and changes one.
  const { tags: _tags, ...rest } = (await readJson(store.db, taskKey(8))) as Record<string, unknown>
  await putRaw(store.db, taskKey(8), { ...rest, status: 'done', estimate_confidence: 0.8 })
}

describe('comparing a backup with the store', () => {
  it('counts keys added, removed, changed and unchanged exactly, on a store changed after the backup', async () => {
    const { store, manager, id } = await backedUpStore(30)
    await changeAfterBackup(store)
    const result = backupComparisonSchema.parse(await manager.compareBackup(id, { prefix: 'task:' }))
    expect(result).toMatchObject({ backupId: id, prefix: 'task:', backupVersion: 1 })
    expect(result.counts).toEqual({ added: 4, removed: 3, changed: 5, unchanged: 22 })
    expect(result.added.map((r) => r.key)).toEqual(['task:new-0', 'task:new-1', 'task:new-2', 'task:new-3'])
    expect(result.removed.map((r) => r.key)).toEqual([taskKey(2), taskKey(10), taskKey(29)])
    expect(result.changed.map((r) => r.key)).toEqual([4, 5, 6, 7, 8].map(taskKey))
    expect(result.removed[0]).toMatchObject({ version: 1, value: { id: 't00002' } })

    // Without a prefix every key counts: the added episode too, and the unchanged foreign and version keys.
    const whole = await manager.compareBackup(id)
    const keys = Object.keys(await snapshotDb(store.db)).length
    expect(whole.counts).toEqual({ added: 5, removed: 3, changed: 5, unchanged: keys - 5 - 5 })
  })

  it('gives a changed JSON record its field-level differences, with the values before and after', async () => {
    const { store, manager, id } = await backedUpStore(10)
    await changeAfterBackup(store)
    const result = await manager.compareBackup(id, { prefix: 'task:t00008' })
    expect(result.counts).toEqual({ added: 0, removed: 0, changed: 1, unchanged: 0 })
    const [changed] = result.changed
    expect(changed?.before.value).toMatchObject({ status: 'in_progress', tags: ['backend', 'storage'] })
    expect(changed?.after.value).toMatchObject({ status: 'done', estimate_confidence: 0.8 })
    expect(changed?.fields).toEqual([
      { field: 'status', change: 'changed', before: 'in_progress', after: 'done' },
      { field: 'estimate_confidence', change: 'added', after: 0.8 },
      { field: 'tags', change: 'removed', before: ['backend', 'storage'] }
    ])
  })

  it('shows what a migration changed: every task, with the fields the migration adds', async () => {
    const { manager, id } = await backedUpStore(8)
    await manager.migrate()
    const result = await manager.compareBackup(id, { prefix: 'task:' })
    expect(result.counts).toEqual({ added: 0, removed: 0, changed: 8, unchanged: 0 })
    const fields = (i: number): string[] => (result.changed[i]?.fields ?? []).map((f) => `${f.change} ${f.field}`)
    // t00000 had no schema_version (v1 by absence); t00001 had schema_version: 1.
    expect(fields(0)).toEqual(expect.arrayContaining(['added schema_version', 'added depends_on', 'added last_activity']))
    expect(fields(1)).toEqual(expect.arrayContaining(['changed schema_version', 'added related_tasks']))
    expect(result.changed[1]?.fields).toContainEqual({ field: 'schema_version', change: 'changed', before: 1, after: 2 })
    expect(result.changed[0]?.before.version).toBe(1)
    expect(result.changed[0]?.after.version).toBe(2)
  })

  it('keeps only the first 20 of each kind as samples, while the counts cover every key', async () => {
    const { store, manager, id } = await backedUpStore(45)
    await putAll(
      store.db,
      Array.from({ length: 45 }, (_, i) => [taskKey(i), { edited: i }] as const)
    )
    const result = await manager.compareBackup(id, { prefix: 'task:' })
    expect(result.counts.changed).toBe(45)
    expect(result.changed.map((r) => r.key)).toEqual(Array.from({ length: 20 }, (_, i) => taskKey(i)))
  })

  it('compares values that are not JSON objects byte for byte, with no field list', async () => {
    const { store, manager, id } = await backedUpStore(2)
    await putRaw(store.db, 'session:s-1', 'now plain text')
    const result = await manager.compareBackup(id, { prefix: 'session:' })
    expect(result.counts).toEqual({ added: 0, removed: 0, changed: 1, unchanged: 0 })
    expect(result.changed[0]).toMatchObject({ key: 'session:s-1', fields: null, after: { value: 'now plain text', version: null } })
  })

  it('reports progress in the compare phase, ending at the backup entries it read', async () => {
    const { manager, id } = await backedUpStore(2500)
    const events: ProgressEvent[] = []
    await manager.compareBackup(id, { onProgress: (event) => events.push(event) })
    expect(new Set(events.map((e) => e.phase))).toEqual(new Set(['compare']))
    const last = events.at(-1)
    const records = (await manager.listBackups())[0]?.records
    expect(last).toMatchObject({ done: records, total: records })
  })

  it('is cancelled by its signal with CANCELLED, the store untouched', async () => {
    const { store, manager, id } = await backedUpStore(3000)
    const before = await snapshotDb(store.db)
    const controller = new AbortController()
    const error = await rejectionOf(
      manager.compareBackup(id, {
        signal: controller.signal,
        onProgress: (event) => {
          if (event.done === 0) controller.abort()
        }
      })
    )
    expect(error.code).toBe('CANCELLED')
    expect(await snapshotDb(store.db)).toEqual(before)
  })

  it('refuses a damaged backup with BACKUP_CORRUPT before comparing anything, for a prefix too', async () => {
    const { manager, id } = await backedUpStore(200)
    await flipMiddleByte(manager.backups.repository.pathFor(id))
    for (const prefix of ['', '_schema_version', 'task:']) {
      const events: ProgressEvent[] = []
      const error = await rejectionOf(manager.compareBackup(id, { prefix, onProgress: (event) => events.push(event) }))
      expect(error.code).toBe('BACKUP_CORRUPT')
      expect(error.message).toBe(`Backup ${id} is damaged: its checksum does not match`)
      expect(events).toEqual([])
    }
  })

  it('refuses a bad id, a missing backup and an over-long prefix with coded errors, the store untouched', async () => {
    const { store, manager } = await backedUpStore(3)
    const before = await snapshotDb(store.db)
    expect((await rejectionOf(manager.compareBackup('backup_1/../x'))).code).toBe('INVALID_INPUT')
    expect((await rejectionOf(manager.compareBackup('backup_20000101_000000'))).code).toBe('BACKUP_NOT_FOUND')
    const long = await rejectionOf(manager.compareBackup('backup_20000101_000000', { prefix: 'p'.repeat(300) }))
    expect(long.code).toBe('INVALID_INPUT')
    expect(long.message).toMatch(/prefix: a prefix of at most 256 characters/)
    expect(await snapshotDb(store.db)).toEqual(before)
  })

  it('leaves the store and the backup as they were', async () => {
    const { store, manager, id } = await backedUpStore(20)
    await changeAfterBackup(store)
    const before = await snapshotDb(store.db)
    await manager.compareBackup(id)
    await manager.compareBackup(id, { prefix: 'task:' })
    expect(await snapshotDb(store.db)).toEqual(before)
    expect(await manager.verifyBackup(id)).toMatchObject({ ok: true })
  })
})
