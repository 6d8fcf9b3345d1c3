import { create } from 'zustand'
import type { ApiInput } from '../../../shared/api.contract.ts'
import type { RecordSummary } from '../../../shared/record-summary.ts'
import { callOrReport } from './call-or-report.ts'
import { onStoreEvent } from './store-events.ts'

export const PAGE_SIZE = 25

/** What the records listed must be; every part given must match (see store.records). */
export interface RecordsFilter {
  keyContains: string
  valueContains: string
  version: number | 'invalid' | null
}

export const NO_FILTER: RecordsFilter = { keyContains: '', valueContains: '', version: null }

/** Where the page shown starts: the prefix's start, after a key (Next), at the first key ≥ one (a jump), before a key (Previous). */
export type PagePosition = { at: 'start' } | { at: 'after' | 'from' | 'before'; key: string }

interface RecordsState {
  prefix: string | null
  filter: RecordsFilter
  position: PagePosition
  /** The page's number when it is known: counted from the start while paging without a jump or a filter. */
  pageNumber: number | null
  records: RecordSummary[]
  nextAfter: string | null
  previousBefore: string | null
  /** Records the host read for this page, and whether it stopped at its scan limit before the page filled. */
  scanned: number
  scanStopped: boolean
  selectedKey: string | null
  loading: boolean
  open(prefix: string): Promise<void>
  /** Shows the page starting at the first key at or after `key` (the prefix is added when `key` lacks it). */
  jumpTo(key: string): Promise<void>
  /** Lists only the records `filter` matches, from the prefix's start. */
  setFilter(filter: RecordsFilter): Promise<void>
  next(): Promise<void>
  previous(): Promise<void>
  reload(): Promise<void>
  select(key: string | null): void
  /** Opens `key` under `prefix` in the record view: its page from that key, unfiltered, with it selected. */
  show(prefix: string, key: string): Promise<void>
}

/** Whether any part of `filter` is set. */
export function isFiltered(filter: RecordsFilter): boolean {
  return filter.keyContains !== '' || filter.valueContains !== '' || filter.version !== null
}

/** The store.records input for a page of `prefix` at `position` under `filter`. */
export function pageRequest(prefix: string, position: PagePosition, filter: RecordsFilter): ApiInput<'store.records'> {
  return {
    prefix,
    limit: PAGE_SIZE,
    ...(position.at === 'start' ? {} : { [position.at]: position.key }),
    ...(filter.keyContains !== '' ? { keyContains: filter.keyContains } : {}),
    ...(filter.valueContains !== '' ? { valueContains: filter.valueContains } : {}),
    ...(filter.version !== null ? { version: filter.version } : {})
  }
}

/** Browses one prefix a page at a time by cursor (store.records), jumping to a key or filtering on the way. */
export const useRecordsStore = create<RecordsState>()((set, get) => {
  // Only the latest request's answer is shown: a slow filtered page answering after a newer request is dropped.
  let latest = 0
  async function load(prefix: string, position: PagePosition, filter: RecordsFilter, pageNumber: number | null): Promise<void> {
    const request = ++latest
    set({ loading: true })
    try {
      const page = await callOrReport('Browsing records', 'store.records', pageRequest(prefix, position, filter))
      if (!page || request !== latest) return
      const selectedKey = get().selectedKey
      set({
        prefix,
        filter,
        position,
        pageNumber: isFiltered(filter) ? null : pageNumber,
        records: page.records,
        nextAfter: page.nextAfter,
        previousBefore: page.previousBefore,
        scanned: page.scanned,
        scanStopped: page.scanStopped,
        selectedKey: page.records.some((r) => r.key === selectedKey) ? selectedKey : (page.records[0]?.key ?? null)
      })
    } finally {
      if (request === latest) set({ loading: false })
    }
  }
  const step = (page: number | null, by: number): number | null => (page === null ? null : Math.max(1, page + by))
  return {
    prefix: null,
    filter: NO_FILTER,
    position: { at: 'start' },
    pageNumber: 1,
    records: [],
    nextAfter: null,
    previousBefore: null,
    scanned: 0,
    scanStopped: false,
    selectedKey: null,
    loading: false,
    open: (prefix) => load(prefix, { at: 'start' }, get().filter, 1),
    async jumpTo(key) {
      const { prefix, filter } = get()
      if (prefix === null || key === '') return
      await load(prefix, { at: 'from', key: key.startsWith(prefix) ? key : prefix + key }, filter, null)
    },
    async setFilter(filter) {
      const { prefix } = get()
      if (prefix !== null) await load(prefix, { at: 'start' }, filter, 1)
    },
    async next() {
      const { prefix, nextAfter, filter, pageNumber } = get()
      if (prefix !== null && nextAfter !== null) await load(prefix, { at: 'after', key: nextAfter }, filter, step(pageNumber, 1))
    },
    async previous() {
      const { prefix, previousBefore, filter, pageNumber } = get()
      if (prefix === null || previousBefore === null) return
      // Page 2 going back is page 1: read it from the start, so the count stays right and the page is whole.
      if (pageNumber === 2) await load(prefix, { at: 'start' }, filter, 1)
      else await load(prefix, { at: 'before', key: previousBefore }, filter, step(pageNumber, -1))
    },
    async reload() {
      const { prefix, position, filter, pageNumber } = get()
      if (prefix !== null) await load(prefix, position, filter, pageNumber)
    },
    select(key) {
      set({ selectedKey: key })
    },
    async show(prefix, key) {
      set({ selectedKey: key })
      await load(prefix, { at: 'from', key }, NO_FILTER, null)
    }
  }
})

onStoreEvent('changed', () => useRecordsStore.getState().reload())
onStoreEvent('switched', () =>
  useRecordsStore.setState({
    prefix: null,
    filter: NO_FILTER,
    position: { at: 'start' },
    pageNumber: 1,
    records: [],
    nextAfter: null,
    previousBefore: null,
    scanned: 0,
    scanStopped: false,
    selectedKey: null
  })
)
