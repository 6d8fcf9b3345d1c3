import { create } from 'zustand'
import type { RecordSummary } from '../../../shared/record-summary.ts'
import { callOrReport } from './call-or-report.ts'
import { onStoreEvent } from './store-events.ts'

export const PAGE_SIZE = 25

interface RecordsState {
  prefix: string | null
  /** The `after` cursor of each page visited so far; the last one is the page shown (undefined: the first). */
  cursors: Array<string | undefined>
  records: RecordSummary[]
  nextAfter: string | null
  selectedKey: string | null
  loading: boolean
  open(prefix: string): Promise<void>
  next(): Promise<void>
  previous(): Promise<void>
  reload(): Promise<void>
  select(key: string | null): void
}

/** Browses one prefix a page at a time (store.records with its nextAfter cursor). */
export const useRecordsStore = create<RecordsState>()((set, get) => {
  async function load(prefix: string, cursors: Array<string | undefined>): Promise<void> {
    set({ loading: true })
    try {
      const after = cursors.at(-1)
      const page = await callOrReport('Browsing records', 'store.records', { prefix, limit: PAGE_SIZE, ...(after !== undefined ? { after } : {}) })
      if (!page) return
      const selectedKey = get().selectedKey
      set({
        prefix,
        cursors,
        records: page.records,
        nextAfter: page.nextAfter,
        selectedKey: page.records.some((r) => r.key === selectedKey) ? selectedKey : (page.records[0]?.key ?? null)
      })
    } finally {
      set({ loading: false })
    }
  }
  return {
    prefix: null,
    cursors: [undefined],
    records: [],
    nextAfter: null,
    selectedKey: null,
    loading: false,
    open: (prefix) => load(prefix, [undefined]),
    async next() {
      const { prefix, cursors, nextAfter } = get()
      if (prefix !== null && nextAfter !== null) await load(prefix, [...cursors, nextAfter])
    },
    async previous() {
      const { prefix, cursors } = get()
      if (prefix !== null && cursors.length > 1) await load(prefix, cursors.slice(0, -1))
    },
    async reload() {
      const { prefix, cursors } = get()
      if (prefix !== null) await load(prefix, cursors)
    },
    select(key) {
      set({ selectedKey: key })
    }
  }
})

onStoreEvent('changed', () => useRecordsStore.getState().reload())
onStoreEvent('switched', () => useRecordsStore.setState({ prefix: null, cursors: [undefined], records: [], nextAfter: null, selectedKey: null }))
