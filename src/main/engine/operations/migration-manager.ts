import type { BackupInfo, BackupKind, RestoreResult, VerifyReport } from '../../../shared/backup.ts'
import { MeridianError } from '../../../shared/errors.ts'
import type { HistoryEntry } from '../../../shared/history.ts'
import type { MigrationPlan } from '../../../shared/migration-plan.ts'
import type { DryRunReport, MigrateResult } from '../../../shared/migration-result.ts'
import type { RecoveryReport, StoreCounts, StoreStatus } from '../../../shared/store-status.ts'
import { countRecords, type CountOptions } from '../store/store-counts.ts'
import { defaultBackupDir } from '../backup/folder/backup-repository.ts'
import { BackupService, type OperationOptions, type RestoreOptions } from '../backup/backup-service.ts'
import { silentLogger, type Logger } from '../support/logger.ts'
import { checkDataLoss } from '../migration/data-loss-check.ts'
import { chainMayLoseData, runMigrationPass } from '../migration/migration-pass.ts'
import { pruneBackups, type PruneOptions } from '../backup/folder/prune.ts'
import type { PruneResult } from '../../../shared/backup.ts'
import type { ProgressPhase } from '../../../shared/progress.ts'
import { runMigration } from './migration-run.ts'
import type { RetentionPolicy } from '../backup/folder/retention.ts'
import { checkPrunePolicy, pruneAfterMigration } from './prune-after-migration.ts'
import { OperationGate } from './operation-gate.ts'
import { planRun } from './run-plan.ts'
import { readStoreStatus } from './store-status-report.ts'
import { createDefaultRegistry } from '../migrations/index.ts'
import { loadMigrationRegistry } from '../migration/set/load-migration-set.ts'
import type { TransformSettings } from '../migration/record-transformer.ts'
import type { MigrationRegistry, RunnablePlan } from '../migration/registry.ts'
import type { MeridianStore } from '../store/store.ts'
import { readRecord, readRecordsPage, type RecordsPageRequest } from '../store/record-browser.ts'
import { searchRecords, type RecordSearchRequest } from '../store/record-search.ts'
import type { RecordSummary } from '../../../shared/record-summary.ts'
import { refuseIfInUse } from '../store/store-opener.ts'
import { isInStoreBackupId } from '../../../shared/backup.ts'
import type { InStoreBackupInfo, InStoreRemoval } from '../../../shared/in-store-backup.ts'
import { InStoreBackupService } from '../in-store-backups/in-store-backup-service.ts'
import { readBackupPage, type BackupPageRequest } from '../backup/backup-browser.ts'
import { compareBackupWithStore, type CompareOptions } from '../backup/backup-compare.ts'
import type { BackupComparison } from '../../../shared/backup-inspect.ts'
import { RepairService } from '../repair/repair-service.ts'
import { withOverallProgress } from '../support/overall-progress.ts'

export type { OperationOptions }

export interface ManagerOptions {
  /** Where backup files go; default `<data-dir>.backups` beside the store. */
  backupDir?: string
  /** The migrations to run with; default the built-in set. `MigrationManager.create` builds it from `migrationsDir`. */
  registry?: MigrationRegistry
  /** The version stores are brought to: default the newest the registry reaches (tests lower it to simulate older builds). */
  targetVersion?: number
  /** Where passes transform records (worker threads for large ones by default); the hosts and tests choose. */
  transform?: TransformSettings
}

export interface CreateManagerOptions extends Omit<ManagerOptions, 'registry'> {
  /** A migration set (a folder of migration modules) added to the built-in one; MIGRATION_SET_INVALID if it does not load. */
  migrationsDir?: string
}

export interface MigrateOptions extends OperationOptions {
  /** Target version; default the current one. */
  to?: number
  logger?: Logger
  /** A run that would lose data (a downgrade, or an upgrade replacing values) is refused (DATA_LOSS_REFUSED) unless this is true. */
  allowDataLoss?: boolean
  /** After a successful migration, apply the retention policy (defaults for what is left out); never deletes its backup. */
  prune?: Partial<RetentionPolicy>
  /**
   * A backup of this store that holds exactly what it holds now (checkAndMigrate finds one, see
   * standing-safety-net.ts): the run takes it as its safety net instead of writing a new one.
   */
  safetyNet?: string
  /** The kind of safety net to take: default a checkpoint wherever the store's directory can be swapped (see BackupService.safetyNetKind). */
  safetyNetKind?: BackupKind
  /** Told the backup the store was put back from, once a failed or cancelled run has put it back. */
  onPutBack?: (backupId: string) => void
}

