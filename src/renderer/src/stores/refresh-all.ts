import { publish } from './store-events.ts'

/**
 * Re-reads everything shown: after an operation, and when the host says the store changed. Each store showing
 * part of the store listens to `changed` and re-reads that part; this waits for all of them.
 */
export async function refreshAll(): Promise<void> {
  await publish('changed')
}

/** Forgets what belonged to the previous store (after the desktop app switched to another one), then reads the new one. */
export async function switchedStore(): Promise<void> {
  // The `switched` listeners only reset state, so it is all forgotten by the time publish returns.
  void publish('switched')
  await refreshAll()
}
