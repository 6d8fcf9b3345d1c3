import { create } from 'zustand'
import type { SetAsideArchiveInfo, SetAsideRestoreResult } from '../../../shared/repair.ts'
import { callOrReport } from './call-or-report.ts'
import { useMigrationStore } from './migration.store.ts'
import { runOperation } from './operation.store.ts'
import { refreshAll } from './refresh-all.ts'
import { onStoreEvent } from './store-events.ts'

interface SetAsideArchivesState {
  /** The store's set-aside archives, newest first; null until read. */
  archives: SetAsideArchiveInfo[] | null
  /** The archive whose "Put back" confirmation is open. */
  confirming: SetAsideArchiveInfo | null
  /** What the last put-back did, shown until the next one or a switch. */
  lastRestore: SetAsideRestoreResult | null
  refresh(): Promise<void>
  ask(archive: SetAsideArchiveInfo): void
  dismiss(): void
  putBack(name: string): Promise<void>
}

/** The records a set-aside moved out of the store, and putting them back once fixed (records.restoreSetAside). */
export const useSetAsideArchivesStore = create<SetAsideArchivesState>()((set) => ({
  archives: null,
  confirming: null,
  lastRestore: null,
  async refresh() {
    const archives = await callOrReport('Reading the set-aside archives', 'records.listSetAside', {})
    if (archives) set({ archives })
  },
  ask(archive) {
    set({ confirming: archive })
  },
  dismiss() {
    set({ confirming: null })
  },
  async putBack(name) {
    set({ confirming: null })
    const result = await runOperation('repair', 'Putting set-aside records back', () => callOrReport('Repair', 'records.restoreSetAside', { name }))
    if (result) {
      set({ lastRestore: result })
      // The records are back: a dry run on screen predicted for the store without them.
      useMigrationStore.setState({ dryRun: null })
    }
    await refreshAll()
  }
}))

onStoreEvent('changed', () => useSetAsideArchivesStore.getState().refresh())
onStoreEvent('switched', () => useSetAsideArchivesStore.setState({ archives: null, confirming: null, lastRestore: null }))
