import { useState } from 'react'
import type { DataLossReport } from '../../../shared/migration-result.ts'
import type { StoreStatus } from '../../../shared/store-status.ts'
import { formatNumber } from '../format/format-values.ts'
import { ConfirmActions } from './ConfirmActions.tsx'
import { Dialog } from './Dialog.tsx'
import { FormatUpgradeNotice } from './FormatUpgradeNotice.tsx'

interface Props {
  open: boolean
  status: StoreStatus
  backupDir: string | null
  /** What the dry run of this same migration found would lose data; null when no dry run says. */
  losses: DataLossReport | null
  /** `allowDataLoss`: the person ticked that they understand the loss the dry run showed. */
  onConfirm(allowDataLoss: boolean): void
  onClose(): void
}

const records = (n: number): string => `${formatNumber(n)} record${n === 1 ? '' : 's'}`

/**
 * "Are you sure", naming what happens first: a pre-migration backup of the whole store. When the dry run found
 * values the new version cannot hold, Migrate waits for "I understand N records will lose data".
 */
export function MigrateConfirmDialog({ open, status, backupDir, losses, onConfirm, onClose }: Props) {
  const tasks = status.counts.prefixes.filter((p) => p.versions !== null).reduce((sum, p) => sum + p.records, 0)
  const lost = losses?.records ?? 0
  const [understood, setUnderstood] = useState(false)
  const close = (): void => {
    setUnderstood(false)
    onClose()
  }
  return (
    <Dialog
      open={open}
      title={`Migrate v${status.currentVersion} → v${status.targetVersion}?`}
      onClose={close}
      actions={
        <ConfirmActions
          tone={lost > 0 ? 'danger' : 'primary'}
          confirmLabel={status.formatUpgrade && !status.formatUpgrade.allowed ? 'Back up, upgrade format and migrate' : 'Back up and migrate'}
          disabled={lost > 0 && !understood}
          onCancel={close}
          onConfirm={() => {
            setUnderstood(false)
            onConfirm(lost > 0)
          }}
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
      {lost > 0 && (
        <label className="confirm-check">
          <input type="checkbox" checked={understood} onChange={(event) => setUnderstood(event.target.checked)} />
          <span>I understand {records(lost)} will lose data (the dry run lists them; the backup keeps them)</span>
        </label>
      )}
      <p className="muted small">Any failure, or Cancel, rolls the store back to its previous state. Other actions wait until the migration ends.</p>
    </Dialog>
  )
}
