import { describe, expect, it } from 'vitest'
import { MigrationManager } from '../../../../src/main/engine/operations/migration-manager.ts'
import type { MeridianStore } from '../../../../src/main/engine/store/store.ts'
import { exampleSetRegistry, taskV3Schema } from '../../../helpers/example-set.ts'
import { dryRunReportSchema } from '../../../../src/shared/migration-result.ts'
import { seedMixedStore, seedV1Store } from '../../../helpers/fixture-stores.ts'
import { listDir, putRaw, rejectionOf, snapshotDb, useTempStores } from '../../../helpers/temp-store.ts'
import { taskV1 } from '../../../helpers/tasks.ts'
import { describeEachStoreKind } from '../../../helpers/store-kinds.ts'

/** Dry runs of the chains v1 → v2 → v3 run with the example set loaded. */
const withExampleSet = (store: MeridianStore): MigrationManager => new MigrationManager(store, { registry: exampleSetRegistry() })

describeEachStoreKind((kind) => {
  const stores = useTempStores(kind)

  describe('MigrationManager.dryRun', () => {
    it('writes nothing: no key, no history, no backup', async () => {
      const store = await stores.newStore()
      await seedV1Store(store, 30)
      await putRaw(store.db, 'task:zz-bad', '{oops')
      const before = await snapshotDb(store.db)
      const manager = withExampleSet(store)
      await manager.dryRun()
      expect(await snapshotDb(store.db)).toEqual(before)
      expect(await listDir(manager.backupDir)).toEqual([])
    })

    it('reports per step the records that would change, counting each record once overall', async () => {
      const store = await stores.newStore()
      await seedMixedStore(store)
      const report = await withExampleSet(store).dryRun()
      expect(dryRunReportSchema.safeParse(report).success).toBe(true)
      expect(report).toMatchObject({ from: 1, to: 3, itemsToMigrate: 5, itemsScanned: 7, failures: [], failuresOmitted: 0 })
      expect(report.steps.map(({ from, to, items }) => [from, to, items])).toEqual([
        [1, 2, 3],
        [2, 3, 5]
      ])
    })

    it('lists every failing record with its key and reason and carries on past them', async () => {
      const store = await stores.newStore()
      await seedV1Store(store, 10, { foreign: false })
      await putRaw(store.db, 'task:bad-json', '{"id":')
      await putRaw(store.db, 'task:bad-status', taskV1({ status: 'finished' }))
      await putRaw(store.db, 'task:bad-version', taskV1({ schema_version: '2' }))
      const report = await withExampleSet(store).dryRun()
      expect(report.itemsToMigrate).toBe(10)
      expect(report.itemsScanned).toBe(13)
      expect(report.failures.map((f) => f.key)).toEqual(['task:bad-json', 'task:bad-status', 'task:bad-version'])
      expect(report.failures[0]?.reason).toContain('not valid JSON')
      expect(report.failures[1]?.reason).toContain('status')
      expect(report.failures[2]?.reason).toContain('schema_version')
      for (const failure of report.failures) expect(failure.reason).toContain(failure.key)
    })

    it('lists the records a migration could not carry through unchanged: a field written twice, bytes not UTF-8', async () => {
      const store = await stores.newStore()
      await seedV1Store(store, 5, { foreign: false })
      await putRaw(store.db, 'task:dup', `${JSON.stringify(taskV1({ id: 'dup' })).slice(0, -1)},"tags":[]}`)
      await putRaw(
        store.db,
        'task:latin1',
        Buffer.concat([Buffer.from(`${JSON.stringify(taskV1({ id: 'latin1' })).slice(0, -1)},"note":"caf`), Buffer.from([0xe9, 0x22, 0x7d])])
      )
      const before = await snapshotDb(store.db)
      const report = await new MigrationManager(store).dryRun()
      expect(report.failures.map((f) => f.key)).toEqual(['task:dup', 'task:latin1'])
      expect(report.failures[0]?.reason).toContain('"tags" twice')
      expect(report.failures[1]?.reason).toContain('not valid UTF-8')
      expect(await snapshotDb(store.db)).toEqual(before)
    })

    it('gives one before/after sample: a record as stored and as it would be written', async () => {
      const store = await stores.newStore()
      await putRaw(store.db, 'task:a', taskV1({ id: 'a' }))
      await putRaw(store.db, 'task:b', taskV1({ id: 'b' }))
      const report = await withExampleSet(store).dryRun()
      expect(report.sample?.key).toBe('task:a')
      expect(report.sample?.before).toEqual(taskV1({ id: 'a' }))
      expect(taskV3Schema.safeParse(report.sample?.after).success).toBe(true)
      expect((report.sample?.after as Record<string, unknown>).spec_refs).toEqual([taskV1().spec_ref])
    })

    it('reports progress in the dry-run phase only', async () => {
      const store = await stores.newStore()
      await seedV1Store(store, 20, { foreign: false })
      const phases = new Set<string>()
      await withExampleSet(store).dryRun({ onProgress: (e) => phases.add(e.phase) })
      expect([...phases]).toEqual(['dry-run'])
    })

    it('has no sample and no steps to run on a store already at v3', async () => {
      const store = await stores.newStore({ initialVersion: 3 })
      const report = await withExampleSet(store).dryRun()
      expect(report).toMatchObject({ from: 3, to: 3, steps: [], itemsToMigrate: 0, sample: null })
    })

    it('refuses a store newer than supported with VERSION_TOO_NEW', async () => {
      const store = await stores.newStore({ initialVersion: 4 })
      expect((await rejectionOf(withExampleSet(store).dryRun())).code).toBe('VERSION_TOO_NEW')
    })
  })
})