/**
 * The seed's MigrationManager: reads where a store stands, plans, dry-runs, and migrates with a backup first and
 * a rollback on any failure or cancel, recording every run in `_migration_history`. One operation at a time per
 * store (BUSY otherwise).
 */
export class MigrationManager {
  readonly registry: MigrationRegistry
  readonly targetVersion: number
  readonly backups: BackupService
  /** Meridian's legacy backups inside the store (`_backup_YYYYMMDD_HHMMSS`). */
  readonly inStore: InStoreBackupService
  /** Checking, putting, deleting and setting aside records: writes as safe as a migration's (see engine/repair/). */
  readonly repair: RepairService
  private readonly transform: TransformSettings | undefined
  /** The way in for every call below: the store recovered first, and one operation at a time. */
  private readonly gate: OperationGate

  constructor(
    readonly store: MeridianStore,
    options: ManagerOptions = {}
  ) {
    this.registry = options.registry ?? createDefaultRegistry()
    this.targetVersion = options.targetVersion ?? this.registry.latestVersion
    this.backups = new BackupService(store, options.backupDir ?? defaultBackupDir(store.dataDir))
    this.inStore = new InStoreBackupService(store, this.backups, this.registry.keyPrefixes)
    this.transform = options.transform
    this.gate = new OperationGate(store, this.backups)
    this.repair = new RepairService(store, this.backups, this.gate, this.registry, this.targetVersion)
  }

  /** A manager whose registry is the built-in set plus the one at `options.migrationsDir` (loaded first). */
  static async create(store: MeridianStore, options: CreateManagerOptions = {}): Promise<MigrationManager> {
    const { migrationsDir, ...rest } = options
    return new MigrationManager(store, { ...rest, registry: await loadMigrationRegistry(migrationsDir) })
  }

  /**
   * Recovers an operation a killed process left unfinished: hosts call it once, on open, to say what was recovered.
   * Every other call goes through `gate` too, which recovers again if an operation's note has appeared since.
   */
  recoverFirst(logger?: Logger): Promise<RecoveryReport | null> {
    return this.gate.recovered(logger)
  }

  get backupDir(): string {
    return this.backups.repository.dir
  }

  async status(): Promise<StoreStatus> {
    // A long-lived reader (the app) sees what another process wrote since its snapshot was taken.
    await this.store.refreshSnapshot()
    // status reports what the recovery did
    return this.gate.read((recovery) => readStoreStatus(this.store, this.registry, this.targetVersion, recovery))
  }

  /**
   * Records per key prefix and per record version: a read of every key (values only under the prefixes migrations
   * handle), so it is apart from `status`, with progress, the counts so far as each prefix is done, and cancel.
   */
  async recordCounts(options: CountOptions = {}): Promise<StoreCounts> {
    await this.store.refreshSnapshot()
    return this.gate.read(() => countRecords(this.store.db, this.registry.keyPrefixes, options))
  }

  history(): Promise<HistoryEntry[]> {
    return this.gate.read(() => this.store.readHistory())
  }

  /** Validates the request and finds the chain before any byte is written. */
  private plan(to: number | undefined): Promise<RunnablePlan> {
    return planRun(this.store, this.registry, this.targetVersion, to)
  }

  /**
   * The plan a migration to `to` (default the target) would follow, checked as `migrate` checks it
   * (NOT_A_MERIDIAN_STORE, VERSION_TOO_NEW, INVALID_INPUT…): the one every host shows. Reads only.
   */
  migrationPlan(to?: number): Promise<MigrationPlan> {
    return this.gate.read(async () => {
      const plan = await this.plan(to)
      return { from: plan.from, to: plan.to, steps: plan.steps.map(({ from, to, name }) => ({ from, to, name })) }
    })
  }

