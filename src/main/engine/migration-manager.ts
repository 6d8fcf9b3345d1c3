import type { BackupInfo, RestoreResult, VerifyReport } from '../../shared/backup.ts'
import { MeridianError } from '../../shared/errors.ts'
import type { HistoryEntry } from '../../shared/history.ts'
import type { DryRunReport, MigrateResult } from '../../shared/migration-result.ts'
import type { StoreStatus } from '../../shared/store-status.ts'
import { defaultBackupDir } from './backup/backup-repository.ts'
import { BackupService, type OperationOptions } from './backup/backup-service.ts'
import { CURRENT_SCHEMA_VERSION } from './constants.ts'
import { toIoError } from './io-errors.ts'
import { silentLogger, type Logger } from './logger.ts'
import { runMigrationPass } from './migration-pass.ts'
import { createDefaultRegistry } from './migrations/index.ts'
import type { MigrationRegistry, MigrationStep } from './registry.ts'
import type { MeridianStore } from './store.ts'
import { readRecordsPage, type RecordsPageRequest } from './record-browser.ts'
import { countRecords } from './store-counts.ts'
import { throwIfAborted } from './store-scan.ts'

export type { OperationOptions }

export interface ManagerOptions {
  /** Where backup files go; default `<data-dir>.backups` beside the store. */
  backupDir?: string
  registry?: MigrationRegistry
  /** The version this build brings stores to (tests lower it to simulate older builds). */
  targetVersion?: number
}

