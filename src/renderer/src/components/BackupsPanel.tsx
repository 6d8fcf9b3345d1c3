import { useEffect, useRef, useState } from 'react'
import type { BackupInfo } from '../../../shared/backup.ts'
import { formatBytes, formatDateTime, formatMaybeNumber, formatRelative } from '../format/format-values.ts'
import { useBackupsStore } from '../stores/backups.store.ts'
import { busyReason, useOperationStore } from '../stores/operation.store.ts'
import { useStatusStore } from '../stores/status.store.ts'
import { archivingCheckpoint, useBackgroundArchiveStore } from '../stores/background-archive.store.ts'
import { BackgroundArchiveLine } from './BackgroundArchiveLine.tsx'
import { BackupTotals } from './BackupTotals.tsx'
import { CleanupBackupsDialog } from './CleanupBackupsDialog.tsx'
import { CleanupSummary } from './CleanupSummary.tsx'
import { DeleteBackupDialog } from './DeleteBackupDialog.tsx'
import { InStoreBackupsTable } from './InStoreBackupsTable.tsx'
import { RestoreDialog } from './RestoreDialog.tsx'
import { RestoreSummary } from './RestoreSummary.tsx'
import { VerifiedState } from './VerifiedState.tsx'
import { openInspector } from '../stores/backup-inspect.store.ts'
import { TableHead } from './TableHead.tsx'