  /** Runs every record through the chain without writing: what would change, what would fail, one sample. */
  async dryRun(options: OperationOptions & { to?: number } = {}): Promise<DryRunReport> {
    return this.gate.operation('dry run', async () => {
      const { from, to, steps } = await this.plan(options.to)
      const pass = await runMigrationPass({
        db: this.store.db,
        registry: this.registry,
        steps,
        target: to,
        write: false,
        transform: this.transform,
        ...options
      })
      return {
        from,
        to,
        steps: pass.steps,
        itemsToMigrate: pass.itemsMigrated,
        itemsScanned: pass.itemsScanned,
        failures: pass.failures,
        failuresOmitted: pass.failuresOmitted,
        sample: pass.sample,
        ...(pass.fields.length > 0 ? { fields: pass.fields } : {}),
        ...(chainMayLoseData(steps) ? { losses: pass.losses } : {})
      }
    })
  }

  /**
   * open → check version → pre-migration backup → migrate → set version + history (one synced batch). Any
   * failure or cancel after the backup puts every key back as it was, then records the run as failed/cancelled.
   */
  async migrate(given: MigrateOptions = {}): Promise<MigrateResult> {
    // A checkpoint (or a reused backup) has no progress phase: the whole bar is the pass.
    const safetyNetKind = given.safetyNet ? undefined : (given.safetyNetKind ?? this.backups.safetyNetKind())
    const phases: ProgressPhase[] = safetyNetKind === 'archive' ? ['backup', 'migrate'] : ['migrate']
    const options = { ...given, safetyNetKind, onProgress: withOverallProgress(phases, given.onProgress) }
    const log = options.logger ?? silentLogger
    if (options.prune) checkPrunePolicy(options.prune)
    return this.gate.operation(
      'migration',
      async () => {
        log.info(`Current schema version: v${await this.store.readVersion()}, Target version: v${options.to ?? this.targetVersion}`)
        const plan = await this.plan(options.to)
        if (plan.steps.length === 0) {
          log.info('✓ Schema is up to date')
          return { status: 'up-to-date', from: plan.from, to: plan.to, itemsMigrated: 0, backupId: null, durationMs: 0, steps: [] }
        }
        this.store.requireWritable() // before the backup: an older RocksDB store is upgraded only when allowed
        const { refuseInPass } = await checkDataLoss({ store: this.store, registry: this.registry, plan, log, transform: this.transform, ...options })
        // Only now the directory itself: a refused downgrade, like every read before it, leaves its files as they were.
        // Planned and checked on a snapshot: if another process wrote the store since, that plan may not be its.
        if (await this.store.changedSinceRead()) {
          await refuseIfInUse(this.store.dataDir) // the writer still holding it is the better answer
          throw new MeridianError(
            'BUSY',
            `The store changed after it was read (another process wrote it): read its status again, then migrate: ${this.store.dataDir}`
          )
        }
        await this.store.beginWrite()
        const result = await runMigration({
          store: this.store,
          registry: this.registry,
          backups: this.backups,
          plan,
          log,
          transform: this.transform,
          ...options,
          refuseLoss: refuseInPass
        })
        if (!options.prune) return result
        return pruneAfterMigration({ store: this.store, backups: this.backups, result, policy: options.prune, log, onProgress: options.onProgress })
      },
      { logger: log }
    )
  }

  /** This store's backup files (a shared folder's other stores' are left out). */
  listBackups(): Promise<BackupInfo[]> {
    return this.backups.list()
  }

  /**
   * A backup taken now: an archive (the portable file, the default) or a checkpoint (milliseconds, shares the
   * store's tables), whose files are then hashed in the background (see idle).
   */
  createBackup(options: OperationOptions & { kind?: BackupKind } = {}): Promise<BackupInfo> {
    return this.gate.operation('backup', async () => {
      if (options.kind !== 'checkpoint') return this.backups.create('manual', options)
      const info = await this.backups.createCheckpoint('manual', options)
      void this.backups.hashInBackground(info.id)
      return info
    })
  }

