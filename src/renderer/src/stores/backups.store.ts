import { create } from 'zustand'
import type { BackupInfo, BackupKind, RestoreResult, VerifyReport } from '../../../shared/backup.ts'
import { formatBytes } from '../../../shared/format.ts'
import { callOrReport } from './call-or-report.ts'
import { runOperation } from './operation.store.ts'
import { refreshAll } from './refresh-all.ts'
import { useStatusStore } from './status.store.ts'
import { onStoreEvent, publish } from './store-events.ts'

interface BackupsState {
  /** Newest first. */
  backups: BackupInfo[] | null
  /** Verify results of this session, by backup id (the host does not remember them). */
  verified: Record<string, VerifyReport>
  /** The backup a history entry pointed at: scrolled to and highlighted. */
  highlighted: string | null
  /** Bumped on every highlight, so following the same link twice scrolls again. */
  highlightSeq: number
  lastRestore: RestoreResult | null
  /** The last action's outcome in words, announced politely to screen readers. */
  notice: string | null
  refresh(): Promise<void>
  highlight(id: string | null): void
  /** An archive (the portable file), or a checkpoint (milliseconds, shares the store's tables). */
  create(kind?: BackupKind): Promise<BackupInfo | null>
  /** The portable archive of checkpoint `id` (the checkpoint stays). */
  archive(id: string): Promise<BackupInfo | null>
  verify(id: string): Promise<VerifyReport | null>
  restore(id: string): Promise<RestoreResult | null>
  remove(id: string): Promise<boolean>
}

const newestFirst = (backups: BackupInfo[]): BackupInfo[] =>
  [...backups].sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1))

export const useBackupsStore = create<BackupsState>()((set, get) => ({
  backups: null,
  verified: {},
  highlighted: null,
  highlightSeq: 0,
  lastRestore: null,
  notice: null,
  async refresh() {
    const backups = await callOrReport('Listing backups', 'backups.list', {})
    if (backups) set({ backups: newestFirst(backups) })
  },
  highlight(id) {
    set({ highlighted: id, highlightSeq: get().highlightSeq + 1 })
  },
  async create(kind = 'archive') {
    const what = kind === 'checkpoint' ? 'Checkpoint now' : 'Back up now'
    const info = await runOperation('backup', kind === 'checkpoint' ? 'Taking a checkpoint' : 'Backing up the store', () =>
      callOrReport(what, 'backups.create', { kind })
    )
    if (info)
      set({
        highlighted: info.id,
        notice: `Backup ${info.id} created (${info.records === null ? 'a checkpoint' : `${info.records.toLocaleString('en-US')} records`}).`
      })
    await refreshAll()
    return info
  },
  async archive(id) {
    const info = await runOperation('backup', `Archiving ${id}`, () => callOrReport(`Archive ${id}`, 'backups.archive', { id }))
    if (info) {
      set({
        highlighted: info.id,
        notice: `Archive ${info.id} written from checkpoint ${id} (${(info.records ?? 0).toLocaleString('en-US')} records, ${formatBytes(info.bytes)}); the checkpoint is kept.`
      })
      await get().refresh()
    }
    return info
  },
  async verify(id) {
    const report = await runOperation('verify', `Verifying ${id}`, () => callOrReport(`Verify ${id}`, 'backups.verify', { id }))
    if (report) {
      set({
        verified: { ...get().verified, [id]: report },
        notice: report.ok
          ? `Backup ${id} is intact (${report.records.toLocaleString('en-US')} records).`
          : `Backup ${id} is damaged: ${report.problem ?? 'unknown problem'}`
      })
      // A checkpoint's first verify counts its records and finishes its hashing: the list shows them.
      if (get().backups?.some((backup) => backup.id === id && backup.kind === 'checkpoint')) await get().refresh()
    }
    return report
  },
  async restore(id) {
    // Only reached through the confirmation, which shows the format-upgrade warning when there is one.
    const allowFormatUpgrade = useStatusStore.getState().status?.formatUpgrade ? true : undefined
    const result = await runOperation('restore', `Restoring ${id}`, () => callOrReport(`Restore ${id}`, 'backups.restore', { id, allowFormatUpgrade }))
    if (result) {
      set({ lastRestore: result, notice: `Restored ${id}: the store is at v${result.toVersion} again.` })
      void publish('restored', result)
    }
    await refreshAll()
    return result
  },
  async remove(id) {
    const deleted = await runOperation('delete', `Deleting ${id}`, () => callOrReport(`Delete ${id}`, 'backups.delete', { id }))
    if (deleted) {
      const { [id]: _dropped, ...verified } = get().verified
      set({ verified, notice: `Backup ${id} deleted.`, highlighted: get().highlighted === id ? null : get().highlighted })
    }
    await refreshAll()
    return deleted !== null
  }
}))

/** Drops the verify results of backups that are gone. */
const withoutVerified = (verified: Record<string, VerifyReport>, gone: string[]): Record<string, VerifyReport> =>
  Object.fromEntries(Object.entries(verified).filter(([id]) => !gone.includes(id)))

onStoreEvent('changed', () => useBackupsStore.getState().refresh())
onStoreEvent('switched', () => useBackupsStore.setState({ backups: null, verified: {}, highlighted: null, lastRestore: null, notice: null }))
onStoreEvent('backups-pruned', (result) =>
  useBackupsStore.setState({
    verified: withoutVerified(
      useBackupsStore.getState().verified,
      result.deleted.map((b) => b.id)
    ),
    notice: `${result.deleted.length} old backups deleted.`
  })
)
// Backup files made, and store space freed, from the in-store backups table: announced where backups are.
onStoreEvent('in-store-exported', ({ id, file }) => useBackupsStore.setState({ highlighted: file.id, notice: `In-store backup ${id} exported to ${file.id}.` }))
onStoreEvent('in-store-removed', (result) =>
  useBackupsStore.setState({
    notice: `Removed ${result.removed.join(', ')} from the store (${formatBytes(result.bytesDeleted)} of data; the store went from ${formatBytes(result.storeBytesBefore)} to ${formatBytes(result.storeBytesAfter)}).`
  })
)
onStoreEvent('archive-written', ({ checkpointId, archiveId }) => {
  useBackupsStore.setState({ notice: `Archive ${archiveId} written from checkpoint ${checkpointId}.` })
  return useBackupsStore.getState().refresh()
})
