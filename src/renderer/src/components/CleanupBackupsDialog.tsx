import { useEffect, useId, useState } from 'react'
import type { BackupInfo, PruneResult } from '../../../shared/backup.ts'
import { formatBytes, formatDateTime, formatNumber, formatRelative } from '../format/format-values.ts'
import { type CleanupPolicy, DEFAULT_CLEANUP, useCleanupStore } from '../stores/cleanup.store.ts'
import { cancelRunning } from '../stores/operation.store.ts'
import { ConfirmActions } from './ConfirmActions.tsx'
import { Dialog } from './Dialog.tsx'
import { TableHead } from './TableHead.tsx'

interface Props {
  open: boolean
  onClose(): void
}

/** The two inputs as typed; a policy only when both read as numbers the engine accepts. */
function policyOf(keep: string, olderThan: string): CleanupPolicy | string {
  const keepValue = Number(keep)
  if (keep.trim() === '' || !Number.isInteger(keepValue) || keepValue < 0) return 'Keep: enter a whole number from 0.'
  const days = Number(olderThan)
  if (olderThan.trim() === '' || !Number.isFinite(days) || days < 0) return 'Older than: enter a number of days from 0.'
  return { keep: keepValue, olderThanDays: days }
}

const totalBytes = (backups: readonly BackupInfo[]): number => backups.reduce((sum, b) => sum + b.diskBytes, 0)
const plural = (n: number, word: string): string => `${formatNumber(n)} ${word}${n === 1 ? '' : 's'}`

/**
 * "Clean up old backups": a dry run of the retention policy first, listing exactly what would go (and why) and
 * what stays; the inputs re-run it; only an explicit click deletes, and only the backups listed.
 */
export function CleanupBackupsDialog({ open, onClose: close }: Props) {
  const preview = useCleanupStore((state) => state.preview)
  const checking = useCleanupStore((state) => state.checking)
  const error = useCleanupStore((state) => state.error)
  const { check, reset, confirm } = useCleanupStore.getState()
  const [keep, setKeep] = useState(String(DEFAULT_CLEANUP.keep))
  const [olderThan, setOlderThan] = useState(String(DEFAULT_CLEANUP.olderThanDays))
  const keepId = useId()
  const olderId = useId()
  const problemId = useId()

  // Each opening starts from the defaults: the inputs are reset while rendering (as React advises for state
  // that follows a prop), the store's last check in an effect.
  const [wasOpen, setWasOpen] = useState(open)
  if (open !== wasOpen) {
    setWasOpen(open)
    if (open) {
      setKeep(String(DEFAULT_CLEANUP.keep))
      setOlderThan(String(DEFAULT_CLEANUP.olderThanDays))
    }
  }
  useEffect(() => {
    if (open) reset()
  }, [open, reset])

  const policy = policyOf(keep, olderThan)
  const problem = typeof policy === 'string' ? policy : null
  // The policy's two numbers, so that retyping the same number does not start the wait again.
  const keepCount = typeof policy === 'string' ? null : policy.keep
  const olderThanDays = typeof policy === 'string' ? null : policy.olderThanDays
  // The dry run runs when the dialog opens and again shortly after typing stops (not at every keystroke: each
  // check verifies backups).
  useEffect(() => {
    if (!open || keepCount === null || olderThanDays === null) return
    const timer = setTimeout(() => void check({ keep: keepCount, olderThanDays }), 250)
    return () => clearTimeout(timer)
  }, [open, keepCount, olderThanDays, check])

  const current =
    preview && typeof policy !== 'string' && preview.policy.keep === policy.keep && preview.policy.olderThanDays === policy.olderThanDays
      ? preview.result
      : null
  const toDelete = current?.deleted.length ?? 0
  // Closing stops a check still verifying backups, so the host is free again at once.
  const onClose = (): void => {
    if (useCleanupStore.getState().checking) void cancelRunning()
    close()
  }

  return (
    <Dialog
      open={open}
      title="Clean up old backups"
      onClose={onClose}
      tone="danger"
      wide
      actions={
        <ConfirmActions
          confirmLabel={toDelete === 0 ? 'Delete backups' : `Delete ${plural(toDelete, 'backup')}`}
          disabled={current === null || toDelete === 0}
          onCancel={onClose}
          onConfirm={() => {
            close()
            void confirm()
          }}
        />
      }
    >
      <p>
        Deletes the backups beyond the newest <em>N</em> that are older than <em>D</em> days. The newest backup that verifies, and any backup an interrupted
        operation needs, always stay.
      </p>
      <div className="policy-fields">
        <label htmlFor={keepId}>Keep the newest</label>
        <input
          id={keepId}
          className="input-number"
          type="number"
          inputMode="numeric"
          min={0}
          step={1}
          value={keep}
          onChange={(event) => setKeep(event.target.value)}
          aria-invalid={problem?.startsWith('Keep') ? true : undefined}
          aria-describedby={problem ? problemId : undefined}
        />
        <span>backups; delete only those older than</span>
        <input
          id={olderId}
          className="input-number"
          type="number"
          inputMode="decimal"
          min={0}
          step="any"
          value={olderThan}
          onChange={(event) => setOlderThan(event.target.value)}
          aria-label="Older than (days)"
          aria-invalid={problem?.startsWith('Older') ? true : undefined}
          aria-describedby={problem ? problemId : undefined}
        />
        <label htmlFor={olderId}>days</label>
      </div>
      {problem && (
        <p id={problemId} className="danger-text small" role="alert">
          {problem}
        </p>
      )}
      <p className="muted small" role="status">
        {checking ? 'Checking which backups would go (each candidate to keep is verified)…' : current ? summaryOf(current) : ''}
      </p>
      {error && (
        <div className="callout callout-warning" role="alert">
          <p>
            <strong>The check failed:</strong> {error.message} <code className="code-chip">{error.code}</code>
          </p>
        </div>
      )}
      {current && (
        <>
          <BackupTable
            title="Will be deleted"
            label="Backups to delete"
            backups={current.deleted}
            reasons={current.reasons}
            empty="Nothing: no backup is both beyond the newest and old enough."
          />
          <BackupTable title="Will stay" label="Backups to keep" backups={current.kept} reasons={current.reasons} empty="None." />
        </>
      )}
    </Dialog>
  )
}