  /**
   * The portable archive (`.mbak`) of checkpoint `id`, written from the checkpoint's own files: it takes no turn at
   * the store (an operation may run meanwhile, and this one never holds one up), and Ctrl-C or a cancel removes
   * what it wrote.
   */
  archiveCheckpoint(id: string, options: OperationOptions = {}): Promise<BackupInfo> {
    return this.backups.archiveCheckpoint(id, options)
  }

  /** Work this manager left running in the background (hashing a checkpoint); a process waits for it before exiting. */
  idle(): Promise<void> {
    return this.backups.idle()
  }

  verifyBackup(id: string, options: OperationOptions = {}): Promise<VerifyReport> {
    if (isInStoreBackupId(id)) return this.gate.read(() => this.inStore.verify(id, options))
    return this.backups.verify(id, options)
  }

  /**
   * `anyStore`: a backup of another store sharing the folder may be restored (BACKUP_OF_ANOTHER_STORE otherwise).
   * A store that cannot recover by itself is exactly what a restore is for: its commit clears the note.
   */
  restoreBackup(id: string, given: Omit<RestoreOptions, 'name'> = {}): Promise<RestoreResult> {
    const options = { ...given, onProgress: withOverallProgress(['verify', 'backup', 'restore'], given.onProgress) }
    return this.gate.operation('restore', () => (isInStoreBackupId(id) ? this.inStore.restore(id, options) : this.backups.restore(id, options)), {
      beginWrite: true,
      evenIfUnrecoverable: true
    })
  }

  /** Exclusive, so no backup disappears under a migration that may need it for its rollback. */
  deleteBackup(id: string): Promise<void> {
    return this.gate.operation('backup deletion', () => this.backups.delete(id))
  }

  /** Applies the retention policy (see backup/retention.ts); exclusive, like deleteBackup. */
  pruneBackups(options: PruneOptions = {}): Promise<PruneResult> {
    return this.gate.operation('backup pruning', () => pruneBackups(this.store, this.backups, options))
  }

  /** Meridian's legacy backups inside the store, newest first; damaged ones included (see `damaged`). */
  listInStoreBackups(): Promise<InStoreBackupInfo[]> {
    return this.gate.read(() => this.inStore.list())
  }

  /** Writes in-store backup `id` out as a backup file (the store as restoring it would leave it). */
  exportInStoreBackup(id: string, options: OperationOptions = {}): Promise<BackupInfo> {
    return this.gate.operation('in-store backup export', () => this.inStore.export(id, options))
  }

  /** Deletes one or every in-store backup from the store and compacts their range to reclaim the space. */
  removeInStoreBackups(which: { id: string } | { all: true }, options: OperationOptions = {}): Promise<InStoreRemoval> {
    return this.gate.operation('in-store backup removal', async () => {
      await this.store.beginWrite()
      return this.inStore.remove(which, options.signal)
    })
  }

  /** A page of records under a prefix, for browsing. */
  records(request: RecordsPageRequest): ReturnType<typeof readRecordsPage> {
    return this.gate.read(() => readRecordsPage(this.store.db, request))
  }

  /**
   * A page of records under a prefix from any cursor (after a key, from a key, before a key), optionally keeping
   * only those a filter matches: bounded per page however few match (see searchRecords). Reads only.
   */
  findRecords(request: RecordSearchRequest): ReturnType<typeof searchRecords> {
    return this.gate.read(() => searchRecords(this.store.db, request))
  }

  /** The record under `key`, whole (RECORD_NOT_FOUND when there is none). Reads only. */
  record(key: string): Promise<RecordSummary> {
    return this.gate.read(() => readRecord(this.store.db, key))
  }

  /** A page of backup `id`'s records under a prefix, read from the file without restoring it. */
  backupRecords(id: string, request: BackupPageRequest, options: OperationOptions = {}): ReturnType<typeof readBackupPage> {
    return readBackupPage(this.backups.repository, id, request, options.signal)
  }

  /** Backup `id` compared with the store now: keys added, removed, changed and unchanged, with samples. Reads only. */
  compareBackup(id: string, options: CompareOptions = {}): Promise<BackupComparison> {
    return this.gate.read(() => compareBackupWithStore(this.store.db, this.backups.repository, id, options))
  }
}
