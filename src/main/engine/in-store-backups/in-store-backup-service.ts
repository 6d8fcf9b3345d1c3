import type { BackupInfo, RestoreResult, VerifyReport } from '../../../shared/backup.ts'
import { MeridianError } from '../../../shared/errors.ts'
import type { InStoreBackupInfo, InStoreRemoval } from '../../../shared/in-store-backup.ts'
import type { BackupService, OperationOptions } from '../backup/backup-service.ts'
import type { MeridianStore } from '../store/store.ts'
import type { InStoreMetadata } from './legacy-metadata.ts'
import { listInStoreBackups } from './list-in-store.ts'
import { removeInStoreBackups } from './remove-in-store.ts'
import { restoredContent } from './restored-content.ts'
import { checkInStoreBackup } from './verify-in-store.ts'

/**
 * Meridian's legacy backups inside the store: list, verify, export to a backup file, restore, remove. A restore
 * goes through an export: the in-store backup becomes a normal backup file of the store as the restore would
 * leave it, and that file is restored with every safety a file restore has (verified whole, a pre-restore
 * backup, the operation note that lets a killed restore finish on the next open, a history entry). Callers hold
 * the store's gate around the operations that write (see MigrationManager).
 */
export class InStoreBackupService {
  constructor(
    private readonly store: MeridianStore,
    private readonly files: BackupService,
    /** The prefixes whose records carry a `schema_version` the migrations read (`task:`). */
    private readonly versionedPrefixes: readonly string[]
  ) {}

  list(signal?: AbortSignal): Promise<InStoreBackupInfo[]> {
    return listInStoreBackups(this.store.db, signal)
  }

  async verify(id: string, options: OperationOptions = {}): Promise<VerifyReport> {
    return (await checkInStoreBackup(this.store.db, id, options)).report
  }

  /**
   * The backup's metadata and the `_schema_version` a restore sets, after a full check; BACKUP_CORRUPT naming the
   * problem when it cannot be used. The version is the lowest `schema_version` among its records when its prefix
   * is one the migrations version (so a migrate afterwards brings every record up); otherwise, or when it holds
   * no records, the store keeps its version.
   */
  private async usable(id: string, options: OperationOptions): Promise<{ metadata: InStoreMetadata; version: number | null }> {
    const check = await checkInStoreBackup(this.store.db, id, options)
    if (!check.metadata) throw new MeridianError('BACKUP_CORRUPT', check.report.problem ?? `In-store backup ${id} cannot be used`)
    const versioned = this.versionedPrefixes.includes(check.metadata.prefix)
    return { metadata: check.metadata, version: versioned ? check.lowestRecordVersion : null }
  }

  /** Writes in-store backup `id` out as a backup file: the store as restoring it would leave it. */
  async export(id: string, options: OperationOptions = {}): Promise<BackupInfo> {
    const { metadata, version } = await this.usable(id, options)
    const schemaVersion = version ?? (await this.store.readVersion().catch(() => 0))
    const source = await restoredContent(this.store.db, id, metadata, version, options.signal)
    return this.files.create('in-store-export', { ...options, schemaVersion, source })
  }

  /** Exports `id`, then restores that file: the records under its prefix become exactly its records. */
  async restore(id: string, options: OperationOptions = {}): Promise<RestoreResult> {
    const exported = await this.export(id, options)
    const result = await this.files.restore(exported.id, { ...options, name: `Restore in-store backup ${id}` })
    return { ...result, backupId: id, viaBackupId: exported.id }
  }

  /** Removes one in-store backup, or every one (`all`), damaged ones included; BACKUP_NOT_FOUND for an unknown id. */
  async remove(which: { id: string } | { all: true }, signal?: AbortSignal): Promise<InStoreRemoval> {
    const listed = (await this.list()).map((backup) => backup.id)
    if ('id' in which && !listed.includes(which.id)) {
      throw new MeridianError('BACKUP_NOT_FOUND', `No in-store backup ${which.id} in ${this.store.dataDir}`)
    }
    return removeInStoreBackups(this.store, 'id' in which ? [which.id] : listed, signal)
  }
}
