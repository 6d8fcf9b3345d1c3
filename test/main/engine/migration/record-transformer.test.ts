import { describe, expect, it } from 'vitest'
import { populateDemoStore } from '../../../../src/main/demo/demo-store.ts'
import { MigrationManager } from '../../../../src/main/engine/operations/migration-manager.ts'
import { allMigrations, createDefaultRegistry } from '../../../../src/main/engine/migrations/index.ts'
import { createTransformer, WORKER_MIN_RECORDS, type TransformSettings } from '../../../../src/main/engine/migration/record-transformer.ts'
import { MigrationRegistry } from '../../../../src/main/engine/migration/registry.ts'
import { putRaw, rejectionOf, snapshotDb, useTempStores, without } from '../../../helpers/temp-store.ts'
import { taskV1 } from '../../../helpers/tasks.ts'

const stores = useTempStores()
/** Every record on this thread, or every pass on the workers however small. */
const MAIN_THREAD: TransformSettings = { workers: 0 }
const WORKERS: TransformSettings = { workerMinRecords: 0 }

async function demo(count = 2500) {
  const store = await stores.newStore()
  await populateDemoStore(store, { count, version: 1 })
  return store
}

describe('choosing where records are transformed', () => {
  it('uses a worker thread for a large pass with the default registry, the main thread otherwise', async () => {
    const large = createTransformer({ registry: createDefaultRegistry(), target: 3, direction: 1, records: WORKER_MIN_RECORDS })
    const small = createTransformer({ registry: createDefaultRegistry(), target: 3, direction: 1, records: 10 })
    // Migrations are code: a registry built by hand cannot be rebuilt in another thread.
    const custom = createTransformer({ registry: new MigrationRegistry(allMigrations), target: 3, direction: 1, records: 1e6 })
    expect([large.where, small.where, custom.where]).toEqual(['worker thread', 'main thread', 'main thread'])
    await Promise.all([large.close(), small.close(), custom.close()])
  })

  it('follows the caller: workers 0 keeps a large pass here, workerMinRecords 0 sends a small one to the workers', async () => {
    const kept = createTransformer({ registry: createDefaultRegistry(), target: 3, direction: 1, records: 1e6, transform: MAIN_THREAD })
    const sent = createTransformer({ registry: createDefaultRegistry(), target: 3, direction: 1, records: 10, transform: { ...WORKERS, workers: 3 } })
    expect([kept.where, sent.where, sent.parallelism]).toEqual(['main thread', 'worker thread', 3])
    await Promise.all([kept.close(), sent.close()])
    expect(() => createTransformer({ registry: createDefaultRegistry(), target: 3, direction: 1, records: 10, transform: { workers: -1 } })).toThrow(/workers/)
  })
})

describe('a migration whose records are transformed on a worker thread', () => {
  it('writes exactly what the main thread writes, and records the same history counts', async () => {
    const results = []
    for (const transform of [MAIN_THREAD, WORKERS]) {
      const store = await demo()
      const result = await new MigrationManager(store, { transform }).migrate()
      results.push({ result, snapshot: without(await snapshotDb(store.db), '_migration_history') })
    }
    const [main, worker] = results
    expect(worker?.snapshot).toEqual(main?.snapshot)
    expect(worker?.result.itemsMigrated).toBe(2500)
    expect(worker?.result.steps).toEqual(main?.result.steps)
    expect(worker?.result.fields).toEqual(main?.result.fields)
    expect(worker?.result.fields?.find((row) => row.field === 'depends_on')).toMatchObject({ defaulted: 2500 })
  })

  it('reports the same dry-run failures and sample', async () => {
    const reports = []
    for (const transform of [MAIN_THREAD, WORKERS]) {
      const store = await demo(1500)
      await putRaw(store.db, 'task:zz-broken', '{not json')
      await putRaw(store.db, 'task:zz-bad-status', { id: 'x', status: 'finished' })
      await putRaw(store.db, 'task:zz-held', taskV1({ id: 'zz-held', related_tasks: ['a'], timeout_hours: 4.5 }))
      reports.push(await new MigrationManager(store, { transform }).dryRun())
    }
    expect(reports[1]).toEqual(reports[0])
    // Per-field counts cross back from the worker: the held value is kept, the bad one counted lost.
    // The demo's v1 tasks hold related_tasks in two of their three historical shapes: kept, with zz-held's.
    const held = reports[1]?.fields?.find((row) => row.field === 'related_tasks')
    expect(held).toMatchObject({ lost: 0 })
    expect((held?.kept ?? 0) + (held?.defaulted ?? 0)).toBe(1501)
    expect(held?.kept).toBeGreaterThan(1)
    expect(reports[1]?.fields?.find((row) => row.field === 'timeout_hours')).toMatchObject({ lost: 1 })
    expect(reports[1]?.losses?.records).toBe(1)
    expect(reports[1]?.failures.map((failure) => failure.key)).toEqual(['task:zz-bad-status', 'task:zz-broken'])
  })

  it('fails on a bad record with MIGRATION_FAILED naming it, and leaves the store as it was', async () => {
    const store = await demo()
    await putRaw(store.db, 'task:zz-broken', '{not json')
    const before = await snapshotDb(store.db)
    const error = await rejectionOf(new MigrationManager(store, { transform: WORKERS }).migrate())
    expect(error.code).toBe('MIGRATION_FAILED')
    expect(error.message).toContain('task:zz-broken')
    expect(without(await snapshotDb(store.db), '_migration_history')).toEqual(without(before, '_migration_history'))
  })
})
