import type { BackupInfo } from '../../../shared/backup.ts'
import { formatBytes, formatDateTime, formatMaybeNumber } from '../format/format-values.ts'
import { ConfirmActions } from './ConfirmActions.tsx'
import { Dialog } from './Dialog.tsx'

interface Props {
  backup: BackupInfo | null
  onConfirm(backup: BackupInfo): void
  onClose(): void
}

export function DeleteBackupDialog({ backup, onConfirm, onClose }: Props) {
  return (
    <Dialog
      open={backup !== null}
      title={backup ? `Delete ${backup.id}?` : 'Delete backup'}
      onClose={onClose}
      tone="danger"
      actions={backup && <ConfirmActions cancelLabel="Keep it" confirmLabel="Delete backup" onCancel={onClose} onConfirm={() => onConfirm(backup)} />}
    >
      {backup && (
        <p>
          The {backup.reason} backup of {formatDateTime(backup.createdAt)} (v{backup.schemaVersion}, {formatMaybeNumber(backup.records)} records,{' '}
          {formatBytes(backup.bytes)}) will be deleted from disk. This cannot be undone.
        </p>
      )}
    </Dialog>
  )
}
