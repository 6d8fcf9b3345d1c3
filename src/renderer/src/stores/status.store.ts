import { create } from 'zustand'
import type { ApiOutput } from '../../../shared/api.contract.ts'
import type { ProgressEvent } from '../../../shared/progress.ts'
import type { StoreCounts, StoreStatus } from '../../../shared/store-status.ts'
import { api } from '../api/api-client.ts'
import { callOrReport } from './call-or-report.ts'
import { useErrorStore } from './errors.store.ts'
import { noteHostInfo } from './host-activity.ts'
import { onStoreEvent } from './store-events.ts'

type StoreInfo = ApiOutput<'store.info'>

/** The record counts, which come after the status (a read of every key): done, at work, or stopped. */
export type CountsState =
  | { state: 'idle' }
  | { state: 'counting'; progress: ProgressEvent | null; partial: StoreCounts | null }
  | { state: 'done'; counts: StoreCounts }
  | { state: 'stopped'; message: string }
  | { state: 'failed'; message: string; code: string }

interface StatusState {
  info: StoreInfo | null
  status: StoreStatus | null
  loading: boolean
  /** When the status was last read, to show how fresh it is. */
  loadedAt: number | null
  counts: CountsState
  refresh(): Promise<void>
  /** Counts the records again (after the status; or when a count was stopped and the person asks again). */
  recount(): Promise<void>
  /** A `counts-progress` event from the host: its progress, or the counts so far. */
  noteCountsProgress(progress: ProgressEvent | null, partial: StoreCounts | null): void
}

/** The counts once known, else null: what dialogs quote ("a backup of 1,234 records") when they can. */
export function knownCounts(counts: CountsState): StoreCounts | null {
  return counts.state === 'done' ? counts.counts : null
}

/** The counts known so far: all of them once done, the prefixes counted yet while counting. */
export function countsSoFar(counts: CountsState): StoreCounts | null {
  if (counts.state === 'done') return counts.counts
  return counts.state === 'counting' ? counts.partial : null
}

/** The error banner's context for a count that failed. */
const COUNTING = 'Counting the records'

/** Which count is the latest asked for: an answer to an earlier one is dropped. */
let countsAsked = 0

/** Which store is open and where it stands: version, pending steps at once; record counts filling in after. */
export const useStatusStore = create<StatusState>()((set, get) => ({
  info: null,
  status: null,
  loading: false,
  loadedAt: null,
  counts: { state: 'idle' },
  async refresh() {
    set({ loading: true })
    try {
      const [info, status] = await Promise.all([
        callOrReport('Reading the store', 'store.info', {}),
        callOrReport('Reading the store status', 'store.status', {})
      ])
      if (info) {
        // Whatever the host runs: another window's operation, or this page's own from before a reload.
        void noteHostInfo(info)
        set({ info })
      }
      if (status) set({ status, loadedAt: Date.now() })
    } finally {
      set({ loading: false })
    }
    // Not awaited by those who refresh: the header, version and plan are on screen while the records are counted.
    if (get().status) void get().recount()
  },
  async recount() {
    const asked = ++countsAsked
    set({ counts: { state: 'counting', progress: null, partial: null } })
    const result = await api('store.counts', {})
    // A later count was asked for meanwhile (a refresh), or the store was switched or closed: this answer is stale.
    if (asked !== countsAsked || get().counts.state !== 'counting') return
    const errors = useErrorStore.getState()
    if (result.ok) {
      errors.clearContext(COUNTING)
      set({ counts: { state: 'done', counts: result.value } })
    } else if (result.error.code === 'CANCELLED') {
      // Stopped by a write (this window's or another's): the refresh after it counts again; said in the table, not as an error banner.
      set({ counts: { state: 'stopped', message: result.error.message } })
    } else {
      // A damaged table (CORRUPT_DATABASE) shows here first, since the status reads only a few keys: a banner too.
      if (result.error.code !== 'HOST_UNREACHABLE') errors.report(COUNTING, result.error)
      set({ counts: { state: 'failed', message: result.error.message, code: result.error.code } })
    }
  },
  noteCountsProgress(progress, partial) {
    const counts = get().counts
    if (counts.state !== 'counting') return
    set({ counts: { ...counts, ...(progress ? { progress } : {}), ...(partial ? { partial } : {}) } })
  }
}))

onStoreEvent('changed', () => useStatusStore.getState().refresh())
onStoreEvent('switched', () => useStatusStore.setState({ status: null, loadedAt: null, counts: { state: 'idle' } }))
onStoreEvent('closed', (info) => useStatusStore.setState({ info, status: null, loadedAt: null, counts: { state: 'idle' } }))
