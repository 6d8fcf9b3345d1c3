import type { BackupInfo, PruneResult } from '../../../../shared/backup.ts'
import { readOperationRecord } from '../../operations/operation-record.ts'
import { pinnedIds } from './backup-pins.ts'
import type { MeridianStore } from '../../store/store.ts'
import type { BackupService, OperationOptions } from '../backup-service.ts'
import { DEFAULT_RETENTION, planRetention, validatePolicy } from './retention.ts'

export interface PruneOptions extends OperationOptions {
  keepNewest?: number
  olderThanDays?: number
  /** Report what would go without deleting anything. */
  dryRun?: boolean
  /** For tests: the clock the ages are measured against. */
  now?: Date
  /**
   * Delete only backups among these ids (the ones a person saw listed in a dry run and confirmed); any other the
   * policy would delete now stays. Undefined: no such limit.
   */
  only?: readonly string[]
  /** Backups that stay whatever the policy says (the one a migration just took). */
  protect?: readonly string[]
}

/** Verifies newest first until one passes: a damaged newest backup does not protect itself. */
async function newestVerified(backups: BackupService, list: readonly BackupInfo[], options: OperationOptions): Promise<string | null> {
  for (const info of list) {
    const report = await backups.verify(info.id, options)
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
  // Only this store's backups are candidates (a shared folder holds other stores' too); of those, any that some
  // store's interrupted operation pinned stays, since that store's note is not readable from here.
  const list = await backups.list()
  const operation = await readOperationRecord(store)
  const protectedIds = new Set([operation?.revertTo.id, operation?.source?.id].filter((id): id is string => id !== undefined))
  for (const id of await pinnedIds(backups.repository.dir)) protectedIds.add(id)
  const justTaken = new Set(options.protect ?? [])
  const plan = planRetention({
    backups: list,
    policy,
    protectedIds: new Set([...protectedIds, ...justTaken]),
    newestVerifiedId: await newestVerified(backups, list, { signal: options.signal, onProgress: options.onProgress }),
    now: options.now ?? new Date()
  })
  for (const kept of plan.keep) if (justTaken.has(kept.backup.id)) kept.reason = 'taken by the migration just run'
  if (options.only) {
    const confirmed = new Set(options.only)
    for (const entry of plan.delete.filter(({ backup }) => !confirmed.has(backup.id))) {
      plan.keep.push({ backup: entry.backup, reason: 'not among the backups confirmed for deletion' })
    }
    plan.delete = plan.delete.filter(({ backup }) => confirmed.has(backup.id))
  }
  const reasons: Record<string, string> = {}
  for (const { backup, reason } of [...plan.delete, ...plan.keep]) reasons[backup.id] = reason
  const dryRun = options.dryRun === true
  options.signal?.throwIfAborted()
  if (!dryRun) for (const { backup } of plan.delete) await backups.delete(backup.id)
  return { dryRun, deleted: plan.delete.map((d) => d.backup), kept: plan.keep.map((k) => k.backup), reasons }
}
