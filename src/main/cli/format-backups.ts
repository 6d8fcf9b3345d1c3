import type { BackupInfo, PruneResult, RestoreResult, VerifyReport } from '../../shared/backup.ts'
import { formatBytes, formatNumber, formatSeconds, formatTable, formatTimestamp } from './format-values.ts'

export function formatBackupList(backups: readonly BackupInfo[], backupDir: string): string {
  if (backups.length === 0) return `No backups in ${backupDir}`
  const rows = [
    ['ID', 'Created', 'Version', 'Records', 'Size', 'Reason'],
    ...backups.map((b) => [b.id, formatTimestamp(b.createdAt), `v${b.schemaVersion}`, formatNumber(b.records), formatBytes(b.bytes), b.reason])
  ]
  return [`Backups in ${backupDir}:`, formatTable(rows)].join('\n')
}

export function formatBackupCreated(info: BackupInfo, backupDir: string): string {
  return [
    `✓ Backup created: ${info.id}`,
    `  ${formatNumber(info.records)} records, ${formatBytes(info.bytes)}, schema v${info.schemaVersion}`,
    `  In ${backupDir}`
  ].join('\n')
}

export function formatVerifyReport(report: VerifyReport): string {
  return report.ok
    ? `✓ Backup ${report.id} is intact: ${formatNumber(report.records)} records verified`
    : `✗ Backup ${report.id} is corrupt: ${report.problem ?? 'integrity check failed'}\nDo not restore it; choose another backup.`
}

export function formatRestoreResult(result: RestoreResult): string {
  return [
    `✓ Restored ${result.backupId}: the store is back at v${result.toVersion} (was v${result.fromVersion})`,
    `  ${formatNumber(result.keysWritten)} keys written, ${formatNumber(result.keysDeleted)} deleted in ${formatSeconds(result.durationMs)}`,
    `  Backup of the state before the restore: ${result.preRestoreBackupId} (restore it to undo)`,
    ...(result.viaBackupId ? [`  Applied through ${result.viaBackupId}, its export to a backup file`] : [])
  ].join('\n')
}

/** What the restore prompt says about the backup it would put back. */
export function describeBackup(info: BackupInfo): string {
  return `${info.id} (v${info.schemaVersion}, ${formatNumber(info.records)} records, taken ${formatTimestamp(info.createdAt)}, ${info.reason})`
}

/** What prune deleted (or would delete) and what it kept, each with its reason. */
export function formatPruneResult(result: PruneResult, backupDir: string): string {
  const total = result.deleted.length + result.kept.length
  if (total === 0) return `No backups in ${backupDir}: nothing to prune`
  const verb = result.dryRun ? 'Would delete' : 'Deleted'
  const line = (b: BackupInfo): string => `  ${b.id}  ${formatTimestamp(b.createdAt)}  ${formatBytes(b.bytes)}  (${result.reasons[b.id] ?? ''})`
  const lines = [`${verb} ${formatNumber(result.deleted.length)} of ${formatNumber(total)} backups in ${backupDir}${result.dryRun ? ' (dry run: nothing was deleted)' : ''}:`]
  lines.push(...(result.deleted.length > 0 ? result.deleted.map(line) : ['  (none)']))
  lines.push(`Kept ${formatNumber(result.kept.length)}:`, ...result.kept.map(line))
  const freed = result.deleted.reduce((sum, b) => sum + b.bytes, 0)
  if (freed > 0) lines.push(`${result.dryRun ? 'Would free' : 'Freed'} ${formatBytes(freed)}`)
  return lines.join('\n')
}