export interface MigrateOptions extends OperationOptions {
  /** Target version; default the current one. */
  to?: number
  logger?: Logger
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)}s`

/**
 * The seed's MigrationManager: reads where a store stands, plans, dry-runs, and migrates with a backup first and
 * a rollback on any failure or cancel, recording every run in `_migration_history`. One operation at a time per
 * store (BUSY otherwise).
 */
export class MigrationManager {
  readonly registry: MigrationRegistry
  readonly targetVersion: number
  readonly backups: BackupService

  constructor(
    readonly store: MeridianStore,
    options: ManagerOptions = {}
  ) {
    this.registry = options.registry ?? createDefaultRegistry()
    this.targetVersion = options.targetVersion ?? CURRENT_SCHEMA_VERSION
    this.backups = new BackupService(store, options.backupDir ?? defaultBackupDir(store.dataDir))
  }

  get backupDir(): string {
    return this.backups.repository.dir
  }

  async status(): Promise<StoreStatus> {
    const currentVersion = await this.store.readVersion()
    const tooNew = currentVersion > this.targetVersion
    const pending = tooNew ? [] : this.registry.findPath(currentVersion, this.targetVersion)
    return {
      dataDir: this.store.dataDir,
      currentVersion,
      targetVersion: this.targetVersion,
      upToDate: currentVersion === this.targetVersion,
      tooNew,
      pending: pending.map(({ from, to, name }) => ({ from, to, name })),
      counts: await countRecords(this.store.db, this.registry.keyPrefixes)
    }
  }

  history(): Promise<HistoryEntry[]> {
    return this.store.readHistory()
  }

  /** Validates the request and finds the chain before any byte is written. */
  private async plan(to: number | undefined): Promise<{ from: number; to: number; steps: MigrationStep[] }> {
    const from = await this.store.readVersion()
    // An unreadable history would only fail at the commit, after a full backup and pass: refuse now.
    await this.store.readHistory()
    if (from > this.targetVersion) {
      throw new MeridianError(
        'VERSION_TOO_NEW',
        `Schema version is newer than supported: the store is at v${from}, this tool supports up to v${this.targetVersion}`
      )
    }
    const target = to ?? this.targetVersion
    if (!Number.isInteger(target) || target < 1 || target > this.targetVersion) {
      throw new MeridianError('INVALID_INPUT', `Target version must be a whole number from 1 to ${this.targetVersion}, got ${String(to)}`)
    }
    return { from, to: target, steps: this.registry.findPath(from, target) }
  }

  /** Runs every record through the chain without writing: what would change, what would fail, one sample. */
  async dryRun(options: OperationOptions & { to?: number } = {}): Promise<DryRunReport> {
    return this.store.exclusive('dry run', async () => {
      const { from, to, steps } = await this.plan(options.to)
      const pass = await runMigrationPass({ db: this.store.db, registry: this.registry, steps, target: to, write: false, ...options })
      return {
        from,
        to,
        steps: pass.steps,
        itemsToMigrate: pass.itemsMigrated,
        itemsScanned: pass.itemsScanned,
        failures: pass.failures,
        failuresOmitted: pass.failuresOmitted,
        sample: pass.sample
      }
    })
  }

  /**
   * open → check version → pre-migration backup → migrate → set version + history (one synced batch). Any
   * failure or cancel after the backup puts every key back as it was, then records the run as failed/cancelled.
   */
  async migrate(options: MigrateOptions = {}): Promise<MigrateResult> {
    const log = options.logger ?? silentLogger
    return this.store.exclusive('migration', async () => {
      const started = performance.now()
      const startedAt = new Date().toISOString()
      log.info(`Current schema version: v${await this.store.readVersion()}, Target version: v${options.to ?? this.targetVersion}`)
      const { from, to, steps } = await this.plan(options.to)
      if (steps.length === 0) {
        log.info('✓ Schema is up to date')
        return { status: 'up-to-date', from, to, itemsMigrated: 0, backupId: null, durationMs: 0, steps: [] }
      }
      log.warn(`Schema migration required: v${from} -> v${to}`)
      log.info('Starting automatic migration...')
      for (const step of steps) log.info(`Running migration: ${step.name}`)
      const name = steps.map((s) => s.name).join(' · ')
      const entry = (fields: Partial<HistoryEntry> & Pick<HistoryEntry, 'success' | 'status'>): HistoryEntry => ({
        from_version: from,
        to_version: to,
        started_at: startedAt,
        completed_at: new Date().toISOString(),
        items_migrated: 0,
        backup_key: null,
        error: null,
        name,
        duration_ms: Math.round(performance.now() - started),
        ...fields
      })

      let backup: BackupInfo
      try {
        backup = await this.backups.create('pre-migration', options)
      } catch (error) {
        const cancelled = error instanceof MeridianError && error.code === 'CANCELLED'
        await this.store.commitHistory(
          entry({ success: false, status: cancelled ? 'cancelled' : 'failed', error: (error as Error).message })
        )
        throw error
      }
      log.info(`Backup created: ${backup.id}`)

      let announced = false
      try {
        const pass = await runMigrationPass({
          db: this.store.db,
          registry: this.registry,
          steps,
          target: to,
          write: true,
          signal: options.signal,
          onProgress: (event) => {
            if (!announced) log.info(`Found ${event.total} items to migrate`)
            announced = true
            options.onProgress?.(event)
          }
        })
        // A cancel that arrived after the last batch still wins: nothing is committed yet.
        throwIfAborted(options.signal, 'The migration')
        const durationMs = Math.round(performance.now() - started)
        await this.store.commitHistory(
          entry({
            success: true,
            status: 'success',
            items_migrated: pass.itemsMigrated,
            items_total: pass.itemsScanned,
            backup_key: backup.id,
            steps: pass.steps,
            duration_ms: durationMs
          }),
          to
        )
        log.info('✓ Migration completed successfully')
        log.info(`  - v${from} -> v${to}: ${pass.itemsMigrated} items migrated in ${seconds(durationMs)}`)
        log.info(`    Backup created: ${backup.id}`)
        return { status: 'migrated', from, to, itemsMigrated: pass.itemsMigrated, backupId: backup.id, durationMs, steps: pass.steps }
      } catch (error) {
        throw await this.rollBack(error, backup, entry, log, options)
      }
    })
  }

  /** Restores the pre-migration backup, records the run, and returns the error to throw. */
  private async rollBack(
    error: unknown,
    backup: BackupInfo,
    entry: (fields: Partial<HistoryEntry> & Pick<HistoryEntry, 'success' | 'status'>) => HistoryEntry,
    log: Logger,
    options: OperationOptions
  ): Promise<MeridianError> {
    const cancelled = error instanceof MeridianError && error.code === 'CANCELLED'
    const reason = error instanceof MeridianError ? error.message : toIoError(error, 'migrate').message
    try {
      await this.backups.rollbackTo(backup.id, options.onProgress)
    } catch (rollbackError) {
      log.error(`✗ Migration failed: ${reason}`)
      log.error(`✗ Rollback failed too: ${(rollbackError as Error).message}. Restore backup ${backup.id}.`)
      return new MeridianError(
        'INTERNAL',
        `Migration failed: ${reason}; the rollback failed too (${(rollbackError as Error).message}). Restore backup ${backup.id}.`,
        { cause: rollbackError }
      )
    }
    await this.store.commitHistory(
      entry({ success: false, status: cancelled ? 'cancelled' : 'failed', error: cancelled ? 'Cancelled by the user' : reason, backup_key: backup.id })
    )
    if (cancelled) {
      log.warn('Migration cancelled; database has been rolled back to previous state')
      return new MeridianError('CANCELLED', 'Migration cancelled; the store is as it was before the run')
    }
    log.error(`✗ Migration failed: ${reason}`)
    log.error('Database has been rolled back to previous state')
    return new MeridianError('MIGRATION_FAILED', `Migration failed: ${reason}`, { cause: error })
  }

  listBackups(): Promise<BackupInfo[]> {
    return this.backups.list()
  }

  createBackup(options: OperationOptions = {}): Promise<BackupInfo> {
    return this.store.exclusive('backup', () => this.backups.create('manual', options))
  }

  verifyBackup(id: string, options: OperationOptions = {}): Promise<VerifyReport> {
    return this.backups.verify(id, options)
  }

  restoreBackup(id: string, options: OperationOptions = {}): Promise<RestoreResult> {
    return this.store.exclusive('restore', () => this.backups.restore(id, options))
  }

  /** Exclusive, so no backup disappears under a migration that may need it for its rollback. */
  deleteBackup(id: string): Promise<void> {
    return this.store.exclusive('backup deletion', () => this.backups.delete(id))
  }

  /** A page of records under a prefix, for browsing. */
  records(request: RecordsPageRequest): ReturnType<typeof readRecordsPage> {
    return readRecordsPage(this.store.db, request)
  }
}
