import type { BackupInfo, PruneResult, RestoreResult, VerifyReport } from '../../shared/backup.ts'
import type { InStoreBackupInfo } from '../../shared/in-store-backup.ts'
import type { StoreCounts } from '../../shared/store-status.ts'
import { formatBytes, formatNumber, formatSeconds, formatTable, formatTimestamp } from './format-values.ts'

export function formatBackupList(backups: readonly BackupInfo[], backupDir: string): string {
  if (backups.length === 0) return `No backups in ${backupDir}`
  const rows = [
    ['ID', 'Created', 'Version', 'Records', 'Size', 'Reason'],
    ...backups.map((b) => [b.id, formatTimestamp(b.createdAt), `v${b.schemaVersion}`, formatNumber(b.records), formatBytes(b.bytes), b.reason])
  ]
  return [`Backups in ${backupDir}:`, formatTable(rows)].join('\n')
}

/** A shared backup folder: how many backups of other stores it holds, which `backups DIR` does not list. */
export function formatOtherStores(count: number): string {
  if (count === 0) return ''
  return `${count} backup${count === 1 ? '' : 's'} of other stores sharing this folder ${count === 1 ? 'is' : 'are'} not listed.`
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

/** What the store holds now, for a restore's question: its version and its records (those under `prefix`). */
export interface StoreNow {
  version: number
  counts: StoreCounts
}

const recordsUnder = (counts: StoreCounts, prefix: string): number => counts.prefixes.find((group) => group.prefix === prefix)?.records ?? 0

/** The restore question: the store now → the backup, so the person sees what the restore changes before saying yes. */
export function restoreQuestion(dataDir: string, now: StoreNow, info: BackupInfo): string {
  return [
    `Restore ${dataDir} to backup ${info.id}?`,
    `  now:    v${now.version}, ${formatNumber(now.counts.keys)} keys`,
    `  backup: v${info.schemaVersion}, ${formatNumber(info.records)} keys, taken ${formatTimestamp(info.createdAt)} (${info.reason})`,
    'The whole content is replaced; the current content is backed up first.'
  ].join('\n')
}

/** The in-store restore question: the prefix's records now → the backup's, and how many the restore removes. */
export function inStoreRestoreQuestion(dataDir: string, now: StoreNow, info: InStoreBackupInfo): string {
  const prefix = info.prefix ?? ''
  const current = recordsUnder(now.counts, prefix)
  const held = info.records ?? 0
  return [
    `Restore ${dataDir}'s ${prefix} records to in-store backup ${info.id}?`,
    `  now:    ${formatNumber(current)} records under ${prefix}`,
    `  backup: ${formatNumber(held)} records, taken ${formatTimestamp(info.createdAt)}`,
    `Records under ${prefix} that the backup does not hold are removed (at least ${formatNumber(Math.max(0, current - held))} of them); the current content is backed up first.`
  ].join('\n')
}

/** What prune deleted (or would delete) and what it kept, each with its reason. */
export function formatPruneResult(result: PruneResult, backupDir: string): string {
  const total = result.deleted.length + result.kept.length
  if (total === 0) return `No backups in ${backupDir}: nothing to prune`
  const verb = result.dryRun ? 'Would delete' : 'Deleted'
  const line = (b: BackupInfo): string => `  ${b.id}  ${formatTimestamp(b.createdAt)}  ${formatBytes(b.bytes)}  (${result.reasons[b.id] ?? ''})`
  const lines = [
    `${verb} ${formatNumber(result.deleted.length)} of ${formatNumber(total)} backups in ${backupDir}${result.dryRun ? ' (dry run: nothing was deleted)' : ''}:`
  ]
  lines.push(...(result.deleted.length > 0 ? result.deleted.map(line) : ['  (none)']))
  lines.push(`Kept ${formatNumber(result.kept.length)}:`, ...result.kept.map(line))
  const freed = result.deleted.reduce((sum, b) => sum + b.bytes, 0)
  if (freed > 0) lines.push(`${result.dryRun ? 'Would free' : 'Freed'} ${formatBytes(freed)}`)
  return lines.join('\n')
}
