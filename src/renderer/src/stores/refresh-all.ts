import { api } from '../api/api-client.ts'
import { publish } from './store-events.ts'

/** The data directory what is shown belongs to (null: no store open); undefined before the first read. */
let shownDataDir: string | null | undefined

/**
 * Re-reads everything shown: after an operation, and when the host says the store changed. Which store the host
 * serves is asked first: when it is another one (this window or another opened, switched or closed a store), what
 * belonged to the previous store is forgotten (`switched`); with no store open there is nothing more to read
 * (`closed`). Otherwise each store showing part of the store listens to `changed` and re-reads that part; this
 * waits for all of them.
 */
export async function refreshAll(): Promise<void> {
  const result = await api('store.info', {})
  // No answer: the lost-connection banner says so; the parts shown are re-read once the host is back.
  if (result.ok) {
    const { dataDir } = result.value
    if (shownDataDir !== undefined && dataDir !== shownDataDir) {
      // The `switched` listeners only reset state, so it is all forgotten by the time publish returns.
      void publish('switched')
    }
    shownDataDir = dataDir
    if (dataDir === null) {
      await publish('closed', result.value)
      return
    }
  }
  await publish('changed')
}
