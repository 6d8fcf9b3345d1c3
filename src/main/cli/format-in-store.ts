import { formatMaybeNumber } from '../../shared/format.ts'
import type { BackupInfo } from '../../shared/backup.ts'
import type { InStoreBackupInfo, InStoreRemoval } from '../../shared/in-store-backup.ts'
import { formatBytes, formatNumber, formatTable, formatTimestamp } from './format-values.ts'

/** The in-store rows under the file backups in `backups DIR`; nothing when the store holds none. */
export function formatInStoreList(backups: readonly InStoreBackupInfo[]): string | null {
  if (backups.length === 0) return null
  const rows = [
    ['ID', 'Created', 'Prefix', 'Records', 'Size', 'State'],
    ...backups.map((b) => [
      b.id,
      formatTimestamp(b.createdAt),
      b.prefix ?? '-',
      b.records === null ? '-' : formatNumber(b.records),
      formatBytes(b.bytes),
      b.damaged ? `damaged: ${b.damaged}` : 'in-store'
    ])
  ]
  return ["In-store backups (Meridian's legacy backups inside the store; export, restore or remove-in-store them):", formatTable(rows)].join('\n')
}

/** What the removal prompt says about one in-store backup. */
export function describeInStore(b: InStoreBackupInfo): string {
  return b.damaged
    ? `${b.id} (damaged: ${b.damaged}, ${formatBytes(b.bytes)})`
    : `${b.id} (${b.prefix ?? ''} ${formatNumber(b.records ?? 0)} records, taken ${formatTimestamp(b.createdAt)}, ${formatBytes(b.bytes)})`
}

export function formatExported(sourceId: string, info: BackupInfo, backupDir: string): string {
  return [
    `✓ Exported ${sourceId} to backup ${info.id}`,
    `  ${formatMaybeNumber(info.records)} records (the store as restoring ${sourceId} would leave it), ${formatBytes(info.bytes)}, schema v${info.schemaVersion}`,
    `  In ${backupDir}; verify or restore it like any backup`
  ].join('\n')
}

export function formatRemoval(result: InStoreRemoval): string {
  if (result.removed.length === 0) return 'No in-store backups to remove'
  return [
    `✓ Removed ${formatNumber(result.removed.length)} in-store backup${result.removed.length === 1 ? '' : 's'}: ${result.removed.join(', ')}`,
    `  ${formatNumber(result.keysDeleted)} keys, ${formatBytes(result.bytesDeleted)} of data deleted`,
    `  Store on disk: ${formatBytes(result.storeBytesBefore)} → ${formatBytes(result.storeBytesAfter)} after compaction`
  ].join('\n')
}
