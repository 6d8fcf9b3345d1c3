import { callOrReport } from './call-or-report.ts'
import { runOperation } from './operation.store.ts'
import { refreshAll } from './refresh-all.ts'

/** The banner context of every open, choose and close: a new attempt clears the last one's error. */
export const STORE_CHOICE_CONTEXT = 'Open data directory'

/** Serves another data directory (typed, or from the recent list); true once it is open. */
export async function openStore(dataDir: string): Promise<boolean> {
  const info = await runOperation('open', `Opening ${dataDir}`, () => callOrReport(STORE_CHOICE_CONTEXT, 'store.open', { dataDir }))
  if (info) await refreshAll()
  return info !== null
}

/** Desktop only: the native folder picker; nothing happens when the person cancels it. */
export async function chooseStore(): Promise<void> {
  const info = await runOperation('open', 'Choosing a data directory', () => callOrReport(STORE_CHOICE_CONTEXT, 'store.chooseDirectory', {}))
  if (info) await refreshAll()
}

/** Closes the store, so that Meridian, the CLI or a script can have it; the app then offers to open one. */
export async function closeStore(): Promise<void> {
  const info = await runOperation('close', 'Closing the store', () => callOrReport('Close store', 'store.close', {}))
  if (info) await refreshAll()
}