/** The store's backup files: verify, restore (one click plus a confirmation), delete, and back up now. */
export function BackupsPanel() {
  const backups = useBackupsStore((state) => state.backups)
  const verified = useBackupsStore((state) => state.verified)
  const highlighted = useBackupsStore((state) => state.highlighted)
  const notice = useBackupsStore((state) => state.notice)
  const highlightSeq = useBackupsStore((state) => state.highlightSeq)
  const actions = useBackupsStore.getState()
  const status = useStatusStore((state) => state.status)
  const busy = useOperationStore(busyReason)
  const archiving = useBackgroundArchiveStore(archivingCheckpoint)
  const [restoring, setRestoring] = useState<BackupInfo | null>(null)
  const [deleting, setDeleting] = useState<BackupInfo | null>(null)
  const [missing, setMissing] = useState<string | null>(null)
  const [cleaningUp, setCleaningUp] = useState(false)
  const rows = useRef(new Map<string, HTMLTableRowElement>())

  // A history entry's backup link lands here: scroll the row into view, focus it, and say so if it is gone.
  useEffect(() => {
    if (!highlighted || !backups) return
    const row = rows.current.get(highlighted)
    if (row) {
      setMissing(null)
      row.scrollIntoView({ block: 'center', behavior: 'smooth' })
      row.focus({ preventScroll: true })
    } else {
      setMissing(highlighted)
    }
  }, [highlighted, highlightSeq, backups])

  return (
    <section className="panel" id="backups" aria-labelledby="backups-title">
      <div className="panel-head">
        <h2 id="backups-title" className="panel-title">
          Backups
        </h2>
        <div className="actions">
          <button
            type="button"
            className="btn"
            onClick={() => void actions.create()}
            disabled={busy !== null}
            aria-describedby={busy ? 'backups-reason' : undefined}
          >
            Back up now
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => void actions.create('checkpoint')}
            disabled={busy !== null}
            aria-describedby={busy ? 'backups-reason' : undefined}
            title="Hard links to the store's tables: milliseconds, whatever the size; it costs disk only as the store rewrites them"
          >
            Checkpoint now
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => setCleaningUp(true)}
            disabled={busy !== null || !backups || backups.length === 0}
            aria-describedby={busy ? 'backups-reason' : undefined}
          >
            Clean up old backups…
          </button>
        </div>
      </div>
      {busy && (
        <p id="backups-reason" className="reason">
          {busy}
        </p>
      )}
      <BackgroundArchiveLine />
      <RestoreSummary />
      <CleanupSummary />
      {backups && backups.length > 0 && <BackupTotals backups={backups} />}
      <p className="sr-only" role="status">
        {notice}
      </p>
      {missing && (
        <p className="callout callout-warning small" role="status">
          Backup <code>{missing}</code> is not in this list: it was deleted, or it is a legacy backup kept inside the store.
        </p>
      )}
      {backups === null ? (
        <p className="muted">Loading…</p>
      ) : backups.length === 0 ? (
        <p className="muted">
          No backups yet. A pre-migration checkpoint is taken before every migration; “Back up now” writes an archive (a portable file), “Checkpoint now” takes
          a checkpoint.
        </p>
      ) : (
        <div className="table-scroll">
          <table className="table" aria-label="Backup list">
            <TableHead
              columns={[
                'Backup',
                'Created',
                'Kind, reason',
                'Version',
                { label: 'Records', numeric: true },
                { label: 'On disk', numeric: true },
                'Verified',
                { label: 'Actions', hidden: true }
              ]}
            />
            <tbody>
              {backups.map((backup) => (
                <tr
                  key={backup.id}
                  ref={(row) => {
                    if (row) rows.current.set(backup.id, row)
                    else rows.current.delete(backup.id)
                  }}
                  tabIndex={-1}
                  className={highlighted === backup.id ? 'row-highlight' : undefined}
                  aria-current={highlighted === backup.id ? 'true' : undefined}
                  data-backup-id={backup.id}
                >
                  <th scope="row" className="mono nowrap">
                    {backup.id}
                  </th>
                  <td className="nowrap">
                    <time dateTime={backup.createdAt}>{formatDateTime(backup.createdAt)}</time>{' '}
                    <span className="muted small">({formatRelative(backup.createdAt)})</span>
                  </td>
                  <td>
                    <span className="chip-pair">
                      <span className={`chip chip-kind-${backup.kind}`}>{backup.kind}</span>
                      <span className={`chip chip-reason-${backup.reason}`}>{backup.reason}</span>
                    </span>
                  </td>
                  <td>v{backup.schemaVersion}</td>
                  <td className="num">{formatMaybeNumber(backup.records)}</td>
                  <td
                    className="num nowrap"
                    title={backup.kind === 'checkpoint' ? `${formatBytes(backup.bytes)} in all; the rest is shared with the store` : undefined}
                  >
                    {formatBytes(backup.diskBytes)}
                  </td>
                  <td>
                    <VerifiedState report={verified[backup.id]} backup={backup} />
                  </td>
                  <td>
                    <div className="row-actions">
                      <button type="button" className="btn btn-small" data-browse onClick={() => void openInspector(backup)} aria-label={`Browse ${backup.id}`}>
                        Browse
                      </button>
                      <button
                        type="button"
                        className="btn btn-small"
                        disabled={busy !== null}
                        onClick={() => void actions.verify(backup.id)}
                        aria-label={`Verify ${backup.id}`}
                      >
                        Verify
                      </button>
                      {backup.kind === 'checkpoint' && (
                        <button
                          type="button"
                          className="btn btn-small"
                          disabled={busy !== null || archiving === backup.id}
                          onClick={() => void actions.archive(backup.id)}
                          aria-label={`Archive ${backup.id}`}
                          title={
                            archiving === backup.id
                              ? 'Its archive is being written in the background (see above)'
                              : 'Write the portable archive (.mbak) of this checkpoint: a file to copy elsewhere and keep; the checkpoint stays'
                          }
                        >
                          Archive
                        </button>
                      )}
                      <button
                        type="button"
                        className="btn btn-small"
                        disabled={busy !== null}
                        onClick={() => setRestoring(backup)}
                        aria-label={`Restore ${backup.id}`}
                      >
                        Restore…
                      </button>
                      <button
                        type="button"
                        className="btn btn-small btn-ghost-danger"
                        disabled={busy !== null}
                        onClick={() => setDeleting(backup)}
                        aria-label={`Delete ${backup.id}`}
                      >
                        Delete…
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <InStoreBackupsTable />
      <RestoreDialog
        backup={restoring}
        status={status}
        onClose={() => setRestoring(null)}
        onConfirm={(backup) => {
          setRestoring(null)
          void actions.restore(backup.id)
        }}
      />
      <CleanupBackupsDialog open={cleaningUp} onClose={() => setCleaningUp(false)} />
      <DeleteBackupDialog
        backup={deleting}
        onClose={() => setDeleting(null)}
        onConfirm={(backup) => {
          setDeleting(null)
          void actions.remove(backup.id)
        }}
      />
    </section>
  )
}
