import { describe, expect, it } from 'vitest'
import { MigrationManager } from '../../../../src/main/engine/operations/migration-manager.ts'
import type { TransformSettings } from '../../../../src/main/engine/migration/record-transformer.ts'
import { seedV1Store } from '../../../helpers/fixture-stores.ts'
import { putRaw, snapshotDb, useTempStores } from '../../../helpers/temp-store.ts'
import { taskV1 } from '../../../helpers/tasks.ts'
import { describeEachStoreKind } from '../../../helpers/store-kinds.ts'

/** Fields Meridian's Rust may write that a JavaScript number or object cannot hold exactly, none of them v1 → v2's. */
const UNOWNED = '"counter":18446744073709551615,"ratio":1e400,"meta":{"a" : [1, 2.50, "\\u00e9"],"k":1,"k":2}'
const withUnowned = (id: string): string => `${JSON.stringify(taskV1({ id })).slice(0, -1)},${UNOWNED}}`

const THREADS: Array<[string, TransformSettings]> = [
  ['on the main thread', { workers: 0 }],
  ['in worker threads', { workerMinRecords: 0 }]
]

describeEachStoreKind((kind) => {
  const stores = useTempStores(kind)

  describe.each(THREADS)('migrate v1 → v2 %s', (_where, transform) => {
    it('writes every field it does not own back byte for byte, and the dry run foresees no failure', async () => {
      const store = await stores.newStore()
      await seedV1Store(store, 20, { foreign: false })
      await putRaw(store.db, 'task:u64', withUnowned('u64'))
      const manager = new MigrationManager(store, { transform })
      const report = await manager.dryRun()
      expect(report.failures).toEqual([])

      await manager.migrate()

      const written = (await snapshotDb(store.db))[Buffer.from('task:u64').toString('hex')]
      const text = Buffer.from(written ?? '', 'hex').toString('utf8')
      expect(text).toContain(UNOWNED)
      expect(text).toContain('"schema_version":2')
      expect(await store.readVersion()).toBe(2)
    })
  })
})
