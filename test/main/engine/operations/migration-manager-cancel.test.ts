import { describe, expect, it } from 'vitest'
import { populateDemoStore } from '../../../../src/main/demo/demo-store.ts'
import { MigrationManager } from '../../../../src/main/engine/operations/migration-manager.ts'
import { progressEventSchema, type ProgressEvent } from '../../../../src/shared/progress.ts'
import { writeForeignEntries } from '../../../helpers/foreign-keys.ts'
import { listDir, rejectionOf, snapshotDb, useTempStores, without } from '../../../helpers/temp-store.ts'
import { describeEachStoreKind } from '../../../helpers/store-kinds.ts'

describeEachStoreKind((kind) => {
  const stores = useTempStores(kind)
  const TASKS = 3000

  async function demoStore(): Promise<Awaited<ReturnType<typeof stores.newStore>>> {
    const store = await stores.newStore()
    await populateDemoStore(store, { count: TASKS, version: 1, episodes: 50, withLegacyBackup: true })
    await writeForeignEntries(store)
    return store
  }

  type Timed = ProgressEvent & { at: number }

  describe('cancelling a migration', () => {
    it('in the middle of the migrate phase: CANCELLED, every key as before, history records cancelled', async () => {
      const store = await demoStore()
      const before = await snapshotDb(store.db)
      const controller = new AbortController()
      const phases: string[] = []
      const manager = new MigrationManager(store)
      // Cancel once the first batch of migrated tasks is in the store (progress events are throttled to 100 ms,
      // too coarse to land mid-phase on a fast machine): the rollback then has real writes to undo.
      const batch = store.db.batch.bind(store.db)
      let taskBatchesBeforeCancel = 0
      store.db.batch = async (ops, options) => {
        await batch(ops, options)
        const writesTasks = ops.some((op) => op.type === 'put' && op.key.toString('utf8').startsWith('task:'))
        if (writesTasks && phases.at(-1) === 'migrate' && !controller.signal.aborted) {
          taskBatchesBeforeCancel++
          controller.abort()
        }
      }

      const error = await rejectionOf(
        manager.migrate({
          signal: controller.signal,
          onProgress: (event) => {
            if (phases.at(-1) !== event.phase) phases.push(event.phase)
          }
        })
      )

      expect(error.code).toBe('CANCELLED')
      expect(taskBatchesBeforeCancel).toBe(1)
      // The safety net is a checkpoint (no phase of its own); the rollback swaps it back in.
      expect(phases).toEqual(['migrate', 'rollback'])
      expect(without(await snapshotDb(store.db), '_migration_history')).toEqual(without(before, '_migration_history'))
      const history = await manager.history()
      expect(history).toHaveLength(1)
      expect(history[0]).toMatchObject({ success: false, status: 'cancelled', from_version: 1, to_version: 2, items_migrated: 0 })
      expect(await store.readVersion()).toBe(1)
    })

    it('as soon as the migrate phase reports progress (done > 0): CANCELLED and the store unchanged', async () => {
      const store = await demoStore()
      const before = await snapshotDb(store.db)
      const controller = new AbortController()
      const error = await rejectionOf(
        new MigrationManager(store).migrate({
          signal: controller.signal,
          onProgress: (event) => {
            if (event.phase === 'migrate' && event.done > 0) controller.abort()
          }
        })
      )
      expect(error.code).toBe('CANCELLED')
      expect(without(await snapshotDb(store.db), '_migration_history')).toEqual(without(before, '_migration_history'))
    })

    it('during an archive safety net’s backup phase: CANCELLED, no backup file or temporary left, store unchanged, history cancelled', async () => {
      const store = await stores.newStore()
      await populateDemoStore(store, { count: 300, version: 1 })
      const before = await snapshotDb(store.db)
      const controller = new AbortController()
      const manager = new MigrationManager(store)
      const phases = new Set<string>()
      const error = await rejectionOf(
        manager.migrate({
          signal: controller.signal,
          safetyNetKind: 'archive',
          onProgress: (event) => {
            phases.add(event.phase)
            if (event.phase === 'backup') controller.abort()
          }
        })
      )
      expect(error.code).toBe('CANCELLED')
      expect([...phases]).toEqual(['backup'])
      expect(await listDir(manager.backupDir)).toEqual([])
      expect(without(await snapshotDb(store.db), '_migration_history')).toEqual(without(before, '_migration_history'))
      expect((await manager.history()).map((e) => [e.status, e.success])).toEqual([['cancelled', false]])
    })

    it('with a signal aborted before the start: CANCELLED and nothing but a history entry written', async () => {
      const store = await stores.newStore()
      await populateDemoStore(store, { count: 20, version: 1 })
      const before = await snapshotDb(store.db)
      const manager = new MigrationManager(store)
      const error = await rejectionOf(manager.migrate({ signal: AbortSignal.abort() }))
      expect(error.code).toBe('CANCELLED')
      expect(without(await snapshotDb(store.db), '_migration_history')).toEqual(without(before, '_migration_history'))
      expect(await manager.listBackups()).toEqual([])
    })
  })

  describe('progress events of a migration', () => {
    it.each([
      ['the backup and migrate phases (an archive safety net)', 'archive'],
      ['the migrate phase alone (a checkpoint, which takes milliseconds)', 'checkpoint']
    ] as const)('cover %s, with totals known up front, throttled to about one per 100 ms', async (_label, kind) => {
      const store = await demoStore()
      const keys = Object.keys(await snapshotDb(store.db)).length
      const events: Timed[] = []
      await new MigrationManager(store).migrate({ safetyNetKind: kind, onProgress: (event) => events.push({ ...event, at: performance.now() }) })

      for (const event of events) expect(progressEventSchema.safeParse(event).success).toBe(true)
      const phases = [...new Set(events.map((e) => e.phase))]
      expect(phases).toEqual(kind === 'archive' ? ['backup', 'migrate'] : ['migrate'])
      const expectedTotals: Record<string, number> = { backup: keys, migrate: TASKS }
      for (const phase of phases) {
        const own = events.filter((e) => e.phase === phase)
        const first = own[0]!
        const last = own.at(-1)!
        expect(first, phase).toMatchObject({ done: 0, total: expectedTotals[phase], etaSeconds: null })
        expect(last, phase).toMatchObject({ done: expectedTotals[phase], total: expectedTotals[phase], etaSeconds: 0 })
        for (let i = 1; i < own.length; i++) expect(own[i]!.done, phase).toBeGreaterThanOrEqual(own[i - 1]!.done)
        // Everything but the final event is throttled: no two closer than ~100 ms (90 allows for timer jitter).
        const throttled = own.slice(0, -1)
        for (let i = 1; i < throttled.length; i++) {
          expect(throttled[i]!.at - throttled[i - 1]!.at, `${phase} event ${i}`).toBeGreaterThanOrEqual(90)
        }
        // Between first and last, a phase of this size reports intermediate progress with a rate and an ETA.
        const middle = own.filter((e) => e.done > 0 && e.done < e.total)
        if (middle.length > 0) expect(middle[0]!.itemsPerSecond).toBeGreaterThan(0)
      }
      const migrateSteps = new Set(events.filter((e) => e.phase === 'migrate').map((e) => e.step))
      expect([...migrateSteps]).toEqual(['Task v1 → v2: Add depends_on and related_tasks fields'])
    })
  })
})
