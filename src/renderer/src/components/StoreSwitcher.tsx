import { useState } from 'react'
import { busyReason, useOperationStore } from '../stores/operation.store.ts'
import { useStatusStore } from '../stores/status.store.ts'
import { closeStore } from '../stores/store-switch.ts'
import { Dialog } from './Dialog.tsx'
import { StoreOpenForm } from './StoreOpenForm.tsx'

/** "Open another store…" (a path, a recent store, or the desktop's folder picker) and "Close store". */
export function StoreSwitcher() {
  const info = useStatusStore((state) => state.info)
  const busy = useOperationStore(busyReason)
  const [choosing, setChoosing] = useState(false)
  if (!info?.canOpenOtherStores) return null
  return (
    <div className="store-switcher">
      <button type="button" className="btn btn-small" onClick={() => setChoosing(true)} disabled={busy !== null} title={busy ?? undefined}>
        Open another store…
      </button>
      <button
        type="button"
        className="btn btn-small"
        onClick={() => void closeStore()}
        disabled={busy !== null}
        title={busy ?? 'Let go of the store, so that Meridian, the CLI or a script can open it'}
      >
        Close store
      </button>
      <Dialog
        open={choosing}
        title="Open another store"
        onClose={() => setChoosing(false)}
        wide
        actions={
          <button type="button" className="btn" onClick={() => setChoosing(false)}>
            Cancel
          </button>
        }
      >
        <StoreOpenForm onOpened={() => setChoosing(false)} autoFocus />
      </Dialog>
    </div>
  )
}
