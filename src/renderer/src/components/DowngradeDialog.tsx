import { useEffect, useId, useState } from 'react'
import type { DryRunReport } from '../../../shared/migration-result.ts'
import type { StoreStatus } from '../../../shared/store-status.ts'
import { formatCount, formatNumber, formatPercent } from '../format/format-values.ts'
import { useDowngradeStore } from '../stores/downgrade.store.ts'
import { cancelRunning, useOperationStore } from '../stores/operation.store.ts'
import { knownCounts, useStatusStore } from '../stores/status.store.ts'
import { ConfirmActions } from './ConfirmActions.tsx'
import { Dialog } from './Dialog.tsx'
import { LossSampleTable } from './LossSampleTable.tsx'

interface Props {
  open: boolean
  status: StoreStatus
  onClose(): void
}

/** Enough rows to see what kind of data goes, few enough that the confirmation stays in view. */
const SAMPLE_ROWS = 5

/**
 * "Downgrade to…": pick an older version, see the dry run's count of records that would lose data and a sample
 * of what, and only then — with the loss acknowledged in a checkbox — back up and downgrade.
 */
export function DowngradeDialog({ open, status, onClose }: Props) {
  const report = useDowngradeStore((state) => state.report)
  const checking = useDowngradeStore((state) => state.checking)
  const error = useDowngradeStore((state) => state.error)
  const progress = useOperationStore((state) => state.progress)
  const { check, reset, run } = useDowngradeStore.getState()
  const from = status.currentVersion
  const counts = knownCounts(useStatusStore((state) => state.counts))
  const targets = Array.from({ length: Math.max(0, from - 1) }, (_, i) => from - 1 - i)
  const [to, setTo] = useState(from - 1)
  const [understood, setUnderstood] = useState(false)
  const selectId = useId()

  // Opening (or the store's version changing while open) starts again one version down, loss not acknowledged:
  // the choice is reset while rendering (as React advises for state that follows props), the check in an effect.
  const openedAt = open ? from : null
  const [shownFor, setShownFor] = useState<number | null>(null)
  if (openedAt !== shownFor) {
    setShownFor(openedAt)
    if (openedAt !== null) {
      setTo(openedAt - 1)
      setUnderstood(false)
    }
  }
  useEffect(() => {
    if (!open) return
    reset()
    void check(from - 1)
  }, [open, from, reset, check])

  const current = report && report.to === to && report.from === from ? report : null
  const lost = current?.losses?.records ?? 0
  const failed = current ? current.failures.length + current.failuresOmitted : 0
  const ready = current !== null && failed === 0 && (lost === 0 || understood)

  const close = (): void => {
    if (useDowngradeStore.getState().checking) void cancelRunning()
    onClose()
  }

  return (
    <Dialog
      open={open}
      title={`Downgrade from v${from}?`}
      onClose={close}
      tone="danger"
      wide
      actions={
        <ConfirmActions
          confirmLabel={`Back up and downgrade to v${to}`}
          disabled={!ready}
          onCancel={close}
          onConfirm={() => {
            onClose()
            void run(from, to, lost > 0)
          }}
        />
      }
    >
      <div className="policy-fields">
        <label htmlFor={selectId}>Downgrade to</label>
        <select
          id={selectId}
          className="input-select"
          value={to}
          onChange={(event) => {
            const next = Number(event.target.value)
            setTo(next)
            setUnderstood(false)
            void check(next)
          }}
        >
          {targets.map((version) => (
            <option key={version} value={version}>
              v{version}
            </option>
          ))}
        </select>
      </div>
      <p>
        Every record goes back from v{from} to v{to}. First, a{' '}
        <strong>pre-migration backup of {counts ? `${formatNumber(counts.keys)} records` : 'every record'}</strong> is taken; any failure, or Cancel, rolls the
        store back. The history records the downgrade.
      </p>
      {checking && (
        <p className="muted small" role="status">
          Checking every record for data v{to} cannot hold…
          {progress && progress.total > 0
            ? ` ${formatNumber(progress.done)} of ${formatNumber(progress.total)} (${formatPercent(progress.done, progress.total)})`
            : ''}
        </p>
      )}
      {error && (
        <div className="callout callout-warning" role="alert">
          <p>
            <strong>The check failed:</strong> {error.message} <code className="code-chip">{error.code}</code>
          </p>
        </div>
      )}
      {current && <DowngradeFindings report={current} />}
      {current && lost > 0 && (
        <label className="confirm-check">
          <input type="checkbox" checked={understood} onChange={(event) => setUnderstood(event.target.checked)} />
          <span>I understand {formatCount(lost, 'record')} will lose data</span>
        </label>
      )}
    </Dialog>
  )
}

/** What the dry run found: the records that would lose data (count and sample), or that none would; failures. */
function DowngradeFindings({ report }: { report: DryRunReport }) {
  const losses = report.losses ?? { records: 0, sample: [] }
  const failed = report.failures.length + report.failuresOmitted
  return (
    <>
      {losses.records > 0 ? (
        <div className="loss-warning" role="alert" aria-label="Data loss warning">
          <p className="callout-title">
            <span aria-hidden="true">⚠ </span>
            {formatCount(losses.records, 'record')} of {formatNumber(report.itemsScanned)} would lose data
          </p>
          <p className="small">v{report.to} has no place for these fields; they are dropped. The backup keeps them.</p>
          <LossSampleTable losses={losses} rows={SAMPLE_ROWS} />
        </div>
      ) : (
        <p className="callout callout-success" role="status">
          <span>
            <span aria-hidden="true">✓ </span>No record would lose data: {formatCount(report.itemsToMigrate, 'record')} would be rewritten.
          </span>
        </p>
      )}
      {failed > 0 && (
        <p className="danger-text" role="alert">
          {formatCount(failed, 'record')} would fail to downgrade ({report.failures[0]?.key}: {report.failures[0]?.reason}); the downgrade would roll back, so
          it is not offered.
        </p>
      )}
    </>
  )
}
