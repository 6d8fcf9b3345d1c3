import { useEffect, useId, useState } from 'react'
import { describeProblem, type RecordCheck } from '../../../shared/repair.ts'
import { busyReason, useOperationStore } from '../stores/operation.store.ts'
import { useRepairStore } from '../stores/repair.store.ts'
import { ConfirmActions } from './ConfirmActions.tsx'
import { CopyButton } from './CopyButton.tsx'
import { Dialog } from './Dialog.tsx'

interface Props {
  recordKey: string
  /** The value as stored: its raw text when it is not JSON, else its JSON, indented. */
  text: string
}

const BACKUP_FIRST = 'A pre-repair backup of the whole store is taken first (listed under Backups, restorable), and history records the change as repaired.'

/** A check's verdict in words, with each reason it fails. */
export function CheckVerdict({ check, label }: { check: RecordCheck; label: string }) {
  const reasons = check.problems.map(describeProblem)
  return (
    <div className={`record-check record-check-${check.status}`} role="status" aria-label={label}>
      <p className="record-check-title">
        {check.status === 'valid'
          ? `✓ Valid${check.version !== null ? ` for v${check.version}` : ''}: it holds for its version's schema and would migrate.`
          : check.status === 'unchecked'
            ? 'Not checked: no migration knows this key prefix or version, so there is no schema to hold it to.'
            : `✗ Invalid${check.version !== null ? ` for v${check.version}` : ''}: it would fail the migration.`}
        {reasons.length > 0 && <CopyButton text={reasons.join('\n')} label="Copy reasons" what="Reasons" />}
      </p>
      {reasons.length > 0 && (
        <ul className="plain-list small">
          {reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
    </div>
  )
}

/** The open record's check against its version's schema, and Edit (validate, then save) and Delete, each confirmed. */
export function RecordRepair({ recordKey, text }: Props) {
  const check = useRepairStore((state) => state.check)
  const { loadCheck, checkValue, put, remove } = useRepairStore.getState()
  const busy = useOperationStore(busyReason)
  const [draft, setDraft] = useState<string | null>(null)
  const [draftCheck, setDraftCheck] = useState<{ text: string; check: RecordCheck } | null>(null)
  const [confirming, setConfirming] = useState<'save' | 'delete' | null>(null)
  const editorId = useId()

  // Read again when the value changes (a save); the parent keys this by record, so a new one starts afresh.
  useEffect(() => {
    void loadCheck(recordKey)
  }, [recordKey, text, loadCheck])

  const current = check?.key === recordKey ? check : null
  const checked = draft !== null && draftCheck?.text === draft ? draftCheck.check : null
  const saveReason =
    busy ?? (checked === null ? 'Validate the value first.' : checked.status === 'invalid' ? 'The value is invalid: fix it, then validate again.' : null)

  return (
    <div className="record-repair">
      {current ? <CheckVerdict check={current} label={`Check of ${recordKey}`} /> : <p className="muted small">Checking…</p>}
      {draft === null ? (
        <div className="actions">
          <button type="button" className="btn btn-small" onClick={() => setDraft(text)} disabled={busy !== null}>
            Edit
          </button>
          <button type="button" className="btn btn-small btn-danger" onClick={() => setConfirming('delete')} disabled={busy !== null}>
            Delete…
          </button>
        </div>
      ) : (
        <div className="record-editor">
          <label htmlFor={editorId} className="small">
            New value of <span className="mono">{recordKey}</span>
          </label>
          <textarea id={editorId} className="json-editor mono" spellCheck={false} rows={12} value={draft} onChange={(event) => setDraft(event.target.value)} />
          {checked && <CheckVerdict check={checked} label="Check of the edited value" />}
          <div className="actions">
            <button
              type="button"
              className="btn btn-small"
              onClick={() => {
                const value = draft
                void checkValue(recordKey, value).then((result) => result && setDraftCheck({ text: value, check: result }))
              }}
            >
              Validate
            </button>
            <button
              type="button"
              className="btn btn-small btn-primary"
              onClick={() => setConfirming('save')}
              disabled={saveReason !== null}
              title={saveReason ?? undefined}
            >
              Save…
            </button>
            <button type="button" className="btn btn-small" onClick={() => setDraft(null)}>
              Cancel edit
            </button>
          </div>
          {saveReason && <p className="muted small">{saveReason}</p>}
        </div>
      )}
      <Dialog
        open={confirming === 'save'}
        title={`Save ${recordKey}?`}
        onClose={() => setConfirming(null)}
        actions={
          <ConfirmActions
            tone="primary"
            confirmLabel="Back up and save"
            onCancel={() => setConfirming(null)}
            onConfirm={() => {
              setConfirming(null)
              if (draft !== null) void put(recordKey, draft).then((result) => result && setDraft(null))
            }}
          />
        }
      >
        <p>
          The edited value replaces the one under <code>{recordKey}</code>. {BACKUP_FIRST}
        </p>
      </Dialog>
      <Dialog
        open={confirming === 'delete'}
        title={`Delete ${recordKey}?`}
        tone="danger"
        onClose={() => setConfirming(null)}
        actions={
          <ConfirmActions
            cancelLabel="Keep it"
            confirmLabel="Back up and delete"
            onCancel={() => setConfirming(null)}
            onConfirm={() => {
              setConfirming(null)
              void remove(recordKey)
            }}
          />
        }
      >
        <p>
          The record <code>{recordKey}</code> is removed from the store. {BACKUP_FIRST}
        </p>
      </Dialog>
    </div>
  )
}

/** What the last save or delete wrote, and the backup taken before it. */
export function RepairReport() {
  const lastWrite = useRepairStore((state) => state.lastWrite)
  if (!lastWrite) return null
  const { key, backupId } = lastWrite.result
  return (
    <p className="callout callout-success small" role="status" aria-label="Repair result">
      {lastWrite.kind === 'put' ? `Saved ${key}` : `Deleted ${key}`}
      {backupId ? `; the pre-repair backup ${backupId} was taken first.` : '.'}
    </p>
  )
}
