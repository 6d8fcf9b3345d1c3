import { useState } from 'react'
import type { DataLossReport, DryRunFailure } from '../../../shared/migration-result.ts'
import type { StoreCounts, StoreStatus } from '../../../shared/store-status.ts'
import { knownCounts, useStatusStore } from '../stores/status.store.ts'
import { formatCount, formatNumber } from '../format/format-values.ts'
import { ConfirmActions } from './ConfirmActions.tsx'
import { Dialog } from './Dialog.tsx'
import { FormatUpgradeNotice } from './FormatUpgradeNotice.tsx'
import { RecordLink } from './RecordLink.tsx'
import { SetAsideButton } from './SetAsideDialog.tsx'

interface Props {
  open: boolean
  status: StoreStatus
  backupDir: string | null
  /** What the dry run of this same migration found would lose data; null when no dry run says. */
  losses: DataLossReport | null
  /** The records the dry run of this same migration found would fail; null when no dry run says. */
  failures: { listed: DryRunFailure[]; omitted: number } | null
  /**
   * `allowDataLoss`: the person ticked that they understand the loss the dry run showed; `archive`: that the
   * checkpoint's portable archive be written in the background once the migration committed.
   */
  onConfirm(allowDataLoss: boolean, archive: boolean): void
  onClose(): void
}

/** "1,234 versioned records go" once counted; "the records under task: go" while the count runs. */
export function versionedRecordsText(status: StoreStatus, counts: StoreCounts | null): string {
  if (!counts) return `the records under ${status.versionedPrefixes.join(', ')} go`
  const records = counts.prefixes.filter((p) => p.versions !== null).reduce((sum, p) => sum + p.records, 0)
  return `${formatNumber(records)} versioned records go`
}

/**
 * "Are you sure", naming what happens first: a pre-migration backup of the whole store. When the dry run found
 * values the new version cannot hold, Migrate waits for "I understand N records will lose data".
 */
export function MigrateConfirmDialog({ open, status, backupDir, losses, failures, onConfirm, onClose }: Props) {
  const counts = knownCounts(useStatusStore((state) => state.counts))
  const lost = losses?.records ?? 0
  const [understood, setUnderstood] = useState(false)
  const [archive, setArchive] = useState(true)
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
            onConfirm(lost > 0, archive)
          }}
        />
      }
    >
      <p>
        First, a <strong>pre-migration backup of {counts ? `${formatNumber(counts.keys)} records` : 'every record'}</strong> is taken
        {backupDir ? (
          <>
            {' '}
            into <span className="path">{backupDir}</span>
          </>
        ) : null}
        , named <code>backup_YYYYMMDD_HHMMSS</code> after its start time (UTC): a checkpoint, which links the store&apos;s tables and takes milliseconds
        whatever the size (an archive file where the store&apos;s folder cannot be written). It is listed under Backups and can be restored.
      </p>
      <p>Then {versionedRecordsText(status, counts)} through:</p>
      <ol className="steps">
        {status.pending.map((step) => (
          <li key={`${step.from}-${step.to}`}>{step.name}</li>
        ))}
      </ol>
      <FormatUpgradeNotice status={status} confirming />
      {failures && failures.listed.length > 0 && <PredictedFailures listed={failures.listed} omitted={failures.omitted} onLeave={close} />}
      {lost > 0 && (
        <label className="confirm-check">
          <input type="checkbox" checked={understood} onChange={(event) => setUnderstood(event.target.checked)} />
          <span>I understand {formatCount(lost, 'record')} will lose data (the dry run lists them; the backup keeps them)</span>
        </label>
      )}
      <label className="confirm-check confirm-option">
        <input type="checkbox" checked={archive} onChange={(event) => setArchive(event.target.checked)} />
        <span>
          Then write its portable archive (<code>.mbak</code>) in the background: a file to copy elsewhere and keep. The app stays free to use meanwhile, and it
          can be stopped.
        </span>
      </label>
      <p className="muted small">Any failure, or Cancel, rolls the store back to its previous state. Other actions wait until the migration ends.</p>
    </Dialog>
  )
}

const SHOWN_FAILURES = 5

/** The dry run's failures, before the person starts a migration they predict will fail and roll back. */
function PredictedFailures({ listed, omitted, onLeave }: { listed: DryRunFailure[]; omitted: number; onLeave(): void }) {
  const total = listed.length + omitted
  return (
    <div className="loss-warning" role="alert" aria-label="Predicted failures">
      <p className="callout-title">The dry run found {formatCount(total, 'record')} that would fail: this migration will stop at the first and roll back.</p>
      <ul className="plain-list small">
        {listed.slice(0, SHOWN_FAILURES).map((failure) => (
          <li key={failure.key}>
            <RecordLink recordKey={failure.key} onOpen={onLeave} />: {failure.reason}
          </li>
        ))}
      </ul>
      {total > SHOWN_FAILURES && <p className="muted small">…and {formatNumber(total - SHOWN_FAILURES)} more, listed by the dry run.</p>}
      <p className="small">
        Open each one to view, fix or delete it, or set every invalid record aside into an archive (a backup is taken first), then migrate.
      </p>
      <div className="actions">
        <SetAsideButton onOpen={onLeave} />
      </div>
    </div>
  )
}
