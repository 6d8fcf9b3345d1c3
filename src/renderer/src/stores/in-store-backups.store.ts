import { create } from 'zustand'
import type { BackupInfo } from '../../../shared/backup.ts'
import type { InStoreBackupInfo, InStoreRemoval } from '../../../shared/in-store-backup.ts'
import { callOrReport } from './call-or-report.ts'
import { runOperation } from './operation.store.ts'
import { refreshAll } from './refresh-all.ts'
import { onStoreEvent, publish } from './store-events.ts'

interface InStoreBackupsState {
  /** Meridian's legacy backups inside the store, newest first; null until loaded. */
  backups: InStoreBackupInfo[] | null
  refresh(): Promise<void>
  /** Writes one out as a backup file; the new file is highlighted in the file list. */
  exportToFile(id: string): Promise<BackupInfo | null>
  remove(which: { id: string } | { all: true }): Promise<InStoreRemoval | null>
}

/** Verify and restore go through useBackupsStore (the same calls take in-store ids); export and remove live here. */
export const useInStoreBackupsStore = create<InStoreBackupsState>()((set) => ({
  backups: null,
  async refresh() {
    const backups = await callOrReport('Listing in-store backups', 'backups.listInStore', {})
    if (backups) set({ backups })
  },
  async exportToFile(id) {
    const info = await runOperation('export', `Exporting ${id}`, () => callOrReport(`Export ${id}`, 'backups.exportInStore', { id }))
    if (info) void publish('in-store-exported', { id, file: info })
    await refreshAll()
    return info
  },
  async remove(which) {
    const what = 'id' in which ? which.id : 'all in-store backups'
    const result = await runOperation('delete', `Removing ${what}`, () => callOrReport(`Remove ${what}`, 'backups.removeInStore', which))
    if (result) void publish('in-store-removed', result)
    await refreshAll()
    return result
  }
}))

onStoreEvent('changed', () => useInStoreBackupsStore.getState().refresh())
onStoreEvent('switched', () => useInStoreBackupsStore.setState({ backups: null }))
