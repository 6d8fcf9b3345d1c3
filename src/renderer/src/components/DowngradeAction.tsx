import { useState } from 'react'
import { busyReason, useOperationStore } from '../stores/operation.store.ts'
import { useStatusStore } from '../stores/status.store.ts'
import { DowngradeDialog } from './DowngradeDialog.tsx'

/** The "Downgrade to…" button beside Migrate, and its dialog; offered while the store is above v1. */
export function DowngradeAction() {
  const status = useStatusStore((state) => state.status)
  const busy = useOperationStore(busyReason)
  const [open, setOpen] = useState(false)
  if (!status || status.tooNew || status.currentVersion <= 1) return null
  return (
    <>
      <button type="button" className="btn" onClick={() => setOpen(true)} disabled={busy !== null} aria-describedby={busy ? 'plan-reason' : undefined}>
        Downgrade to…
      </button>
      <DowngradeDialog open={open} status={status} onClose={() => setOpen(false)} />
    </>
  )
}
