import { describe, expect, it } from 'vitest'
import { MigrationManager } from '../../../../src/main/engine/operations/migration-manager.ts'
import { meridianMigrationHistorySchema, meridianMigrationResultSchema } from '../../../../src/main/engine/schemas/migration-result.ts'
import { putAll, putRaw, readJson, useTempStores } from '../../../helpers/temp-store.ts'
import { taskV1 } from '../../../helpers/tasks.ts'

const stores = useTempStores()

describe('the history we write, read as Meridian’s MigrationResult', () => {
  it('every entry (a success, a downgrade, a failed run rolled back, a restore) parses with Meridian’s rules', async () => {
    const store = await stores.newStore()
    await putAll(store.db, [
      ['task:a', taskV1({ id: 'a' })],
      ['task:b', taskV1({ id: 'b', related_tasks: ['a'] })]
    ])
    const manager = new MigrationManager(store)
    const upgrade = await manager.migrate({ to: 2 })
    await manager.migrate({ to: 1, allowDataLoss: true })
    await putRaw(store.db, 'task:broken', { id: 'broken', title: 42 })
    await expect(manager.migrate({ to: 2 })).rejects.toMatchObject({ code: 'MIGRATION_FAILED' })
    await manager.restoreBackup(upgrade.backupId as string)

    const history = meridianMigrationHistorySchema.parse(await readJson(store.db, '_migration_history'))
    expect(history.migrations.map((entry) => [entry.from_version, entry.to_version, entry.success])).toEqual([
      [1, 2, true],
      [2, 1, true],
      [1, 2, false],
      [expect.any(Number), expect.any(Number), true]
    ])
    for (const entry of history.migrations) expect(meridianMigrationResultSchema.safeParse(entry).error).toBeUndefined()
  })

  it('rejects what Meridian’s MigrationResult rejects: no completed_at, a fractional count, a version below zero', () => {
    const entry = {
      from_version: 1,
      to_version: 2,
      started_at: '2024-03-03T00:00:00Z',
      completed_at: '2024-03-03T00:00:01Z',
      items_migrated: 3,
      backup_key: null,
      success: true,
      error: null
    }
    expect(meridianMigrationResultSchema.safeParse(entry).success).toBe(true)
    expect(meridianMigrationResultSchema.safeParse({ ...entry, completed_at: null }).success).toBe(false)
    expect(meridianMigrationResultSchema.safeParse({ ...entry, items_migrated: 1.5 }).success).toBe(false)
    expect(meridianMigrationResultSchema.safeParse({ ...entry, from_version: -1 }).success).toBe(false)
  })
})
