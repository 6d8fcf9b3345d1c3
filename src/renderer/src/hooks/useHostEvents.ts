import { useEffect } from 'react'
import { connectApiClient } from '../api/api-client.ts'
import { useBackgroundArchiveStore } from '../stores/background-archive.store.ts'
import { watchConnection } from '../stores/connection.ts'
import { checkHostActivity, stopHostActivityChecks } from '../stores/host-activity.ts'
import { noteCommitted, useOperationStore } from '../stores/operation.store.ts'
import { refreshAll } from '../stores/refresh-all.ts'
import { useStatusStore } from '../stores/status.store.ts'

/**
 * Listens to the host: progress feeds the progress bar (and, when this window runs nothing, makes it ask the host
 * what is running); `committed` withdraws this window's Cancel; `archive-progress` feeds the background archive's line; `store-changed` (another window migrated, restored…) re-reads what is shown, unless this
 * window's own operation is running (it re-reads when it ends).
 */
export function useHostEvents(): void {
  useEffect(() => {
    let pending: ReturnType<typeof setTimeout> | null = null
    const connection = watchConnection()
    const unsubscribe = connectApiClient().client.subscribe((event) => {
      const operations = useOperationStore.getState()
      if (event.type === 'counts-progress') {
        useStatusStore.getState().noteCountsProgress(event.progress, event.partial)
        return
      }
      if (event.type === 'archive-progress') {
        const { type: _type, ...archive } = event
        useBackgroundArchiveStore.getState().note(archive)
        return
      }
      if (event.type === 'committed') {
        noteCommitted(event.operationId)
        return
      }
      if (event.type === 'progress') {
        // This window's run learns its host id from its first event (Cancel then names it).
        const running = operations.running
        if (running && !running.operationId && !running.attached && event.operationId) {
          useOperationStore.setState({ running: { ...running, operationId: event.operationId } })
        }
        operations.setProgress(event.event)
        if (!operations.running) checkHostActivity()
        return
      }
      if (operations.running) return
      if (pending) clearTimeout(pending)
      pending = setTimeout(() => void refreshAll(), 150)
    }, connection.onStream)
    return () => {
      connection.stop()
      if (pending) clearTimeout(pending)
      stopHostActivityChecks()
      unsubscribe()
    }
  }, [])
}
