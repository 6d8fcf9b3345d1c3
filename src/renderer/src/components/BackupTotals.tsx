import type { BackupInfo } from '../../../shared/backup.ts'
import { formatBytes, formatNumber, formatRelative } from '../format/format-values.ts'

/** How many backups there are, how much room they take, and the span of their ages. */
export function BackupTotals({ backups }: { backups: readonly BackupInfo[] }) {
  const bytes = backups.reduce((sum, b) => sum + b.diskBytes, 0)
  const times = backups.map((b) => b.createdAt).sort()
  const oldest = times[0]
  return (
    <p className="muted small" data-testid="backup-totals">
      <strong>
        {formatNumber(backups.length)} backup{backups.length === 1 ? '' : 's'}, {formatBytes(bytes)} on disk
      </strong>
      {oldest && backups.length > 1 ? `; the oldest was taken ${formatRelative(oldest)}` : ''}
    </p>
  )
}
