import { create } from 'zustand'
import type { ApiEvent } from '../../../shared/api.contract.ts'
import { callOrReport } from './call-or-report.ts'
import { onStoreEvent, publish } from './store-events.ts'

export type ArchiveProgress = Omit<Extract<ApiEvent, { type: 'archive-progress' }>, 'type'>

interface BackgroundArchiveState {
  /** The archive the host writes after a migration, or last wrote (until dismissed); null when none. */
  archive: ArchiveProgress | null
  /** Stop was pressed and the host has not yet said the archive stopped. */
  stopping: boolean
  note(event: ArchiveProgress): void
  stop(): Promise<void>
  dismiss(): void
}

export const BACKGROUND_ARCHIVE_CONTEXT = 'Background archive'

export const useBackgroundArchiveStore = create<BackgroundArchiveState>()((set) => ({
  archive: null,
  stopping: false,
  note(event) {
    set({ archive: event, stopping: event.state === 'running' ? useBackgroundArchiveStore.getState().stopping : false })
    // A stopped or failed archive removed what it wrote: only a written one changes the backup list.
    if (event.state === 'done' && event.archiveId) void publish('archive-written', { checkpointId: event.checkpointId, archiveId: event.archiveId })
  },
  async stop() {
    set({ stopping: true })
    const answer = await callOrReport(BACKGROUND_ARCHIVE_CONTEXT, 'backups.stopArchive', {})
    // Nothing ran any more (it had just ended): its last event says how, so only the button's state goes back.
    if (!answer?.stopped) set({ stopping: false })
  },
  dismiss() {
    set({ archive: null, stopping: false })
  }
}))

/** The checkpoint being archived in the background, if any: its own Archive button waits. */
export function archivingCheckpoint(state: Pick<BackgroundArchiveState, 'archive'>): string | null {
  return state.archive?.state === 'running' ? state.archive.checkpointId : null
}

// Another store's archive is not this one's to show (the host stops it on a switch).
onStoreEvent('switched', () => useBackgroundArchiveStore.setState({ archive: null, stopping: false }))
