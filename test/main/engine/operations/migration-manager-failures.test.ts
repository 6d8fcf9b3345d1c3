import { describe, expect, it } from 'vitest'
import { exampleSetRegistry } from '../../../helpers/example-set.ts'
import { MigrationManager } from '../../../../src/main/engine/operations/migration-manager.ts'
import type { MeridianError } from '../../../../src/shared/errors.ts'
import { seedV1Store } from '../../../helpers/fixture-stores.ts'
import { foreignPart, foreignSnapshot } from '../../../helpers/foreign-keys.ts'
import { listDir, putAll, putRaw, rejectionOf, snapshotDb, useTempStores, without } from '../../../helpers/temp-store.ts'
import { manyV1Tasks, taskV1, taskV2 } from '../../../helpers/tasks.ts'
import { describeEachStoreKind } from '../../../helpers/store-kinds.ts'

describeEachStoreKind((kind) => {
  const stores = useTempStores(kind)

  const CORRUPTIONS = [
    ['invalid JSON', '{"id": "bad", "title": '],
    ['a schema failure (status "finished")', JSON.stringify(taskV1({ id: 'bad', status: 'finished' }))],
    ['schema_version "2" as a string', JSON.stringify(taskV2({ id: 'bad', schema_version: '2' }))],
    ['a field written twice', `${JSON.stringify(taskV1({ id: 'bad' })).slice(0, -1)},"title":"again"}`],
    [
      'bytes that are not UTF-8',
      Buffer.concat([Buffer.from(JSON.stringify(taskV1({ id: 'bad' })).slice(0, -1) + ',"note":"caf'), Buffer.from([0xe9]), Buffer.from('"}')])
    ]
  ] as const

  describe('a migration that fails on one corrupt task', () => {
    it.each(CORRUPTIONS)('with %s: MIGRATION_FAILED naming the key, store byte-identical except a failed history entry', async (_label, value) => {
      const store = await stores.newStore()
      await seedV1Store(store, 40)
      await putRaw(store.db, 'task:t00020-bad', value)
      const before = await snapshotDb(store.db)
      const manager = new MigrationManager(store)

      const error = await rejectionOf(manager.migrate())

      expect(error.code).toBe('MIGRATION_FAILED')
      expect(error.message).toContain('task:t00020-bad')
      expect(error.message).toMatch(/^Migration failed: /)
      // The key as data too, for a host to link to: it crosses every boundary in the error's shape.
      expect((error as MeridianError).toShape()).toMatchObject({ code: 'MIGRATION_FAILED', keys: ['task:t00020-bad'] })
      const after = await snapshotDb(store.db)
      expect(without(after, '_migration_history')).toEqual(without(before, '_migration_history'))
      expect(foreignPart(after)).toEqual(foreignSnapshot())
      const history = await manager.history()
      expect(history).toHaveLength(1)
      expect(history[0]).toMatchObject({ from_version: 1, to_version: 2, success: false, status: 'failed', items_migrated: 0 })
      expect(history[0]?.error).toContain('task:t00020-bad')
      expect(history[0]?.backup_key).toMatch(/^backup_/)
      expect(await store.readVersion()).toBe(1)
    })

    it('rolls back tasks already written in earlier batches when a later task fails', async () => {
      const store = await stores.newStore()
      // 1500 valid tasks sort before the bad one, so at least one 1000-record batch is written before it fails.
      await putAll(store.db, [...manyV1Tasks(1500), ['_schema_version', '1'], ['task:zz-bad', taskV1({ id: 'zz', created_at: 'never' })]])
      const before = await snapshotDb(store.db)
      const phases = new Set<string>()
      const error = await rejectionOf(new MigrationManager(store).migrate({ onProgress: (e) => phases.add(e.phase) }))
      expect(error.code).toBe('MIGRATION_FAILED')
      expect(error.message).toContain('created_at')
      expect(error.message).toContain('task:zz-bad')
      expect([...phases]).toEqual(['migrate', 'rollback']) // a checkpoint safety net, swapped back in
      expect(without(await snapshotDb(store.db), '_migration_history')).toEqual(without(before, '_migration_history'))
    })

    it('keeps earlier history entries and appends the failed one (v2 → v3 with the example set)', async () => {
      const store = await stores.newStore()
      await seedV1Store(store, 5, { foreign: false })
      const manager = new MigrationManager(store, { registry: exampleSetRegistry() })
      await manager.migrate({ to: 2 })
      await putRaw(store.db, 'task:zz', taskV2({ id: 'zz', depends_on: 'a' }))
      await rejectionOf(manager.migrate())
      expect((await manager.history()).map((e) => e.status)).toEqual(['success', 'failed'])
      expect(await store.readVersion()).toBe(2)
    })

    it('fails the same way twice in a row, leaving the store as before with two failed entries', async () => {
      const store = await stores.newStore()
      await seedV1Store(store, 5)
      await putRaw(store.db, 'task:zz', 'not json')
      const before = await snapshotDb(store.db)
      const manager = new MigrationManager(store)
      await rejectionOf(manager.migrate())
      await rejectionOf(manager.migrate())
      expect(without(await snapshotDb(store.db), '_migration_history')).toEqual(without(before, '_migration_history'))
      expect((await manager.history()).map((e) => e.status)).toEqual(['failed', 'failed'])
      expect((await manager.listBackups()).every((b) => b.reason === 'pre-migration')).toBe(true)
    })
  })

  describe('a store whose _migration_history is unreadable', () => {
    it('refuses a store whose _migration_history is unreadable with CORRUPT_DATABASE, before writing anything', async () => {
      const store = await stores.newStore()
      await seedV1Store(store, 5, { foreign: false })
      await putRaw(store.db, '_migration_history', '{not json')
      const before = await snapshotDb(store.db)
      const manager = new MigrationManager(store)
      const error = await rejectionOf(manager.migrate())
      expect(error.code).toBe('CORRUPT_DATABASE')
      expect(await snapshotDb(store.db)).toEqual(before)
      expect(await listDir(manager.backupDir)).toEqual([])
    })
  })
})
