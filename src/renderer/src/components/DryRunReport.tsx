import type { DryRunReport as Report } from '../../../shared/migration-result.ts'
import { formatNumber } from '../format/format-values.ts'
import { FieldReportTable } from './FieldReportTable.tsx'
import { LossSampleTable } from './LossSampleTable.tsx'
import { RecordLink } from './RecordLink.tsx'
import { SampleDiff } from './SampleDiff.tsx'
import { SetAsideButton } from './SetAsideDialog.tsx'
import { TableHead } from './TableHead.tsx'

const LOSS_ROWS = 5

/**
 * What a migration would do, without writing: items per step, per field what records keep, get by default or
 * lose, the records that would lose data, every failure, and one record before/after.
 */
export function DryRunReport({ report }: { report: Report }) {
  const failureCount = report.failures.length + report.failuresOmitted
  const losing = report.losses?.records ?? 0
  return (
    <div className="dry-run" role="region" aria-labelledby="dry-run-title">
      <h3 id="dry-run-title" className="subhead">
        Dry run v{report.from} → v{report.to}
        <span className={`chip ${failureCount === 0 ? 'chip-current' : 'chip-invalid'}`}>
          {failureCount === 0 ? 'no failures' : `${formatNumber(failureCount)} would fail`}
        </span>
        {losing > 0 && <span className="chip chip-invalid">{formatNumber(losing)} would lose data</span>}
      </h3>
      <p className="muted small">
        {formatNumber(report.itemsScanned)} records scanned, {formatNumber(report.itemsToMigrate)} would be rewritten. Nothing was written.
      </p>
      <table className="table table-compact" aria-label="Items per step">
        <TableHead columns={['Step', 'Name', { label: 'Items', numeric: true }]} />
        <tbody>
          {report.steps.map((step) => (
            <tr key={`${step.from}-${step.to}`}>
              <td className="nowrap">
                v{step.from} → v{step.to}
              </td>
              <td>{step.name}</td>
              <td className="num">{formatNumber(step.items)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <FieldReportTable fields={report.fields} />
      {report.losses && losing > 0 && (
        <div className="loss-warning" role="alert" aria-label="Data loss warning">
          <p className="callout-title">
            <span aria-hidden="true">⚠ </span>
            {formatNumber(losing)} of {formatNumber(report.itemsScanned)} records would lose data
          </p>
          <p className="small">
            {report.to < report.from
              ? `v${report.to} has no place for these values; they are dropped.`
              : `v${report.to} cannot hold these values; they would be replaced by the default.`}{' '}
            Migrating asks you to confirm the loss; the backup keeps them.
          </p>
          <LossSampleTable losses={report.losses} rows={LOSS_ROWS} />
        </div>
      )}
      {failureCount > 0 && (
        <>
          <h4 className="subhead danger-text">Records that would fail</h4>
          <table className="table table-compact" aria-label="Dry run failures">
            <TableHead columns={['Key', 'Reason']} />
            <tbody>
              {report.failures.map((failure) => (
                <tr key={failure.key}>
                  <td className="mono nowrap">
                    <RecordLink recordKey={failure.key} />
                  </td>
                  <td>{failure.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.failuresOmitted > 0 && <p className="muted small">…and {formatNumber(report.failuresOmitted)} more not listed.</p>}
          <div className="actions">
            <span className="small">Open a key to view, fix or delete its record, or set every invalid record aside so the migration can run:</span>
            <SetAsideButton />
          </div>
        </>
      )}
      {report.sample && (
        <>
          <h4 className="subhead">
            Sample record <code>{report.sample.key}</code>
          </h4>
          <SampleDiff sample={report.sample} from={report.from} to={report.to} />
        </>
      )}
    </div>
  )
}
