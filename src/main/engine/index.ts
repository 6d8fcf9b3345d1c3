/**
 * The engine's one door: everything the hosts (CLI, API, web host, Electron main, demo generator, scaffold,
 * benchmarks) use comes through here, so the files behind it can move without the hosts noticing. Lint refuses a
 * host import that reaches past it (eslint.config.js, "Layering").
 */

// Opening a store and reading what it holds.
export { CURRENT_SCHEMA_VERSION, SCHEMA_VERSION_KEY, MIGRATION_HISTORY_KEY, ADMIN_KEY_PREFIX } from './support/constants.ts'
export { MeridianStore, type BatchOp, type OpenStoreOptions } from './store/store.ts'
/** Any store folder of either kind, not only Meridian's (the demo's second, metrics store). */
export { openStoreDb } from './store/store-opener.ts'

// Migrating, backing up and restoring: the operations a session runs.
export type { CountOptions } from './store/store-counts.ts'
export { MigrationManager, type CreateManagerOptions, type ManagerOptions, type MigrateOptions, type OperationOptions } from './operations/migration-manager.ts'
export type { TransformSettings } from './migration/record-transformer.ts'
export { checkAndMigrate, type CheckAndMigrateOptions } from './operations/check-and-migrate.ts'
export type { PutOptions, RepairService, RestoreSetAsideOptions, SetAsideOptions } from './repair/repair-service.ts'
export { SET_ASIDE_FORMAT } from './repair/set-aside-archive.ts'
export { defaultBackupDir } from './backup/folder/backup-repository.ts'
// Checkpoints (engine/checkpoint/): a store's tables hard-linked, the rest copied, with a manifest of sizes and hashes.
export { takeCheckpoint, type TakeCheckpointOptions } from './checkpoint/take-checkpoint.ts'
export { checkCheckpoint, checkpointDiskCost, hashCheckpoint, type CheckpointCheck } from './checkpoint/checkpoint-verify.ts'
export type { CheckpointManifest } from './checkpoint/checkpoint-manifest.ts'
export type { RetentionPolicy } from './backup/folder/retention.ts'

// Migrations and migration sets: the built-in one, and the folders of modules a user points at.
export { MigrationRegistry, type MigrationStep } from './migration/registry.ts'
export { defineMigration, type Migration } from './migration/migration.ts'
export { allMigrations, createDefaultRegistry } from './migrations/index.ts'
export { isModuleFile, loadMigrationRegistry, loadMigrationSet, type MigrationSet } from './migration/set/load-migration-set.ts'
export type { MigrationKit } from './migration/set/migration-kit.ts'
/** The enums of Meridian's task records, for generating tasks that validate. */
export { taskPrioritySchema, taskStatusSchema } from './schemas/task-common.ts'

// Logging and errors, shaped the same way on every host.
export { type Logger, silentLogger } from './support/logger.ts'
export { toIoError } from './support/io-errors.ts'
export { faultPoint } from './support/fault-injection.ts'
/** meridian-admin's own folder, from its sources or its build alike. */
export { packageRoot } from './support/package-root.ts'
export { MeridianError } from '../../shared/errors.ts'

// What the calls above answer, for a host that types them (the package's declarations carry the same names).
export type { ErrorCode, ErrorShape } from '../../shared/errors.ts'
export type { MigrateResult, DryRunReport } from '../../shared/migration-result.ts'
export type { StoreStatus, StoreReport, StoreCounts, RecoveryReport, StoreKind } from '../../shared/store-status.ts'
export type { HistoryEntry } from '../../shared/history.ts'
export type { BackupInfo, VerifyReport, RestoreResult, PruneResult } from '../../shared/backup.ts'
export type { ProgressEvent, ProgressListener } from '../../shared/progress.ts'
