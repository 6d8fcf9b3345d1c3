import type { BackupInfo, PruneResult } from '../../../shared/backup.ts'
import { readOperationRecord } from '../operation-record.ts'
import type { MeridianStore } from '../store.ts'
import type { BackupService } from './backup-service.ts'
import { DEFAULT_RETENTION, planRetention, validatePolicy } from './retention.ts'

export interface PruneOptions {
  keepNewest?: number
  olderThanDays?: number
  /** Report what would go without deleting anything. */
  dryRun?: boolean
  /** For tests: the clock the ages are measured against. */
  now?: Date
}

/** Verifies newest first until one passes: a damaged newest backup does not protect itself. */
async function newestVerified(backups: BackupService, list: readonly BackupInfo[]): Promise<string | null> {
  for (const info of list) {
    const report = await backups.verify(info.id)
    if (report.ok) return info.id
  }
  return null
}

/** Applies the retention policy; the caller holds the store's exclusive gate. */
export async function pruneBackups(store: MeridianStore, backups: BackupService, options: PruneOptions): Promise<PruneResult> {
  const policy = {
    keepNewest: options.keepNewest ?? DEFAULT_RETENTION.keepNewest,
    olderThanDays: options.olderThanDays ?? DEFAULT_RETENTION.olderThanDays
  }
  validatePolicy(policy)
  const list = await backups.list()
  const operation = await readOperationRecord(store)
  const protectedIds = new Set([operation?.revertTo.id, operation?.source?.id].filter((id): id is string => id !== undefined))
  const plan = planRetention({
    backups: list,
    policy,
    protectedIds,
    newestVerifiedId: await newestVerified(backups, list),
    now: options.now ?? new Date()
  })
  const reasons: Record<string, string> = {}
  for (const { backup, reason } of [...plan.delete, ...plan.keep]) reasons[backup.id] = reason
  const dryRun = options.dryRun === true
  if (!dryRun) for (const { backup } of plan.delete) await backups.delete(backup.id)
  return { dryRun, deleted: plan.delete.map((d) => d.backup), kept: plan.keep.map((k) => k.backup), reasons }
}
