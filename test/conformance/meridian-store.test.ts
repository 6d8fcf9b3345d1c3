import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { populateDemoStore } from '../../src/main/demo/demo-store.ts'
import { MigrationManager } from '../../src/main/engine/operations/migration-manager.ts'
import type { MeridianStore } from '../../src/main/engine/store/store.ts'
import { MeridianError } from '../../src/shared/errors.ts'
import type { FieldReport } from '../../src/shared/migration-result.ts'
import { writeLdbStore } from '../helpers/ldb-store.ts'
import { ldbUnavailable, rocksBindingUnavailable } from '../helpers/store-kinds.ts'
import { snapshotDb, useTempStores } from '../helpers/temp-store.ts'
import { buildMeridianRules, dumpStore, meridianRulesUnavailable, runMeridianRules, type KeptReport, type StoreReport } from './meridian-rules.ts'
import { HISTORICAL_SHAPES, meridianV1Records } from './meridian-shaped.ts'

/**
 * Stores we write, read back with Meridian's own serde types (meridian-rules): a Meridian-shaped v1 store with
 * tasks in each historical shape, then upgraded, then downgraded, then restored from the upgrade's backup. To
 * check another store, call `checkStore` (or checkStoreWithMeridianRules from ./meridian-rules.ts) on it.
 */

const temp = useTempStores()
const PER_SHAPE = 40
/** Meridian's schema version (its CURRENT_SCHEMA_VERSION). */
const MERIDIAN_VERSION = 2

type StoreSource = 'leveldb' | 'rocksdb-ldb'
const sources: Array<{ source: StoreSource; unavailable: string | null; label: string }> = [
  { source: 'leveldb', unavailable: null, label: 'a LevelDB store written by our engine' },
  { source: 'rocksdb-ldb', unavailable: ldbUnavailable ?? rocksBindingUnavailable, label: 'a RocksDB store written by ldb' }
]

async function openWith(source: StoreSource, records: Array<[string, string]>): Promise<MeridianStore> {
  const dir = await temp.dataDirPath()
  if (source === 'rocksdb-ldb') {
    writeLdbStore(dir, records, 'zstd')
    return temp.open(dir, { allowFormatUpgrade: true })
  }
  const store = await temp.open(dir, { createIfMissing: true, createKind: 'leveldb' })
  await store.db.batch(records.map(([key, value]) => ({ type: 'put' as const, key: Buffer.from(key), value: Buffer.from(value) })))
  return store
}

/** Dumps the store and reads every record with Meridian's rules; fails the test, naming the keys, on any error. */
async function checkStore(store: MeridianStore, name: string): Promise<{ dump: string; report: StoreReport }> {
  const dump = await dumpStore(store, path.join(await temp.root(), `${name}.jsonl`))
  const { code, report } = await runMeridianRules<StoreReport>('store', dump)
  expect(report.errors, name).toEqual([])
  expect(code).toBe(0)
  return { dump, report }
}

const row = (fields: FieldReport[] | undefined, field: string): FieldReport | undefined => fields?.find((r) => r.field === field)

/** How many tasks of `records` hold `field` at all. */
const holding = (records: Array<[string, string]>, field: string): number =>
  records.filter(([key, value]) => key.startsWith('task:') && field in (JSON.parse(value) as object)).length

