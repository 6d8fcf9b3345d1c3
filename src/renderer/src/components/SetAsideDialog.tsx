import { describeProblem } from '../../../shared/repair.ts'
import { formatCount, formatNumber } from '../format/format-values.ts'
import { busyReason, useOperationStore } from '../stores/operation.store.ts'
import { useRepairStore } from '../stores/repair.store.ts'
import { ConfirmActions } from './ConfirmActions.tsx'
import { Dialog } from './Dialog.tsx'

const SHOWN = 10

/**
 * "Set aside invalid records": how many fail and why (records.findInvalid), then, confirmed, moves them into an
 * archive beside the store (records.setAside) so the migration can run, and reports what moved and where.
 */
export function SetAsideDialog() {
  const { setAsideOpen, invalid, setAsideResult } = useRepairStore()
  const { closeSetAside, setAside } = useRepairStore.getState()
  const busy = useOperationStore(busyReason)
  const found = invalid?.invalid ?? []
  return (
    <Dialog
      open={setAsideOpen}
      title="Set aside invalid records"
      tone="danger"
      wide
      onClose={closeSetAside}
      actions={
        setAsideResult ? (
          <button type="button" className="btn btn-primary" onClick={closeSetAside} data-autofocus>
            Close
          </button>
        ) : (
          <ConfirmActions
            confirmLabel={`Back up and set aside ${formatCount(found.length, 'record')}`}
            disabled={busy !== null || found.length === 0}
            onCancel={closeSetAside}
            onConfirm={() => void setAside()}
          />
        )
      }
    >
      {setAsideResult ? (
        <div role="status" aria-label="Set-aside report">
          <p>
            <strong>{formatCount(setAsideResult.setAside.length, 'record')} set aside</strong> of {formatNumber(setAsideResult.checked)} checked
            {setAsideResult.archive ? (
              <>
                , into the archive <span className="path">{setAsideResult.archive}</span>
              </>
            ) : null}
            .
          </p>
          {setAsideResult.backupId && <p className="small">The pre-repair backup {setAsideResult.backupId} was taken first.</p>}
          <p className="small">
            The store holds no invalid record now: the migration can run. Fix the archived records later and put them back from “Set-aside records”.
          </p>
        </div>
      ) : invalid === null ? (
        <p aria-busy="true">Checking every record against its version&apos;s schema…</p>
      ) : found.length === 0 ? (
        <p>No invalid record among {formatNumber(invalid.checked)} checked: there is nothing to set aside.</p>
      ) : (
        <>
          <p>
            <strong>{formatCount(found.length, 'record')}</strong> of {formatNumber(invalid.checked)} checked fail their version&apos;s schema. They are moved
            out of the store into an archive beside it (a folder ending in <code>.set-aside</code>), with why each failed. A pre-repair backup of the whole
            store is taken first, and history records it as repaired.
          </p>
          <ul className="plain-list small" aria-label="Invalid records">
            {found.slice(0, SHOWN).map((entry) => (
              <li key={entry.key}>
                <code>{entry.key}</code>: {entry.problems.map(describeProblem).join('; ')}
              </li>
            ))}
          </ul>
          {found.length > SHOWN && <p className="muted small">…and {formatNumber(found.length - SHOWN)} more.</p>}
        </>
      )}
    </Dialog>
  )
}

/** Opens the set-aside dialog (from the Migrate confirmation and the failure banner). */
export function SetAsideButton({ onOpen }: { onOpen?: () => void }) {
  const busy = useOperationStore(busyReason)
  return (
    <button
      type="button"
      className="btn btn-small"
      disabled={busy !== null}
      onClick={() => {
        onOpen?.()
        void useRepairStore.getState().openSetAside()
      }}
    >
      Set aside invalid records…
    </button>
  )
}
