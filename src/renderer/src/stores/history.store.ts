import { create } from 'zustand'
import type { HistoryEntry } from '../../../shared/history.ts'
import { callOrReport } from './call-or-report.ts'
import { onStoreEvent } from './store-events.ts'

interface HistoryState {
  /** Newest first. */
  entries: HistoryEntry[] | null
  refresh(): Promise<void>
}

/** Newest first: by start time, and for equal times the later-recorded entry first. */
export function newestFirst(entries: readonly HistoryEntry[]): HistoryEntry[] {
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => (a.entry.started_at === b.entry.started_at ? b.index - a.index : a.entry.started_at < b.entry.started_at ? 1 : -1))
    .map(({ entry }) => entry)
}

export const useHistoryStore = create<HistoryState>()((set) => ({
  entries: null,
  async refresh() {
    const entries = await callOrReport('Reading the migration history', 'history.list', {})
    if (entries) set({ entries: newestFirst(entries) })
  }
}))

onStoreEvent('changed', () => useHistoryStore.getState().refresh())
onStoreEvent('switched', () => useHistoryStore.setState({ entries: null }))
