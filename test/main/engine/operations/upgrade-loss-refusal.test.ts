import { describe, expect, it } from 'vitest'
import { MIGRATION_HISTORY_KEY } from '../../../../src/main/engine/support/constants.ts'
import { MigrationManager } from '../../../../src/main/engine/operations/migration-manager.ts'
import type { TransformSettings } from '../../../../src/main/engine/migration/record-transformer.ts'
import { SCAN_BATCH } from '../../../../src/main/engine/store/store-scan.ts'
import type { ProgressEvent } from '../../../../src/shared/progress.ts'
import { putAll, readTasks, rejectionOf, snapshotDb, useTempStores, without } from '../../../helpers/temp-store.ts'
import { taskV1, type Json } from '../../../helpers/tasks.ts'

/**
 * Task v1 → v2 may replace values (a timeout_hours a u32 cannot hold): without allowDataLoss the upgrade's own
 * pass notices the first loss, stops writing, counts the rest, and the run is put back and refused. These
 * stores span several read and write batches, so the refusal comes after batches were written.
 */
const TASKS = SCAN_BATCH * 3 + 200
const keyOf = (i: number): string => `task:${String(i).padStart(5, '0')}`

describe('an upgrade that would lose data is refused by its own pass', () => {
  const stores = useTempStores()

  /** A v1 store of TASKS tasks; `changed` replaces fields of the tasks at those positions. */
  async function v1Store(changed: Record<number, Json | string> = {}, transform?: TransformSettings): Promise<MigrationManager> {
    const store = await stores.newStore()
    const entries: Array<[string, string]> = []
    for (let i = 0; i < TASKS; i++) {
      const change = changed[i]
      entries.push([keyOf(i), typeof change === 'string' ? change : JSON.stringify(taskV1({ id: `t${i}`, ...change }))])
    }
    await putAll(store.db, entries)
    return new MigrationManager(store, { transform })
  }

  it('one lossy record past the first batches: DATA_LOSS_REFUSED naming it, the store, history and backup folder as before', async () => {
    const deep = SCAN_BATCH * 2 + 500
    const manager = await v1Store({ [deep]: { timeout_hours: 4.5 } })
    const before = await snapshotDb(manager.store.db)
    const phases = new Set<ProgressEvent['phase']>()

    const error = await rejectionOf(manager.migrate({ onProgress: (event) => phases.add(event.phase) }))
    expect(error.code).toBe('DATA_LOSS_REFUSED')
    expect(error.message).toContain(`Upgrading v1 -> v2 would lose data in 1 of ${TASKS} records; nothing was changed.`)
    expect(error.message).toContain(`${keyOf(deep)}: timeout_hours: 4.5`)
    // Batches before the loss were written, then put back from the pre-migration backup.
    expect([...phases]).toEqual(expect.arrayContaining(['migrate', 'rollback']))
    expect(await snapshotDb(manager.store.db)).toEqual(before)
    expect(await manager.history()).toEqual([])
    expect(await manager.listBackups()).toEqual([])
    expect(await manager.store.readVersion()).toBe(1)

    const allowed = await manager.migrate({ allowDataLoss: true })
    expect(allowed).toMatchObject({ status: 'migrated', from: 1, to: 2, itemsMigrated: TASKS })
    expect(allowed.fields?.find((row) => row.field === 'timeout_hours')).toMatchObject({ lost: 1 })
    expect((await readTasks(manager.store.db)).get(keyOf(deep))).toMatchObject({ schema_version: 2, timeout_hours: null })
    expect(await manager.history()).toHaveLength(1)
  })

  it('counts the losses after the one that stopped the writes: the same count and sample as a dry run', async () => {
    const manager = await v1Store({ 3: { timeout_hours: -1 }, [SCAN_BATCH + 7]: { timeout_hours: 2.5 }, [TASKS - 1]: { timeout_hours: 1e12 } })
    const dry = await manager.dryRun()
    const before = await snapshotDb(manager.store.db)

    const error = await rejectionOf(manager.migrate())
    expect(error.code).toBe('DATA_LOSS_REFUSED')
    expect(error.message).toContain(`would lose data in 3 of ${TASKS} records`)
    for (const entry of dry.losses?.sample ?? []) expect(error.message).toContain(`${entry.key}: ${entry.loses.join(', ')}`)
    expect(dry.losses?.records).toBe(3)
    expect(await snapshotDb(manager.store.db)).toEqual(before)
  })

  it('a record that fails before the loss does not hide it: still DATA_LOSS_REFUSED, as the check before the run answered', async () => {
    const manager = await v1Store({ 10: '{not json', [SCAN_BATCH * 2]: { timeout_hours: 0.5 } })
    const before = await snapshotDb(manager.store.db)
    const error = await rejectionOf(manager.migrate())
    expect(error.code).toBe('DATA_LOSS_REFUSED')
    expect(error.message).toContain(`would lose data in 1 of ${TASKS} records`)
    expect(await snapshotDb(manager.store.db)).toEqual(before)
  })

  it('a failing record and no loss: MIGRATION_FAILED, rolled back, and history records the failed run as before', async () => {
    const manager = await v1Store({ [SCAN_BATCH * 2 + 1]: '{not json' })
    const before = await snapshotDb(manager.store.db)
    const error = await rejectionOf(manager.migrate())
    expect(error.code).toBe('MIGRATION_FAILED')
    expect(error.message).toContain(`Record is not valid JSON (key ${keyOf(SCAN_BATCH * 2 + 1)})`)
    const history = await manager.history()
    expect(history).toMatchObject([{ success: false, status: 'failed', from_version: 1, to_version: 2 }])
    expect(without(await snapshotDb(manager.store.db), MIGRATION_HISTORY_KEY)).toEqual(without(before, MIGRATION_HISTORY_KEY))
  })

  it('refuses the same way when the records are transformed on worker threads, batches in flight', async () => {
    const deep = SCAN_BATCH * 3 + 100
    const manager = await v1Store({ [deep]: { timeout_hours: 7.25 } }, { workerMinRecords: 0 })
    const before = await snapshotDb(manager.store.db)
    const error = await rejectionOf(manager.migrate())
    expect(error.code).toBe('DATA_LOSS_REFUSED')
    expect(error.message).toContain(`${keyOf(deep)}: timeout_hours: 7.25`)
    expect(await snapshotDb(manager.store.db)).toEqual(before)
    expect(await manager.listBackups()).toEqual([])
  }, 60_000)
})