function summaryOf(result: PruneResult): string {
  const total = result.deleted.length + result.kept.length
  if (result.deleted.length === 0) return `Nothing to delete: all ${plural(total, 'backup')} stay.`
  return `${plural(result.deleted.length, 'backup')} of ${formatNumber(total)} would be deleted, freeing ${formatBytes(totalBytes(result.deleted))}. Nothing has been deleted yet.`
}

function BackupTable(props: { title: string; label: string; backups: readonly BackupInfo[]; reasons: Record<string, string>; empty: string }) {
  const { title, label, backups, reasons, empty } = props
  const headingId = useId()
  return (
    <section aria-labelledby={headingId} className="cleanup-section">
      <h3 id={headingId} className="subhead">
        {title} ({formatNumber(backups.length)}
        {backups.length > 0 ? `, ${formatBytes(totalBytes(backups))}` : ''})
      </h3>
      {backups.length === 0 ? (
        <p className="muted small">{empty}</p>
      ) : (
        <div className="table-scroll">
          <table className="table table-compact" aria-label={label}>
            <TableHead columns={['Backup', 'Age', { label: 'On disk', numeric: true }, 'Why']} />
            <tbody>
              {backups.map((backup) => (
                <tr key={backup.id} data-backup-id={backup.id}>
                  <th scope="row" className="mono nowrap">
                    {backup.id}
                  </th>
                  <td className="nowrap">
                    <time dateTime={backup.createdAt} title={formatDateTime(backup.createdAt)}>
                      {formatRelative(backup.createdAt)}
                    </time>
                  </td>
                  <td className="num nowrap">{formatBytes(backup.diskBytes)}</td>
                  <td>{reasons[backup.id] ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
