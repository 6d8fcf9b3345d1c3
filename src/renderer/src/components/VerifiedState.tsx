import type { BackupInfo, VerifyReport } from '../../../shared/backup.ts'
import { formatNumber } from '../format/format-values.ts'

/**
 * A backup's last verify in this session; before one, what it has to be checked by: an archive its checksums, a
 * checkpoint its files' SHA-256 once the background hashing has finished.
 */
export function VerifiedState({ report, backup }: { report: VerifyReport | undefined; backup?: Pick<BackupInfo, 'kind' | 'verified'> }) {
  if (!report && backup?.kind === 'checkpoint') {
    return backup.verified ? <span className="muted">hashed, not verified yet</span> : <span className="muted">hashing not finished</span>
  }
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
