import { create } from 'zustand'
import type { ApiOutput } from '../../../shared/api.contract.ts'
import type { StoreStatus } from '../../../shared/store-status.ts'
import { callOrReport } from './call-or-report.ts'
import { noteHostInfo } from './host-activity.ts'
import { onStoreEvent } from './store-events.ts'

type StoreInfo = ApiOutput<'store.info'>

interface StatusState {
  info: StoreInfo | null
  status: StoreStatus | null
  loading: boolean
  /** When the status was last read, to show how fresh it is. */
  loadedAt: number | null
  refresh(): Promise<void>
}

/** Which store is open and where it stands: version, pending steps, record counts. */
export const useStatusStore = create<StatusState>()((set) => ({
  info: null,
  status: null,
  loading: false,
  loadedAt: null,
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
  }
}))

onStoreEvent('changed', () => useStatusStore.getState().refresh())
onStoreEvent('switched', () => useStatusStore.setState({ status: null, loadedAt: null }))
onStoreEvent('closed', (info) => useStatusStore.setState({ info, status: null, loadedAt: null }))
