import type { StoreStatus } from '../../../shared/store-status.ts'
import { formatNumber } from '../format/format-values.ts'
import { ConfirmActions } from './ConfirmActions.tsx'
import { Dialog } from './Dialog.tsx'
import { FormatUpgradeNotice } from './FormatUpgradeNotice.tsx'

interface Props {
  open: boolean
  status: StoreStatus
  backupDir: string | null
  onConfirm(): void
  onClose(): void
}

/** "Are you sure", naming what happens first: a pre-migration backup of the whole store. */
export function MigrateConfirmDialog({ open, status, backupDir, onConfirm, onClose }: Props) {
  const tasks = status.counts.prefixes.filter((p) => p.versions !== null).reduce((sum, p) => sum + p.records, 0)
  return (
    <Dialog
      open={open}
      title={`Migrate v${status.currentVersion} → v${status.targetVersion}?`}
      onClose={onClose}
      actions={
        <ConfirmActions
          tone="primary"
          confirmLabel={status.formatUpgrade && !status.formatUpgrade.allowed ? 'Back up, upgrade format and migrate' : 'Back up and migrate'}
          onCancel={onClose}
          onConfirm={onConfirm}
        />
      }
    >
      <p>
        First, a <strong>pre-migration backup of {formatNumber(status.counts.keys)} records</strong> is taken
        {backupDir ? (
          <>
            {' '}
            into <span className="path">{backupDir}</span>
          </>
        ) : null}
        , named <code>backup_YYYYMMDD_HHMMSS</code> after its start time (UTC). It is listed under Backups and can be restored.
      </p>
      <p>Then {formatNumber(tasks)} versioned records go through:</p>
      <ol className="steps">
        {status.pending.map((step) => (
          <li key={`${step.from}-${step.to}`}>{step.name}</li>
        ))}
      </ol>
      <FormatUpgradeNotice status={status} confirming />
      <p className="muted small">
        Any failure, or Cancel, rolls the store back to its previous state. Other actions wait until the migration ends.
      </p>
    </Dialog>
  )
}
