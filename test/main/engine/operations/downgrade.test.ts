import { describe, expect, it } from 'vitest'
import { populateDemoStore } from '../../../../src/main/demo/demo-store.ts'
import { MigrationManager } from '../../../../src/main/engine/operations/migration-manager.ts'
import { taskV1Schema } from '../../../../src/main/engine/schemas/task-v1.ts'
import { errorAdvice } from '../../../../src/shared/errors.ts'
import { historyEntrySchema } from '../../../../src/shared/history.ts'
import { exampleSetRegistry, populateV3Demo } from '../../../helpers/example-set.ts'
import { putAll, readTasks, rejectionOf, snapshotDb, useTempStores } from '../../../helpers/temp-store.ts'
import { taskV3 } from '../../../helpers/tasks.ts'

const ref = (section: string): { spec_name: string; section: string } => ({ spec_name: 'task-tracking', section })
/** A v3 task with nothing a v1 task cannot hold (one ref, no links, default activity). */
const lossless = (id: string): Record<string, unknown> => {
  const task = taskV3({ id, depends_on: [], related_tasks: [], started_at: null, timeout_hours: null, spec_refs: [ref(id)] })
  return { ...task, last_activity: task.updated_at }
}

describe('downgrades (v3 → v1 with the example set loaded)', () => {
  const stores = useTempStores()

  async function demoV3(): Promise<MigrationManager> {
    const store = await stores.newStore()
    await populateV3Demo(store, { count: 40 })
    return new MigrationManager(store, { registry: exampleSetRegistry() })
  }

  it('a dry run of a downgrade reports how many records lose data and a sample of what', async () => {
    const manager = await demoV3()
    const report = await manager.dryRun({ to: 1 })
    expect(report).toMatchObject({ from: 3, to: 1 })
    expect(report.losses?.records).toBeGreaterThan(0)
    expect(report.losses?.sample.length).toBeGreaterThan(0)
    expect(report.losses?.sample[0]?.loses.length).toBeGreaterThan(0)
    expect((await manager.dryRun()).losses).toBeUndefined()
  })

  it('refuses a lossy downgrade without allowDataLoss: DATA_LOSS_REFUSED, store byte-identical, no backup', async () => {
    const manager = await demoV3()
    const before = await snapshotDb(manager.store.db)
    const error = await rejectionOf(manager.migrate({ to: 1 }))
    expect(error.code).toBe('DATA_LOSS_REFUSED')
    expect(error.message).toMatch(/would lose data in \d+ of 40 records/)
    expect(error.message).toMatch(/task:\S+: /)
    expect(errorAdvice.DATA_LOSS_REFUSED).toContain('--allow-data-loss')
    expect(await snapshotDb(manager.store.db)).toEqual(before)
    expect(await manager.listBackups()).toEqual([])
  })

  it('downgrades v3 → v1 with allowDataLoss: every task is v1, a backup is taken, history records it', async () => {
    const manager = await demoV3()
    const result = await manager.migrate({ to: 1, allowDataLoss: true })
    expect(result).toMatchObject({ status: 'migrated', from: 3, to: 1, itemsMigrated: 40 })
    expect(result.backupId).not.toBeNull()
    const backups = await manager.listBackups()
    expect(backups.map((b) => b.id)).toEqual([result.backupId])
    expect(backups[0]).toMatchObject({ schemaVersion: 3, reason: 'pre-migration' })
    expect(await manager.store.readVersion()).toBe(1)
    const tasks = await readTasks(manager.store.db)
    expect(tasks.size).toBe(40)
    for (const task of tasks.values()) {
      expect(taskV1Schema.safeParse(task).success).toBe(true)
      expect(task.schema_version).toBe(1)
    }
    const last = historyEntrySchema.parse((await manager.history()).at(-1))
    expect(last).toMatchObject({ from_version: 3, to_version: 1, success: true, status: 'success', backup_key: result.backupId })
  })

  it('downgrades without the flag when no record would lose data, and the upgrade round-trips the tasks', async () => {
    const store = await stores.newStore()
    const originals = new Map([1, 2, 3].map((i) => [`task:t${i}`, lossless(`t${i}`)] as const))
    await putAll(store.db, [...originals, ['_schema_version', '3']])
    const manager = new MigrationManager(store, { registry: exampleSetRegistry() })
    expect((await manager.dryRun({ to: 1 })).losses).toEqual({ records: 0, sample: [] })
    expect(await manager.migrate({ to: 1 })).toMatchObject({ status: 'migrated', from: 3, to: 1, itemsMigrated: 3 })
    expect(await manager.migrate()).toMatchObject({ status: 'migrated', from: 1, to: 3, itemsMigrated: 3 })
    expect(Object.fromEntries(await readTasks(store.db))).toEqual(Object.fromEntries(originals))
  })

  it('downgrades one step v3 → v2, keeping the first spec ref', async () => {
    const store = await stores.newStore()
    await putAll(store.db, [
      ['task:a', taskV3({ id: 'a', spec_refs: [ref('1'), ref('2')] })],
      ['_schema_version', '3']
    ])
    const manager = new MigrationManager(store, { registry: exampleSetRegistry() })
    const error = await rejectionOf(manager.migrate({ to: 2 }))
    expect(error.code).toBe('DATA_LOSS_REFUSED')
    expect(error.message).toContain('task:a: spec_refs[1..] (1 more ref)')
    await manager.migrate({ to: 2, allowDataLoss: true })
    expect((await readTasks(store.db)).get('task:a')).toMatchObject({ schema_version: 2, spec_ref: ref('1') })
  })

  it('with the built-in set alone, a Meridian v2 store downgrades to v1 (refused while lossy) and has nothing above v2', async () => {
    const store = await stores.newStore()
    await populateDemoStore(store, { count: 20, version: 2 })
    const manager = new MigrationManager(store)
    expect((await rejectionOf(manager.migrate({ to: 1 }))).code).toBe('DATA_LOSS_REFUSED')
    expect(await manager.migrate({ to: 1, allowDataLoss: true })).toMatchObject({ status: 'migrated', from: 2, to: 1, itemsMigrated: 20 })
    expect((await rejectionOf(manager.migrate({ to: 3 }))).code).toBe('INVALID_INPUT')
  })
})
