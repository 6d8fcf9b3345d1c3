import { describe, expect, it } from 'vitest'
import { populateDemoStore } from '../../../../src/main/demo/demo-store.ts'
import { MigrationManager } from '../../../../src/main/engine/operations/migration-manager.ts'
import { readOperationRecord, writeOperationRecord } from '../../../../src/main/engine/operations/operation-record.ts'
import { snapshotDb, useTempStores } from '../../../helpers/temp-store.ts'

/**
 * The `recovered` history entry tells Meridian (which reads `success`) whether the interrupted run took effect.
 * The interruption is staged the way a killed process leaves it: an operation note in the store, its data part-way.
 */
describe('recovery of an interrupted operation', () => {
  const temp = useTempStores()

  it('records a reverted migration as success: false, with an error saying it was interrupted and reverted', async () => {
    const store = await temp.newStore()
    await populateDemoStore(store, { count: 40, version: 1 })
    const manager = new MigrationManager(store)
    const before = await manager.createBackup()
    const snapshot = await snapshotDb(store.db)
    await writeOperationRecord(store, {
      kind: 'migrate',
      phase: 'applying',
      startedAt: '2026-01-01T00:00:00.000Z',
      name: 'Migrate v1 → v2',
      fromVersion: 1,
      toVersion: 2,
      revertTo: { id: before.id, path: manager.backups.repository.pathFor(before.id) },
      source: null
    })
    // Part of the pass had landed when the process died.
    await store.db.put(Buffer.from('task:half-migrated'), Buffer.from('{"schema_version":2}'))

    const report = await new MigrationManager(store).recoverFirst()

    expect(report).toMatchObject({ operation: 'migrate', outcome: 'reverted' })
    const entry = (await store.readHistory()).at(-1)
    expect(entry).toMatchObject({ status: 'recovered', success: false, from_version: 1, to_version: 1, backup_key: before.id })
    expect(entry?.error).toMatch(/interrupted migration v1 → v2 was reverted/)
    expect(await readOperationRecord(store)).toBeNull()
    const after = await snapshotDb(store.db)
    const historyKey = Buffer.from('_migration_history').toString('hex')
    delete after[historyKey]
    delete snapshot[historyKey]
    expect(after).toEqual(snapshot)
  })

  it('records a restore that recovery completed as success: true, with no error', async () => {
    const store = await temp.newStore()
    await populateDemoStore(store, { count: 30, version: 2, seed: 3 })
    const manager = new MigrationManager(store)
    const source = await manager.createBackup()
    const restored = await snapshotDb(store.db)
    await store.db.put(Buffer.from('task:added-after-the-backup'), Buffer.from('{}'))
    const safety = await manager.createBackup()
    await writeOperationRecord(store, {
      kind: 'restore',
      phase: 'applying',
      startedAt: '2026-01-01T00:00:00.000Z',
      name: `Restore ${source.id}`,
      fromVersion: 2,
      toVersion: 2,
      revertTo: { id: safety.id, path: manager.backups.repository.pathFor(safety.id) },
      source: { id: source.id, path: manager.backups.repository.pathFor(source.id) }
    })

    const report = await new MigrationManager(store).recoverFirst()

    expect(report).toMatchObject({ operation: 'restore', outcome: 'completed' })
    const entry = (await store.readHistory()).at(-1)
    expect(entry).toMatchObject({ status: 'recovered', success: true, error: null, backup_key: source.id })
    const after = await snapshotDb(store.db)
    expect(after[Buffer.from('task:added-after-the-backup').toString('hex')]).toBeUndefined()
    for (const [key, value] of Object.entries(restored)) expect(after[key], key).toBe(value)
  })
})
