import { useState } from 'react'
import type { InStoreBackupInfo } from '../../../shared/in-store-backup.ts'
import { formatBytes, formatDateTime, formatNumber, formatRelative } from '../format/format-values.ts'
import { useBackupsStore } from '../stores/backups.store.ts'
import { useInStoreBackupsStore } from '../stores/in-store-backups.store.ts'
import { busyReason, useOperationStore } from '../stores/operation.store.ts'
import { knownCounts, useStatusStore } from '../stores/status.store.ts'
import { InStoreRestoreDialog, RemoveInStoreDialog, type InStoreRemovalTarget } from './InStoreDialogs.tsx'
import { VerifiedState } from './VerifiedState.tsx'
import { TableHead } from './TableHead.tsx'

/**
 * Meridian's legacy backups kept inside the store, under the backup files: each marked "in-store", with Verify,
 * Restore…, Export (to a backup file) and Remove… (with a confirmation); damaged ones can only be removed.
 */
export function InStoreBackupsTable() {
  const backups = useInStoreBackupsStore((state) => state.backups)
  const verified = useBackupsStore((state) => state.verified)
  const busy = useOperationStore(busyReason)
  const counts = knownCounts(useStatusStore((state) => state.counts))
  const [restoring, setRestoring] = useState<InStoreBackupInfo | null>(null)
  const [removing, setRemoving] = useState<InStoreRemovalTarget | null>(null)
  if (!backups || backups.length === 0) return null
  const files = useBackupsStore.getState()
  const inStore = useInStoreBackupsStore.getState()

  return (
    <div className="in-store-backups">
      <div className="panel-head">
        <h3 className="panel-subtitle" id="in-store-title">
          In-store backups <span className="muted small">(Meridian’s legacy backups, kept inside the store)</span>
        </h3>
        <div className="actions">
          <button type="button" className="btn btn-small btn-ghost-danger" disabled={busy !== null} onClick={() => setRemoving({ all: backups })}>
            Remove all…
          </button>
        </div>
      </div>
      <div className="table-scroll">
        <table className="table" aria-labelledby="in-store-title">
          <TableHead
            columns={[
              'Backup',
              'Created',
              'Prefix',
              { label: 'Records', numeric: true },
              { label: 'Size', numeric: true },
              'Verified',
              { label: 'Actions', hidden: true }
            ]}
          />
          <tbody>
            {backups.map((backup) => (
              <tr key={backup.id} data-backup-id={backup.id} data-kind="in-store">
                <th scope="row" className="mono nowrap">
                  {backup.id} <span className="chip chip-in-store">in-store</span>
                </th>
                <td className="nowrap">
                  <time dateTime={backup.createdAt} title={formatRelative(backup.createdAt)}>
                    {formatDateTime(backup.createdAt)}
                  </time>
                </td>
                {backup.damaged ? (
                  // What is wrong takes the place of the prefix and count the damaged metadata cannot give.
                  <td colSpan={2} className="verified bad small">
                    {backup.damaged}
                  </td>
                ) : (
                  <>
                    <td className="mono">{backup.prefix}</td>
                    <td className="num">{formatNumber(backup.records ?? 0)}</td>
                  </>
                )}
                <td className="num nowrap">{formatBytes(backup.bytes)}</td>
                <td>
                  {backup.damaged ? (
                    <span className="verified bad nowrap">
                      <span aria-hidden="true">✗ </span>damaged
                    </span>
                  ) : (
                    <VerifiedState report={verified[backup.id]} />
                  )}
                </td>
                <td>
                  <div className="row-actions">
                    {!backup.damaged && (
                      <>
                        <button
                          type="button"
                          className="btn btn-small"
                          disabled={busy !== null}
                          onClick={() => void files.verify(backup.id)}
                          aria-label={`Verify ${backup.id}`}
                        >
                          Verify
                        </button>
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
                          className="btn btn-small"
                          disabled={busy !== null}
                          onClick={() => void inStore.exportToFile(backup.id)}
                          aria-label={`Export ${backup.id} to a backup file`}
                        >
                          Export
                        </button>
                      </>
                    )}
                    <button
                      type="button"
                      className="btn btn-small btn-ghost-danger"
                      disabled={busy !== null}
                      onClick={() => setRemoving({ one: backup })}
                      aria-label={`Remove ${backup.id} from the store`}
                    >
                      Remove…
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <InStoreRestoreDialog
        backup={restoring}
        counts={counts}
        onClose={() => setRestoring(null)}
        onConfirm={(backup) => {
          setRestoring(null)
          void files.restore(backup.id)
        }}
      />
      <RemoveInStoreDialog
        target={removing}
        onClose={() => setRemoving(null)}
        onConfirm={(target) => {
          setRemoving(null)
          void inStore.remove('one' in target ? { id: target.one.id } : { all: true })
        }}
      />
    </div>
  )
}
