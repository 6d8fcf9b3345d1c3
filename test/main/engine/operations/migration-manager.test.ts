import { describe, expect, it } from 'vitest'
import { populateDemoStore } from '../../../../src/main/demo/demo-store.ts'
import { MigrationManager } from '../../../../src/main/engine/operations/migration-manager.ts'
import { upMigrations } from '../../../../src/main/engine/migrations/index.ts'
import { MigrationRegistry } from '../../../../src/main/engine/migration/registry.ts'
import { exampleSetRegistry, populateV3Demo, SPEC_REFS_SET, taskV2ToV3, taskV3Schema } from '../../../helpers/example-set.ts'
import type { MeridianStore } from '../../../../src/main/engine/store/store.ts'
import { historyEntrySchema } from '../../../../src/shared/history.ts'
import { errorAdvice } from '../../../../src/shared/errors.ts'
import { MIXED_RECORDS, seedMixedStore, seedV1Store } from '../../../helpers/fixture-stores.ts'
import { foreignPart, foreignSnapshot } from '../../../helpers/foreign-keys.ts'
import { hexOf, putRaw, readJson, readTasks, rejectionOf, snapshotDb, useTempStores } from '../../../helpers/temp-store.ts'
import { taskV1 } from '../../../helpers/tasks.ts'
import { describeEachStoreKind } from '../../../helpers/store-kinds.ts'

/** The chains v1 → v2 → v3 are proved with the example set loaded, as `--migrations examples/migrations/spec-refs` would. */
const withExampleSet = (store: MeridianStore): MigrationManager => new MigrationManager(store, { registry: exampleSetRegistry() })

