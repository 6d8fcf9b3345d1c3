import type { InStoreBackupInfo } from '../../../shared/in-store-backup.ts'
import type { StoreCounts } from '../../../shared/store-status.ts'
import { formatBytes, formatDateTime, formatNumber } from '../format/format-values.ts'
import { ConfirmActions } from './ConfirmActions.tsx'
import { Dialog } from './Dialog.tsx'

/** What a removal confirms: one in-store backup, or all of them. */
export type InStoreRemovalTarget = { one: InStoreBackupInfo } | { all: InStoreBackupInfo[] }

interface RestoreProps {
  backup: InStoreBackupInfo | null
  /** The store's records as they are now, for the counts before → after; null while they are counted. */
  counts: StoreCounts | null
  onConfirm(backup: InStoreBackupInfo): void
  onClose(): void
}

/** The records now under the backup's prefix and in the store, and what they become: as the file restore shows. */
function restoreCounts(backup: InStoreBackupInfo, now: StoreCounts | null) {
  const restored = backup.records ?? 0
  if (!now || backup.prefix === null) return { prefixNow: null, keysNow: null, keysAfter: null, restored }
  const prefixNow = now.prefixes.find((group) => group.prefix === backup.prefix)?.records ?? 0
  return { prefixNow, keysNow: now.keys, keysAfter: now.keys - prefixNow + restored, restored }
}

const count = (value: number | null): string => (value === null ? '?' : formatNumber(value))

/** The confirmation before restoring an in-store backup: the counts before → after, which records change, and the safety net. */
export function InStoreRestoreDialog({ backup, counts: now, onConfirm, onClose }: RestoreProps) {
  const counts = backup ? restoreCounts(backup, now) : null
  const fewer = counts?.prefixNow != null ? counts.prefixNow - counts.restored : 0
  return (
    <Dialog
      open={backup !== null}
      title={backup ? `Restore in-store backup ${backup.id}?` : 'Restore in-store backup'}
      onClose={onClose}
      tone="danger"
      actions={backup && <ConfirmActions confirmLabel={`Restore ${backup.prefix} records`} onCancel={onClose} onConfirm={() => onConfirm(backup)} />}
    >
      {backup && counts && (
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
                <th scope="row">
                  Records under <code>{backup.prefix}</code>
                </th>
                <td className="strong">{count(counts.prefixNow)}</td>
                <td aria-hidden="true">→</td>
                <td className="strong">{count(counts.restored)}</td>
              </tr>
              <tr>
                <th scope="row">Records in the store</th>
                <td>{count(counts.keysNow)}</td>
                <td aria-hidden="true">→</td>
                <td>{count(counts.keysAfter)}</td>
              </tr>
            </tbody>
          </table>
          {fewer > 0 && (
            <p className="callout callout-warning" role="status" aria-label="Records removed by the restore">
              {formatNumber(fewer)} of the {formatNumber(counts.prefixNow ?? 0)} records under <code>{backup.prefix}</code> are not in this backup and will be
              removed.
            </p>
          )}
          <p>
            Every record under <code>{backup.prefix}</code> becomes exactly the {formatNumber(backup.records ?? 0)} records Meridian saved on{' '}
            {formatDateTime(backup.createdAt)}; records under <code>{backup.prefix}</code> that it does not hold are removed. Other records are not touched, and
            the schema version is set from the restored records, so a migration can bring them up again.
          </p>
          <p>
            It is checked against its metadata first, written out as a backup file, and the current state is saved as a <strong>pre-restore backup</strong>, so
            this restore can be undone.
          </p>
        </>
      )}
    </Dialog>
  )
}

interface RemoveProps {
  target: InStoreRemovalTarget | null
  onConfirm(target: InStoreRemovalTarget): void
  onClose(): void
}

/** The confirmation before deleting in-store backups from the store, listing what goes and how much space it frees. */
export function RemoveInStoreDialog({ target, onConfirm, onClose }: RemoveProps) {
  const backups = target ? ('one' in target ? [target.one] : target.all) : []
  const bytes = backups.reduce((sum, backup) => sum + backup.bytes, 0)
  const title = !target
    ? 'Remove in-store backups'
    : 'one' in target
      ? `Remove ${target.one.id} from the store?`
      : `Remove all ${backups.length} in-store backups?`
  return (
    <Dialog
      open={target !== null}
      title={title}
      onClose={onClose}
      tone="danger"
      actions={
        target && (
          <ConfirmActions
            cancelLabel={backups.length === 1 ? 'Keep it' : 'Keep them'}
            confirmLabel="Remove from store"
            onCancel={onClose}
            onConfirm={() => onConfirm(target)}
          />
        )
      }
    >
      {target && (
        <>
          <ul className="plain-list">
            {backups.map((backup) => (
              <li key={backup.id}>
                <code>{backup.id}</code> — {backup.damaged ? `damaged (${backup.damaged})` : `${formatNumber(backup.records ?? 0)} ${backup.prefix} records`},{' '}
                {formatBytes(backup.bytes)}
              </li>
            ))}
          </ul>
          <p>
            About {formatBytes(bytes)} is deleted from the store and reclaimed by compaction. This cannot be undone: export a backup first to keep it as a file.
          </p>
        </>
      )}
    </Dialog>
  )
}
