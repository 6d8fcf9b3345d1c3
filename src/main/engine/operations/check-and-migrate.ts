import type { BackupKind } from '../../../shared/backup.ts'
import type { MigrateResult } from '../../../shared/migration-result.ts'
import type { ProgressListener } from '../../../shared/progress.ts'
import type { Logger } from '../support/logger.ts'
import { loadMigrationRegistry } from '../migration/set/load-migration-set.ts'
import { MigrationManager, type ManagerOptions } from './migration-manager.ts'
import { leaveSafetyNet, reusableSafetyNet, type RunEnd } from './reusable-safety-net.ts'
import { MeridianStore } from '../store/store.ts'

export interface CheckAndMigrateOptions extends ManagerOptions {
  /** Receives the seed's "Migration Logs" lines; default `console`. */
  logger?: Logger
  signal?: AbortSignal
  /** Let the migration upgrade an older RocksDB store's format (FORMAT_UPGRADE_REFUSED otherwise). */
  allowFormatUpgrade?: boolean
  onProgress?: ProgressListener
  /** A migration set added to the built-in one (ignored when `registry` is given); the target is the newest it reaches. */
  migrationsDir?: string
  /** The safety net a run takes: default a checkpoint wherever the store's directory can be swapped. */
  safetyNetKind?: BackupKind
}

/**
 * For a host server's start-up (the seed's `check_and_migrate`): bring the store at `dataDir` to the newest
 * version its migrations reach (Meridian's v2 with the built-in set), or throw a MeridianError (after rolling
 * back) so the server does not start on half-migrated data. The store is closed again before this returns, so the
 * server can open it. A start-up that keeps failing takes no new backup while the one the last failure put the
 * store back from still holds exactly the store (see reusable-safety-net.ts), and says so in its log.
 */
export async function checkAndMigrate(dataDir: string, options: CheckAndMigrateOptions = {}): Promise<MigrateResult> {
  const logger = options.logger ?? console
  logger.info('Checking schema version...')
  // The set loads before the store opens: a broken module changes nothing.
  const registry = options.registry ?? (await loadMigrationRegistry(options.migrationsDir))
  const store = await MeridianStore.open(dataDir, { allowFormatUpgrade: options.allowFormatUpgrade === true })
  let manager: MigrationManager | null = null
  let end: RunEnd = 'untouched'
  try {
    manager = new MigrationManager(store, { ...options, registry })
    // The store's files as the open found them (before its snapshot): still as the last failed run left them?
    const safetyNet = (await reusableSafetyNet(manager.backups, store.snapshotFingerprint, logger)) ?? undefined
    const result = await manager.migrate({
      logger,
      signal: options.signal,
      onProgress: options.onProgress,
      safetyNet,
      safetyNetKind: options.safetyNetKind,
      onPutBack: (backupId) => {
        end = { putBackFrom: backupId }
      }
    })
    if (result.status === 'migrated') end = 'committed'
    return result
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'VERSION_TOO_NEW') logger.error(`✗ ${error.message}`)
    throw error
  } finally {
    await store.close()
    if (manager) await leaveSafetyNet(manager.backups, store.dataDir, end, logger)
  }
}
