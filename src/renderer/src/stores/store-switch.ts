import { callOrReport } from './call-or-report.ts'
import { runOperation } from './operation.store.ts'
import { switchedStore } from './refresh-all.ts'

/** Desktop only: opens another data directory (from the recent list). */
export async function openStore(dataDir: string): Promise<void> {
  const info = await runOperation('open', `Opening ${dataDir}`, () => callOrReport('Open data directory', 'store.open', { dataDir }))
  if (info) await switchedStore()
}

/** Desktop only: the native folder picker; nothing happens when the person cancels it. */
export async function chooseStore(): Promise<void> {
  const info = await runOperation('open', 'Choosing a data directory', () => callOrReport('Open data directory', 'store.chooseDirectory', {}))
  if (info) await switchedStore()
}