describe.skipIf(meridianRulesUnavailable !== null)(
  `what we write, read with Meridian’s serde${meridianRulesUnavailable ? ` (skipped: ${meridianRulesUnavailable})` : ''}`,
  () => {
    it('the checker builds offline against Debian’s crates', async () => {
      const ms = await buildMeridianRules()
      expect(ms).toBeGreaterThan(0)
    }, 600_000)

    for (const { source, unavailable, label } of sources) {
      describe.skipIf(unavailable !== null)(`${label}${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
        it('a Meridian-shaped v1 store reads, upgrades without losing a value, downgrades and restores as Meridian reads them', async () => {
          await buildMeridianRules()
          const records = meridianV1Records(PER_SHAPE)
          const tasks = PER_SHAPE * HISTORICAL_SHAPES.length
          const store = await openWith(source, records)
          const manager = new MigrationManager(store)

          const before = await checkStore(store, 'before')
          expect(before.report).toMatchObject({ version: 1, counts: { task_v1: tasks, episode: 5 } })

          // The dry run and the run say per field what was kept and what was defaulted; nothing would be lost.
          const dry = await manager.dryRun({ to: MERIDIAN_VERSION })
          expect(dry.losses).toEqual({ records: 0, sample: [] })
          for (const field of ['related_tasks', 'started_at', 'last_activity', 'timeout_hours', 'depends_on']) {
            const held = holding(records, field)
            expect(row(dry.fields, field), field).toMatchObject({ kept: held, defaulted: tasks - held, lost: 0 })
          }
          expect(holding(records, 'related_tasks')).toBe(2 * PER_SHAPE)
          const result = await manager.migrate({ to: MERIDIAN_VERSION })
          expect(result.fields).toEqual(dry.fields)

          const upgraded = await checkStore(store, 'upgraded')
          expect(upgraded.report).toMatchObject({ version: MERIDIAN_VERSION, counts: { task: tasks, episode: 5, migration_history: 1 } })
          const kept = await runMeridianRules<KeptReport>('kept', before.dump, upgraded.dump)
          expect(kept.report.lost).toEqual([])
          expect(kept.report).toMatchObject({ tasks })
          expect(kept.report.values).toBeGreaterThan(tasks * 17)

          // Down to v1 (Meridian's migration reads the tasks again as its TaskV1), history included.
          await manager.migrate({ to: 1, allowDataLoss: true })
          const downgraded = await checkStore(store, 'downgraded')
          expect(downgraded.report).toMatchObject({ version: 1, counts: { task_v1: tasks, migration_history: 1 } })

          // The upgrade's backup brings back exactly the store as it was.
          await manager.restoreBackup(result.backupId as string)
          const restored = await checkStore(store, 'restored')
          expect(restored.report.counts).toMatchObject({ task_v1: tasks, episode: 5 })
          const back = await runMeridianRules<KeptReport>('kept', before.dump, restored.dump)
          expect(back.report.lost).toEqual([])
        }, 300_000)
      })
    }

    it('the demo store (every historical v1 shape, v2 tasks, episodes, markers) reads as Meridian reads it, and upgrades losing no value', async () => {
      await buildMeridianRules()
      const store = await temp.open(await temp.dataDirPath(), { createIfMissing: true, createKind: 'leveldb' })
      const demo = await populateDemoStore(store, { count: 200, version: 'mixed', episodes: 30, seed: 5 })
      const manager = new MigrationManager(store)
      const before = await checkStore(store, 'demo-before')
      expect(before.report.counts).toMatchObject({ episode: demo.episodes })

      const result = await manager.migrate({ to: MERIDIAN_VERSION })
      expect(result.status).toBe('migrated')
      const upgraded = await checkStore(store, 'demo-upgraded')
      expect(upgraded.report).toMatchObject({ version: MERIDIAN_VERSION, counts: { task: 200, episode: demo.episodes, migration_history: 1 } })
      const kept = await runMeridianRules<KeptReport>('kept', before.dump, upgraded.dump)
      expect(kept.report.lost).toEqual([])
      expect(kept.report).toMatchObject({ tasks: 200 })
    }, 300_000)

    it('an upgrade that would replace values is refused with DATA_LOSS_REFUSED, the store untouched; allowed, it loses only those', async () => {
      await buildMeridianRules()
      const records = meridianV1Records(5)
      const damaged = records.map(([key, value]): [string, string] => {
        if (key === 'task:pre-versioning-001') return [key, JSON.stringify({ ...JSON.parse(value), timeout_hours: 4.5 })]
        if (key === 'task:first-release-002') return [key, JSON.stringify({ ...JSON.parse(value), started_at: '2024-03-01T09:00:00' })]
        return [key, value]
      })
      const store = await openWith('leveldb', damaged)
      const manager = new MigrationManager(store)
      const before = await snapshotDb(store.db)

      const dry = await manager.dryRun({ to: MERIDIAN_VERSION })
      expect(dry.losses?.records).toBe(2)
      expect(dry.losses?.sample.map((s) => s.key).sort()).toEqual(['task:first-release-002', 'task:pre-versioning-001'])
      expect(row(dry.fields, 'timeout_hours')?.lost).toBe(1)
      expect(row(dry.fields, 'started_at')?.lost).toBe(1)

      const refusal = await manager.migrate({ to: MERIDIAN_VERSION }).catch((error: unknown) => error)
      expect(refusal).toBeInstanceOf(MeridianError)
      expect((refusal as MeridianError).code).toBe('DATA_LOSS_REFUSED')
      expect((refusal as MeridianError).message).toContain('Upgrading v1 -> v2 would lose data in 2 of 15 records')
      expect((refusal as MeridianError).message).toContain('timeout_hours: 4.5')
      expect(await snapshotDb(store.db)).toEqual(before)
      expect(await manager.listBackups()).toEqual([])

      const dumpBefore = await dumpStore(store, path.join(await temp.root(), 'before.jsonl'))
      await manager.migrate({ to: MERIDIAN_VERSION, allowDataLoss: true })
      const after = await checkStore(store, 'after')
      const kept = await runMeridianRules<KeptReport>('kept', dumpBefore, after.dump)
      expect(kept.code).toBe(1)
      expect(kept.report.lost.map((l) => [l.key, l.field, l.after]).sort()).toEqual([
        ['task:first-release-002', 'started_at', null],
        ['task:pre-versioning-001', 'timeout_hours', null]
      ])
    }, 300_000)
  }
)
