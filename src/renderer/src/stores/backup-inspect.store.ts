import { create } from 'zustand'
import type { BackupInfo } from '../../../shared/backup.ts'
import type { BackupComparison } from '../../../shared/backup-inspect.ts'
import type { RecordSummary } from '../../../shared/record-summary.ts'
import { callOrReport } from './call-or-report.ts'
import { runOperation } from './operation.store.ts'
import { useRecordsStore } from './records.store.ts'

export const BACKUP_PAGE_SIZE = 25

export type InspectView = 'records' | 'compare'

interface BackupInspectState {
  /** The backup being inspected; null when the inspector is closed. */
  backup: BackupInfo | null
  view: InspectView
  /** The prefix both views use ('' for every key). */
  prefix: string
  /** The `after` cursor of each page visited; the last is the page shown (undefined: the first). */
  cursors: Array<string | undefined>
  records: RecordSummary[]
  nextAfter: string | null
  selectedKey: string | null
  loading: boolean
  comparison: BackupComparison | null
  open(backup: BackupInfo, prefix: string): Promise<void>
  close(): void
  setView(view: InspectView): void
  browse(prefix: string): Promise<void>
  next(): Promise<void>
  previous(): Promise<void>
  select(key: string): void
  compare(): Promise<BackupComparison | null>
}

const closed = {
  backup: null,
  view: 'records' as InspectView,
  prefix: '',
  cursors: [undefined],
  records: [],
  nextAfter: null,
  selectedKey: null,
  loading: false,
  comparison: null
}

/**
 * One backup opened for inspection: its records a page at a time (backups.records) and, on request, its
 * comparison with the store (backups.compare, a long operation with progress and Cancel). Nothing is restored.
 */
export const useBackupInspectStore = create<BackupInspectState>()((set, get) => {
  /** Answers to a request made for another backup or prefix than the one now shown are dropped. */
  let generation = 0

  async function load(backup: BackupInfo, prefix: string, cursors: Array<string | undefined>): Promise<void> {
    const mine = ++generation
    set({ loading: true })
    try {
      const after = cursors.at(-1)
      const page = await callOrReport(`Browse ${backup.id}`, 'backups.records', {
        id: backup.id,
        prefix,
        limit: BACKUP_PAGE_SIZE,
        ...(after !== undefined ? { after } : {})
      })
      if (!page || mine !== generation) return
      set({ cursors, records: page.records, nextAfter: page.nextAfter, selectedKey: page.records[0]?.key ?? null })
    } finally {
      if (mine === generation) set({ loading: false })
    }
  }

  return {
    ...closed,
    async open(backup, prefix) {
      generation++
      set({ ...closed, backup, prefix })
      await load(backup, prefix, [undefined])
    },
    close() {
      generation++
      set({ ...closed })
    },
    setView(view) {
      set({ view })
    },
    async browse(prefix) {
      const { backup } = get()
      if (!backup) return
      // A comparison made under another prefix no longer describes what is shown.
      const comparison = get().comparison?.prefix === prefix ? get().comparison : null
      set({ prefix, records: [], nextAfter: null, selectedKey: null, cursors: [undefined], comparison })
      await load(backup, prefix, [undefined])
    },
    async next() {
      const { backup, prefix, cursors, nextAfter } = get()
      if (backup && nextAfter !== null) await load(backup, prefix, [...cursors, nextAfter])
    },
    async previous() {
      const { backup, prefix, cursors } = get()
      if (backup && cursors.length > 1) await load(backup, prefix, cursors.slice(0, -1))
    },
    select(key) {
      set({ selectedKey: key })
    },
    async compare() {
      const { backup, prefix } = get()
      if (!backup) return null
      const result = await runOperation('compare', `Comparing ${backup.id} with the store`, () =>
        callOrReport(`Compare ${backup.id}`, 'backups.compare', { id: backup.id, prefix })
      )
      // Kept only while the same backup and prefix are shown.
      if (result && get().backup?.id === result.backupId && get().prefix === result.prefix) set({ comparison: result, view: 'compare' })
      return result
    }
  }
})

/** Opens the inspector on `backup`, at the prefix the Records panel shows (what the person is looking at). */
export function openInspector(backup: BackupInfo): Promise<void> {
  return useBackupInspectStore.getState().open(backup, useRecordsStore.getState().prefix ?? '')
}