describeEachStoreKind((kind) => {
  const stores = useTempStores(kind)
  const STEP_1 = 'Task v1 → v2: Add depends_on and related_tasks fields'
  const STEP_2 = 'Task v2 → v3: Replace spec_ref with spec_refs'

  describe('MigrationManager.migrate on a v1 demo store', () => {
    it('brings every task to v3, sets _schema_version 3 and records one history entry with both steps', async () => {
      const store = await stores.newStore()
      const demo = await populateDemoStore(store, { count: 300, version: 1, episodes: 20, withLegacyBackup: true })
      const before = await snapshotDb(store.db)
      const manager = withExampleSet(store)

      const result = await manager.migrate()

      expect(result).toMatchObject({ status: 'migrated', from: 1, to: 3, itemsMigrated: demo.tasks })
      expect(result.steps).toEqual([
        { from: 1, to: 2, name: STEP_1, items: 300 },
        { from: 2, to: 3, name: STEP_2, items: 300 }
      ])
      const tasks = await readTasks(store.db)
      expect(tasks.size).toBe(300)
      for (const [key, task] of tasks) {
        const parsed = taskV3Schema.safeParse(task)
        expect(parsed.success, `${key}: ${parsed.error?.message}`).toBe(true)
      }
      expect(await readJson(store.db, '_schema_version')).toBe(3)
      expect(await store.getText('_schema_version')).toBe('3')

      const after = await snapshotDb(store.db)
      const untouched = (snapshot: Record<string, string>): Record<string, string> =>
        Object.fromEntries(
          Object.entries(snapshot).filter(
            ([hex]) =>
              !Buffer.from(hex, 'hex')
                .toString()
                .match(/^(task:|_schema_version$|_migration_history$)/)
          )
        )
      expect(Object.keys(untouched(before)).length).toBe(20 + 6 + demo.indexes)
      expect(untouched(after)).toEqual(untouched(before))

      const history = await manager.history()
      expect(history).toHaveLength(1)
      const entry = history[0]!
      expect(historyEntrySchema.safeParse(entry).success).toBe(true)
      expect(entry).toMatchObject({
        from_version: 1,
        to_version: 3,
        items_migrated: 300,
        items_total: 300,
        backup_key: result.backupId,
        success: true,
        error: null,
        status: 'success',
        name: `${STEP_1} · ${STEP_2}`,
        steps: result.steps
      })
      expect(Date.parse(entry.started_at)).toBeLessThanOrEqual(Date.parse(entry.completed_at ?? ''))
      expect(entry.duration_ms).toBeGreaterThanOrEqual(0)
      expect(result.backupId).toMatch(/^backup_\d{8}_\d{6}(_\d+)?$/)
      // A checkpoint: its records are counted by its first verify, not when it is taken.
      expect((await manager.listBackups()).map((b) => [b.id, b.kind, b.reason, b.records, b.schemaVersion])).toEqual([
        [result.backupId, 'checkpoint', 'pre-migration', null, 1]
      ])
      expect(await manager.verifyBackup(result.backupId ?? '')).toMatchObject({ ok: true, records: Object.keys(before).length })
    })

    it('keeps each task’s own values through both steps (v1 → v3 by hand equals the stored record)', async () => {
      const store = await stores.newStore()
      await putRaw(store.db, 'task:one', taskV1({ id: 'one', custom: [1] }))
      await withExampleSet(store).migrate()
      const { spec_ref, ...rest } = taskV1({ id: 'one', custom: [1] })
      expect(await readJson(store.db, 'task:one')).toEqual({
        ...rest,
        schema_version: 3,
        depends_on: [],
        related_tasks: [],
        started_at: null,
        last_activity: rest.updated_at,
        timeout_hours: null,
        spec_refs: [spec_ref]
      })
    })

    it('reports up-to-date and writes nothing (no backup, no history) on a v3 store', async () => {
      const store = await stores.newStore()
      await populateV3Demo(store, { count: 20 })
      const before = await snapshotDb(store.db)
      const manager = withExampleSet(store)
      expect(await manager.migrate()).toMatchObject({ status: 'up-to-date', from: 3, to: 3, itemsMigrated: 0, backupId: null })
      expect(await snapshotDb(store.db)).toEqual(before)
      expect(await manager.listBackups()).toEqual([])
    })

    it('migrates to an intermediate version with to: 2, and on to v3 in a second run', async () => {
      const store = await stores.newStore()
      await seedV1Store(store, 10)
      const manager = withExampleSet(store)
      const first = await manager.migrate({ to: 2 })
      expect(first).toMatchObject({ from: 1, to: 2, itemsMigrated: 10 })
      expect([...(await readTasks(store.db)).values()].every((t) => t.schema_version === 2 && !('spec_refs' in t))).toBe(true)
      const second = await manager.migrate()
      expect(second).toMatchObject({ from: 2, to: 3, itemsMigrated: 10, steps: [{ from: 2, to: 3, name: STEP_2, items: 10 }] })
      expect((await manager.history()).map((e) => [e.from_version, e.to_version, e.status])).toEqual([
        [1, 2, 'success'],
        [2, 3, 'success']
      ])
    })
  })

  describe('MigrationManager.migrate on a store with mixed record versions', () => {
    it('migrates each record from its own version and counts each once', async () => {
      const store = await stores.newStore()
      await seedMixedStore(store)
      const before = await snapshotDb(store.db)
      const result = await withExampleSet(store).migrate()

      // 3 v1 records go through both steps, 2 v2 records through the second only, 2 v3 records through none.
      expect(result.itemsMigrated).toBe(5)
      expect(result.steps.map((s) => s.items)).toEqual([3, 5])
      const tasks = await readTasks(store.db)
      const after = await snapshotDb(store.db)
      for (const [key, original, version] of MIXED_RECORDS) {
        const task = tasks.get(key)
        expect(taskV3Schema.safeParse(task).success, key).toBe(true)
        if (version === 3) expect(after[hexOf(key)], key).toBe(before[hexOf(key)])
        else expect(after[hexOf(key)], key).not.toBe(before[hexOf(key)])
        if (version === 2) expect(task?.depends_on, key).toEqual(original.depends_on)
        if (version === 1) expect(task?.depends_on, key).toEqual([])
      }
      expect((await withExampleSet(store).history())[0]?.items_migrated).toBe(5)
    })

    it('migrates the demo generator’s mixed store with step counts matching its record versions', async () => {
      const store = await stores.newStore()
      await populateDemoStore(store, { count: 200, version: 'mixed', seed: 7 })
      const manager = withExampleSet(store)
      const versions = (await manager.recordCounts()).prefixes.find((p) => p.prefix === 'task:')?.versions ?? {}
      // The demo mixes Meridian's versions (v1 shapes and v2).
      const [v1, v2] = [versions['1'] ?? 0, versions['2'] ?? 0]
      expect(v1 + v2).toBe(200)
      expect(Math.min(v1, v2)).toBeGreaterThan(0)

      const result = await manager.migrate()
      expect(result.itemsMigrated).toBe(v1 + v2)
      expect(result.steps.map((s) => s.items)).toEqual([v1, v1 + v2])
      expect((await manager.recordCounts()).prefixes.find((p) => p.prefix === 'task:')?.versions).toEqual({ '3': 200 })
    })

    it('leaves episode:, legacy _backup_… and non-UTF-8 keys and values byte-identical', async () => {
      const store = await stores.newStore()
      await seedMixedStore(store)
      await withExampleSet(store).migrate()
      expect(foreignPart(await snapshotDb(store.db))).toEqual(foreignSnapshot())
    })

    it('rewrites a task stored under a non-UTF-8 key under the same raw key bytes', async () => {
      const store = await stores.newStore()
      const rawKey = Buffer.concat([Buffer.from('task:'), Buffer.from([0xc3, 0x28, 0xff])])
      await putRaw(store.db, rawKey, taskV1())
      await withExampleSet(store).migrate()
      const snapshot = await snapshotDb(store.db)
      const taskKeys = Object.keys(snapshot).filter((hex) => hex.startsWith(hexOf('task:')))
      expect(taskKeys).toEqual([rawKey.toString('hex')])
      expect(JSON.parse(Buffer.from(snapshot[rawKey.toString('hex')] ?? '', 'hex').toString()).schema_version).toBe(3)
    })

    it('keeps Meridian’s earlier history entries, with their unknown fields, and appends its own', async () => {
      const store = await stores.newStore()
      const meridian = {
        from_version: 0,
        to_version: 1,
        started_at: '2024-01-01T12:00:00Z',
        completed_at: null,
        items_migrated: 0,
        backup_key: null,
        success: true,
        error: null,
        node: 'x'
      }
      await putRaw(store.db, '_migration_history', { migrations: [meridian], written_by: 'meridian' })
      await seedV1Store(store, 3, { foreign: false })
      await withExampleSet(store).migrate()
      const history = (await readJson(store.db, '_migration_history')) as { migrations: unknown[]; written_by: string }
      expect(history.written_by).toBe('meridian')
      expect(history.migrations).toHaveLength(2)
      expect(history.migrations[0]).toEqual(meridian)
    })
  })

  describe('MigrationManager status and refusals', () => {
    it('reports a v1 store’s pending steps and record counts', async () => {
      const store = await stores.newStore()
      await seedV1Store(store, 4)
      const manager = withExampleSet(store)
      const status = await manager.status()
      expect(status).toMatchObject({ currentVersion: 1, targetVersion: 3, upToDate: false, tooNew: false })
      expect(status.pending).toEqual([
        { from: 1, to: 2, name: STEP_1 },
        { from: 2, to: 3, name: STEP_2 }
      ])
      expect(status.prefixes).toContain('task:')
      expect((await manager.recordCounts()).prefixes.find((p) => p.prefix === 'task:')).toEqual({ prefix: 'task:', records: 4, versions: { '1': 4 } })
    })

    it('reports a store at _schema_version 4 as tooNew, and migrate refuses it with VERSION_TOO_NEW, writing nothing', async () => {
      const store = await stores.newStore()
      await putRaw(store.db, '_schema_version', '4')
      await putRaw(store.db, 'task:a', taskV1())
      const manager = withExampleSet(store)
      const status = await manager.status()
      expect(status).toMatchObject({ currentVersion: 4, tooNew: true, upToDate: false, pending: [] })
      const before = await snapshotDb(store.db)
      const error = await rejectionOf(manager.migrate())
      expect(error.code).toBe('VERSION_TOO_NEW')
      expect(error.message).toContain('Schema version is newer than supported')
      expect(error.message).toContain('this Meridian Admin supports up to v')
      expect(errorAdvice.VERSION_TOO_NEW).toContain('use a newer Meridian Admin')
      expect(errorAdvice.VERSION_TOO_NEW).not.toContain('downgrade')
      expect(await snapshotDb(store.db)).toEqual(before)
      expect(await manager.listBackups()).toEqual([])
    })

    it('refuses a downgrade no down migration provides with MIGRATION_PATH_MISSING before any byte is written', async () => {
      const store = await stores.newStore()
      await populateV3Demo(store, { count: 10 })
      const before = await snapshotDb(store.db)
      const manager = new MigrationManager(store, { registry: new MigrationRegistry([...upMigrations, taskV2ToV3]) })
      expect((await rejectionOf(manager.migrate({ to: 1 }))).code).toBe('MIGRATION_PATH_MISSING')
      expect(await snapshotDb(store.db)).toEqual(before)
      expect(await manager.listBackups()).toEqual([])
    })

    it.each([0, 4, 2.5])('refuses target version %s with INVALID_INPUT', async (to) => {
      const store = await stores.newStore()
      expect((await rejectionOf(withExampleSet(store).migrate({ to }))).code).toBe('INVALID_INPUT')
    })

    it('answers BUSY to a second operation while a migration runs, then finishes the first', async () => {
      const store = await stores.newStore()
      await seedV1Store(store, 50)
      const manager = withExampleSet(store)
      const running = manager.migrate()
      for (const second of [manager.migrate(), manager.createBackup(), manager.dryRun(), manager.restoreBackup('backup_20240101_120000')]) {
        expect((await rejectionOf(second)).code).toBe('BUSY')
      }
      expect((await running).itemsMigrated).toBe(50)
      expect(await store.readVersion()).toBe(3)
    })
  })

  describe("the built-in set alone (Meridian's: target v2)", () => {
    it('brings a v1 store to v2 in one step and then calls it up to date, as Meridian would', async () => {
      const store = await stores.newStore()
      await seedV1Store(store, 6)
      const manager = new MigrationManager(store)
      expect(manager.targetVersion).toBe(2)
      expect(await manager.migrate()).toMatchObject({
        status: 'migrated',
        from: 1,
        to: 2,
        itemsMigrated: 6,
        steps: [{ from: 1, to: 2, name: STEP_1, items: 6 }]
      })
      expect(await store.getText('_schema_version')).toBe('2')
      expect(await manager.status()).toMatchObject({ currentVersion: 2, targetVersion: 2, upToDate: true, tooNew: false, pending: [] })
    })

    it('finds a Meridian v2 store up to date: no pending step, migrate writes nothing', async () => {
      const store = await stores.newStore()
      await populateDemoStore(store, { count: 20, version: 2 })
      const before = await snapshotDb(store.db)
      const manager = new MigrationManager(store)
      expect(await manager.status()).toMatchObject({ currentVersion: 2, targetVersion: 2, upToDate: true, pending: [] })
      expect(await manager.migrate()).toMatchObject({ status: 'up-to-date', from: 2, to: 2, backupId: null })
      expect(await snapshotDb(store.db)).toEqual(before)
    })

    it('calls a v3 store (the example set not loaded) too new and refuses it with VERSION_TOO_NEW, writing nothing', async () => {
      const store = await stores.newStore()
      await populateV3Demo(store, { count: 10 })
      const before = await snapshotDb(store.db)
      const manager = new MigrationManager(store)
      expect(await manager.status()).toMatchObject({ currentVersion: 3, targetVersion: 2, tooNew: true, pending: [] })
      expect((await rejectionOf(manager.migrate())).code).toBe('VERSION_TOO_NEW')
      expect(await snapshotDb(store.db)).toEqual(before)
    })

    it('MigrationManager.create loads the set from migrationsDir: target v3, and v4 stays VERSION_TOO_NEW', async () => {
      const store = await stores.newStore()
      await seedV1Store(store, 3)
      const manager = await MigrationManager.create(store, { migrationsDir: SPEC_REFS_SET })
      expect(manager.targetVersion).toBe(3)
      expect((await manager.status()).pending.map((p) => p.name)).toEqual([STEP_1, STEP_2])
      await putRaw(store.db, '_schema_version', '4')
      expect((await rejectionOf(manager.migrate())).code).toBe('VERSION_TOO_NEW')
    })
  })
})
