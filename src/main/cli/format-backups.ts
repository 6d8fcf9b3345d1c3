import type { BackupInfo, PruneResult, RestoreResult, VerifyReport } from '../../shared/backup.ts'
import type { InStoreBackupInfo } from '../../shared/in-store-backup.ts'
import { describeRestoreMethod } from '../../shared/restore-method.ts'
import type { StoreCounts } from '../../shared/store-status.ts'
import { formatDateTime, formatMaybeNumber, formatRelative } from '../../shared/format.ts'
import { formatBytes, formatNumber, formatSeconds, formatTable, formatTimestamp } from './format-values.ts'

/** An archive is checked by the checksums written into it; a checkpoint once its files are hashed. */
export const verifiedText = (info: BackupInfo): string => (info.kind === 'archive' ? 'checksummed' : info.verified ? 'hashed' : 'hashing not finished')

export function formatBackupList(backups: readonly BackupInfo[], backupDir: string, now: Date = new Date()): string {
  if (backups.length === 0) return `No backups in ${backupDir}`
  const rows = [
    ['ID', 'Kind', 'Created', 'Age', 'Version', 'Records', 'Size', 'On disk', 'Checked by', 'Reason'],
    ...backups.map((b) => [
      b.id,
      b.kind,
      formatTimestamp(b.createdAt),
      formatRelative(b.createdAt, now.getTime()),
      `v${b.schemaVersion}`,
      formatMaybeNumber(b.records),
      formatBytes(b.bytes),
      formatBytes(b.diskBytes),
      verifiedText(b),
      b.reason
    ])
  ]
  const lines = [`Backups in ${backupDir}:`, formatTable(rows)]
  if (backups.some((b) => b.kind === 'checkpoint')) {
    lines.push('A checkpoint shares its tables with the store: "On disk" is only what it does not share (the tables the store has rewritten since).')
  }
  return lines.join('\n')
}

/** A shared backup folder: how many backups of other stores it holds, which `backups DIR` does not list. */
export function formatOtherStores(count: number): string {
  if (count === 0) return ''
  return `${count} backup${count === 1 ? '' : 's'} of other stores sharing this folder ${count === 1 ? 'is' : 'are'} not listed.`
}

export function formatBackupCreated(info: BackupInfo, backupDir: string): string {
  return [
    `✓ Backup created: ${info.id}`,
    info.kind === 'checkpoint'
      ? `  A checkpoint of ${formatBytes(info.bytes)} (${formatBytes(info.diskBytes)} of it not shared with the store), schema v${info.schemaVersion}`
      : `  ${formatMaybeNumber(info.records)} records, ${formatBytes(info.bytes)}, schema v${info.schemaVersion}`,
    `  In ${backupDir}`
  ].join('\n')
}

export function formatArchiveMade(info: BackupInfo, checkpointId: string, backupDir: string): string {
  return [
    `✓ Archive written: ${info.id}, of checkpoint ${checkpointId}`,
    `  ${formatMaybeNumber(info.records)} records, ${formatBytes(info.bytes)}, schema v${info.schemaVersion}, the store as it was at ${formatDateTime(info.createdAt)}`,
    `  In ${backupDir}; the checkpoint is kept (prune removes either kind)`
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
    `  ${describeRestoreMethod(result, formatSeconds(result.durationMs), formatNumber)}`,
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
    `  backup: v${info.schemaVersion}, ${formatMaybeNumber(info.records)} keys, taken ${formatTimestamp(info.createdAt)} (${info.reason})`,
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
  const line = (b: BackupInfo): string => `  ${b.id}  ${formatTimestamp(b.createdAt)}  ${formatBytes(b.diskBytes)}  (${result.reasons[b.id] ?? ''})`
  const lines = [
    `${verb} ${formatNumber(result.deleted.length)} of ${formatNumber(total)} backups in ${backupDir}${result.dryRun ? ' (dry run: nothing was deleted)' : ''}:`
  ]
  lines.push(...(result.deleted.length > 0 ? result.deleted.map(line) : ['  (none)']))
  lines.push(`Kept ${formatNumber(result.kept.length)}:`, ...result.kept.map(line))
  const freed = result.deleted.reduce((sum, b) => sum + b.diskBytes, 0)
  if (freed > 0) lines.push(`${result.dryRun ? 'Would free' : 'Freed'} ${formatBytes(freed)}`)
  return lines.join('\n')
}
