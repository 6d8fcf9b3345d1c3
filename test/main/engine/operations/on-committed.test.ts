import { describe, expect, it } from 'vitest'
import { populateDemoStore } from '../../../../src/main/demo/demo-store.ts'
import { MigrationManager } from '../../../../src/main/engine/operations/migration-manager.ts'
import type { HistoryEntry } from '../../../../src/shared/history.ts'
import { useTempStores } from '../../../helpers/temp-store.ts'
import { describeEachStoreKind } from '../../../helpers/store-kinds.ts'

describeEachStoreKind((kind) => {
  const stores = useTempStores(kind)

  async function demoManager(): Promise<MigrationManager> {
    const store = await stores.newStore()
    await populateDemoStore(store, { count: 300, version: 1, episodes: 5 })
    return new MigrationManager(store)
  }

  /** onCommitted for `run`: how often it was called, and the history as it stood at the first call. */
  async function watchCommit(manager: MigrationManager, run: (onCommitted: () => void) => Promise<unknown>) {
    let calls = 0
    let historyAtCall: Promise<HistoryEntry[]> | undefined
    const outcome = await run(() => {
      calls++
      historyAtCall ??= manager.store.readHistory()
    }).catch((error: unknown) => error)
    return { calls, outcome, historyAtCall: await historyAtCall }
  }

  describe('onCommitted: the moment a cancel can no longer undo the operation', () => {
    it('is called once by a migration, when its success entry is already in the store', async () => {
      const manager = await demoManager()
      const { calls, historyAtCall } = await watchCommit(manager, (onCommitted) => manager.migrate({ onCommitted }))
      expect(calls).toBe(1)
      expect(historyAtCall?.at(-1)).toMatchObject({ status: 'success', to_version: 2 })
    })

    it('is called once by a checkpoint restore, whose swap is the commit: the restored entry is in the store swapped in', async () => {
      const manager = await demoManager()
      const checkpoint = await manager.createBackup({ kind: 'checkpoint' })
      await manager.migrate()
      const { calls, historyAtCall } = await watchCommit(manager, (onCommitted) => manager.restoreBackup(checkpoint.id, { onCommitted }))
      expect(calls).toBe(1)
      expect(historyAtCall?.at(-1)).toMatchObject({ status: 'restored' })
    })

    it('is called once by a repair that writes', async () => {
      const manager = await demoManager()
      const [key] = (await manager.records({ prefix: 'task:', limit: 1 })).records.map((item) => item.key)
      const { calls } = await watchCommit(manager, (onCommitted) => manager.repair.delete(key ?? '', { onCommitted }))
      expect(calls).toBe(1)
    })

    it('is never called by a migration that is cancelled and put back', async () => {
      const manager = await demoManager()
      const controller = new AbortController()
      const { calls, outcome } = await watchCommit(manager, (onCommitted) =>
        manager.migrate({
          onCommitted,
          signal: controller.signal,
          onProgress: (event) => {
            if (event.phase === 'migrate') controller.abort()
          }
        })
      )
      expect(outcome).toMatchObject({ code: 'CANCELLED' })
      expect(calls).toBe(0)
      expect((await manager.history()).at(-1)).toMatchObject({ status: 'cancelled' })
    })
  })
})
