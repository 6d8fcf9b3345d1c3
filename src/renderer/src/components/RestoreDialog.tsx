import type { BackupInfo } from '../../../shared/backup.ts'
import type { StoreStatus } from '../../../shared/store-status.ts'
import { knownCounts, useStatusStore } from '../stores/status.store.ts'
import { formatDateTime, formatMaybeNumber, formatNumber } from '../format/format-values.ts'
import { ConfirmActions } from './ConfirmActions.tsx'
import { Dialog } from './Dialog.tsx'
import { FormatUpgradeNotice } from './FormatUpgradeNotice.tsx'

interface Props {
  backup: BackupInfo | null
  status: StoreStatus | null
  onConfirm(backup: BackupInfo): void
  onClose(): void
}

/** The one confirmation before a restore: from what to what, in versions and records. */
export function RestoreDialog({ backup, status, onConfirm, onClose }: Props) {
  const counts = knownCounts(useStatusStore((state) => state.counts))
  return (
    <Dialog
      open={backup !== null}
      title={backup ? `Restore ${backup.id}?` : 'Restore'}
      onClose={onClose}
      tone="danger"
      actions={backup && <ConfirmActions confirmLabel={`Restore v${backup.schemaVersion}`} onCancel={onClose} onConfirm={() => onConfirm(backup)} />}
    >
      {backup && (
        <>
          <table className="table table-compact compare" aria-label="Restore comparison">
            <thead>
              <tr>
                <th scope="col" />
                <th scope="col">Now</th>
                <th scope="col" aria-hidden="true" />
                <th scope="col">After restore</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">Schema version</th>
                <td className="strong">{status ? `v${status.currentVersion}` : '?'}</td>
                <td aria-hidden="true">→</td>
                <td className="strong">v{backup.schemaVersion}</td>
              </tr>
              <tr>
                <th scope="row">Records</th>
                <td>{counts ? formatNumber(counts.keys) : <span className="muted">counting…</span>}</td>
                <td aria-hidden="true">→</td>
                <td>{formatMaybeNumber(backup.records)}</td>
              </tr>
            </tbody>
          </table>
          <p>
            The store returns to this {backup.kind}, taken {formatDateTime(backup.createdAt)} ({backup.reason}).{' '}
            {backup.kind === 'checkpoint'
              ? 'Its files are checked against their SHA-256 first, then the store’s directory is swapped for it, in about a second whatever the size;'
              : 'It is verified whole first;'}{' '}
            the current state is saved as a <strong>pre-restore backup</strong>, so this restore can be undone.
          </p>
          {status && <FormatUpgradeNotice status={status} confirming />}
        </>
      )}
    </Dialog>
  )
}
