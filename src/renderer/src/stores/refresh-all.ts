import { useBackupsStore } from './backups.store.ts'
import { useHistoryStore } from './history.store.ts'
import { useInStoreBackupsStore } from './in-store-backups.store.ts'
import { useRecordsStore } from './records.store.ts'
import { useMigrationStore } from './migration.store.ts'
import { useStatusStore } from './status.store.ts'

/** Re-reads everything shown: after an operation, and when the host says the store changed. */
export async function refreshAll(): Promise<void> {
  await Promise.all([
    useStatusStore.getState().refresh(),
    useHistoryStore.getState().refresh(),
    useBackupsStore.getState().refresh(),
    useInStoreBackupsStore.getState().refresh(),
    useRecordsStore.getState().reload()
  ])
}

/** Forgets what belonged to the previous store (after the desktop app switched to another one), then reads the new one. */
export async function switchedStore(): Promise<void> {
  useRecordsStore.setState({ prefix: null, cursors: [undefined], records: [], nextAfter: null, selectedKey: null })
  useBackupsStore.setState({ backups: null, verified: {}, highlighted: null, lastRestore: null, notice: null })
  useHistoryStore.setState({ entries: null })
  useInStoreBackupsStore.setState({ backups: null })
  useMigrationStore.setState({ dryRun: null, lastResult: null })
  await refreshAll()
}
