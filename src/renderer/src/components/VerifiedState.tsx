import type { VerifyReport } from '../../../shared/backup.ts'
import { formatNumber } from '../format/format-values.ts'

/** Whether a backup was read whole and found intact in this session. */
export function VerifiedState({ report }: { report: VerifyReport | undefined }) {
  if (!report) return <span className="muted">not verified</span>
  if (report.ok) {
    return (
      <span className="verified ok" title={`${formatNumber(report.records)} records read, checksums match`}>
        <span aria-hidden="true">✓ </span>verified
      </span>
    )
  }
  return (
    <span className="verified bad" title={report.problem ?? undefined}>
      <span aria-hidden="true">✗ </span>damaged{report.problem ? `: ${report.problem}` : ''}
    </span>
  )
}
