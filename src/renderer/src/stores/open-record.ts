import type { StoreStatus } from '../../../shared/store-status.ts'
import { useRecordsStore } from './records.store.ts'
import { useStatusStore } from './status.store.ts'

/** The key prefixes the store's status lists (none while it is unknown). */
export function statusPrefixes(status: StoreStatus | null | undefined): readonly string[] {
  return status?.prefixes ?? []
}

/** The prefix a key is listed under: the longest of the store's prefixes it starts with. */
export function prefixOf(key: string, prefixes: readonly string[]): string | null {
  return prefixes.filter((prefix) => key.startsWith(prefix)).sort((a, b) => b.length - a.length)[0] ?? null
}

/** Opens a record named by a failure list in the record view, and moves focus there. */
export async function openRecord(key: string): Promise<void> {
  const prefix = prefixOf(key, statusPrefixes(useStatusStore.getState().status))
  if (prefix === null) return
  await useRecordsStore.getState().show(prefix, key)
  const view = document.getElementById('record-view')
  view?.scrollIntoView({ block: 'start' })
  view?.focus()
}
