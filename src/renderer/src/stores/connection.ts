import { api, onHostUnreachable } from '../api/api-client.ts'
import { useOperationStore } from './operation.store.ts'
import { refreshAll } from './refresh-all.ts'

/** How often a lost host is asked again. */
export const RETRY_MS = 2_000

let retry: ReturnType<typeof setTimeout> | null = null

/** A call got no answer: the host is marked lost (every action waits) and asked again until it answers. */
function hostUnreachable(): void {
  if (!useOperationStore.getState().hostLost) useOperationStore.setState({ hostLost: true })
  if (!retry) retry = setTimeout(() => void retryNow(), RETRY_MS)
}

/** Asks the host at once (the banner's "Retry now", and each retry): back, everything is read again. */
export async function retryNow(): Promise<void> {
  if (retry) clearTimeout(retry)
  retry = null
  const answer = await api('store.info', {})
  // A failure with no answer has already scheduled the next retry (through onHostUnreachable).
  if (!answer.ok || !useOperationStore.getState().hostLost) return
  useOperationStore.setState({ hostLost: false })
  await refreshAll()
}

/**
 * Watches the connection to the host for the life of the page: every call that gets no answer, and the event
 * stream breaking or opening again (checked with a call, since the stream also breaks for lesser reasons).
 * Returns the way to stop, and what the event subscription should be told.
 */
export function watchConnection(): { stop(): void; onStream(connected: boolean): void } {
  const stop = onHostUnreachable(hostUnreachable)
  return {
    stop() {
      stop()
      if (retry) clearTimeout(retry)
      retry = null
    },
    onStream(connected) {
      if (!connected) void api('store.info', {})
      else if (useOperationStore.getState().hostLost) void retryNow()
    }
  }
}
