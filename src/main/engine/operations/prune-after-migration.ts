import type { MigrateResult } from '../../../shared/migration-result.ts'
import type { ProgressListener } from '../../../shared/progress.ts'
import type { BackupService } from '../backup/backup-service.ts'
import { pruneBackups } from '../backup/folder/prune.ts'
import { DEFAULT_RETENTION, type RetentionPolicy, validatePolicy } from '../backup/folder/retention.ts'
import type { Logger } from '../support/logger.ts'
import type { MeridianStore } from '../store/store.ts'

export interface PruneAfterMigration {
  store: MeridianStore
  backups: BackupService
  /** The committed migration's result: its backup is never deleted. */
  result: MigrateResult
  policy: Partial<RetentionPolicy>
  log: Logger
  onProgress?: ProgressListener
}

/** Refuses a bad policy (INVALID_INPUT) before the migration starts, not after it committed. */
export function checkPrunePolicy(policy: Partial<RetentionPolicy>): void {
  validatePolicy({ ...DEFAULT_RETENTION, ...policy })
}

/**
 * The retention policy, applied after a migration committed; the caller still holds the store's gate. The
 * migration's own backup stays whatever the policy says. A failure here cannot undo a committed migration, so it
 * is reported beside the result (`pruneError`) instead of failing it.
 */
export async function pruneAfterMigration(context: PruneAfterMigration): Promise<MigrateResult> {
  const { result, log } = context
  if (result.status !== 'migrated') return result
  try {
    const pruned = await pruneBackups(context.store, context.backups, {
      ...context.policy,
      protect: result.backupId === null ? [] : [result.backupId],
      onProgress: context.onProgress
    })
    log.info(`Backups pruned: ${pruned.deleted.length} deleted, ${pruned.kept.length} kept`)
    return { ...result, pruned }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    log.warn(`The migration succeeded, but pruning old backups failed: ${message}`)
    return { ...result, pruneError: message }
  }
}
