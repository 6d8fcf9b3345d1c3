import { unlink } from 'node:fs/promises'
import type { BackupInfo, BackupReason, RestoreResult, VerifyReport } from '../../../shared/backup.ts'
import { MeridianError } from '../../../shared/errors.ts'
import type { ProgressListener } from '../../../shared/progress.ts'
import { toIoError } from '../io-errors.ts'
import { ProgressTracker } from '../progress-tracker.ts'
import type { MeridianStore } from '../store.ts'
import { readBackupEntries, readBackupLayout, type BackupLayout } from './backup-reader.ts'
import { assertOutsideStore, BackupRepository } from './backup-repository.ts'
import { syncDirectory } from './atomic-file.ts'
import { writeBackup, type WriteBackupOptions } from './backup-writer.ts'
import { assertChecksum } from './backup-checksum.ts'
import { storeIdOf } from './backup-temporaries.ts'
import { restoreMerge } from './restore-merge.ts'
import { clearOperationOp, writeOperationRecord, type OperationRecord } from '../operation-record.ts'

export interface OperationOptions {
  signal?: AbortSignal
  onProgress?: ProgressListener
}

/**
 * Backups of one store: take, list, verify, restore, and the rollback a failed migration needs. Callers hold
 * the store's exclusive gate around the operations that write (see MigrationManager).
 */
export class BackupService {
  readonly repository: BackupRepository

  constructor(
    private readonly store: MeridianStore,
    backupDir: string
  ) {
    assertOutsideStore(store.dataDir, backupDir)
    this.repository = new BackupRepository(backupDir)
  }

  async list(): Promise<BackupInfo[]> {
    return (await this.repository.list()).backups
  }

  /** Writes a backup of the whole store as it is now (or of `source`, with its version: an in-store backup's export). */
  async create(
    reason: BackupReason,
    options: OperationOptions & Pick<WriteBackupOptions, 'source' | 'tally'> & { schemaVersion?: number } = {}
  ): Promise<BackupInfo> {
    const schemaVersion = options.schemaVersion ?? (await this.store.readVersion().catch(() => 0))
    try {
      const storeId = storeIdOf(this.store.dataDir)
      await this.repository.removeStaleTemporaries(storeId)
      const id = await this.repository.allocateId(new Date(), storeId)
      return await writeBackup({
        db: this.store.db,
        dataDir: this.store.dataDir,
        finalPath: this.repository.pathFor(id),
        id,
        reason,
        schemaVersion,
        signal: options.signal,
        onProgress: options.onProgress,
        tally: options.tally,
        source: options.source
      })
    } catch (error) {
      if (error instanceof MeridianError) throw error
      throw toIoError(error, `write a backup to ${this.repository.dir}`)
    }
  }

  /** Reads a backup whole; a damaged one is reported (ok: false), a missing one is BACKUP_NOT_FOUND. */
  async verify(id: string, options: OperationOptions = {}): Promise<VerifyReport> {
    try {
      const { layout } = await this.checked(id, options)
      return { id, ok: true, records: layout.footer.records, problem: null }
    } catch (error) {
      if (error instanceof MeridianError && error.code === 'BACKUP_CORRUPT') {
        return { id, ok: false, records: 0, problem: error.message }
      }
      throw error
    }
  }

  /**
   * Reads every entry of backup `id` to prove it intact; BACKUP_CORRUPT otherwise. The file's checksum is checked
   * first, over its raw bytes, so a damaged file is refused before anything of it is decompressed.
   */
  private async checked(id: string, options: OperationOptions): Promise<{ file: string; layout: BackupLayout }> {
    const file = this.repository.existingPathFor(id)
    const layout = await readBackupLayout(file, id)
    await assertChecksum(file, layout, options.signal)
    const progress = new ProgressTracker('verify', layout.footer.records, options.onProgress)
    for await (const batch of readBackupEntries(file, layout, options.signal)) progress.advance(batch.length)
    progress.finish()
    return { file, layout }
  }

  /**
   * Returns the store to backup `id`: verify it whole, take a pre-restore backup, note the operation, then merge.
   * Cancelling or failing midway puts the pre-restore state back; a crash midway is finished on the next open
   * (see recovery.ts). History keeps its entries and gains a `restored` one.
   */
  async restore(id: string, options: OperationOptions & { name?: string } = {}): Promise<RestoreResult> {
    const started = performance.now()
    const startedAt = new Date().toISOString()
    const { file, layout } = await this.checked(id, options)
    const fromVersion = await this.store.readVersion().catch(() => 0)
    const safety = await this.create('pre-restore', { signal: options.signal, onProgress: options.onProgress })
    const record: OperationRecord = {
      kind: 'restore',
      phase: 'applying',
      startedAt,
      name: options.name ?? `Restore ${id}`,
      fromVersion,
      toVersion: layout.header.schemaVersion,
      revertTo: { id: safety.id, path: this.repository.pathFor(safety.id) },
      source: { id, path: file }
    }
    let counts
    let durationMs
    try {
      await writeOperationRecord(this.store, record)
      counts = await restoreMerge(this.store.db, readBackupEntries(file, layout), {
        phase: 'restore',
        total: layout.footer.records,
        onProgress: options.onProgress,
        signal: options.signal
      })
      durationMs = Math.round(performance.now() - started)
      // The commit point; if even this write fails, the restore is undone below like any other failure.
      await this.store.commitHistory(
        {
          from_version: fromVersion,
          to_version: layout.header.schemaVersion,
          started_at: startedAt,
          completed_at: new Date().toISOString(),
          items_migrated: counts.written + counts.deleted,
          backup_key: id,
          success: true,
          error: null,
          name: record.name,
          status: 'restored',
          duration_ms: durationMs,
          items_total: layout.footer.records
        },
        undefined,
        { salvageUnreadable: true, extraOps: [clearOperationOp] }
      )
    } catch (error) {
      const cancelled = error instanceof MeridianError && error.code === 'CANCELLED'
      await this.revert(record, options.onProgress).catch((revertError: unknown) => {
        // The operation note stays in the store: the next open finishes putting the store back.
        const coded = toIoError(revertError, 'put the store back')
        throw new MeridianError(
          coded.code,
          `Restore of ${id} failed (${(error as Error).message}) and putting the store back failed too (${coded.message}); it will be put back from ${safety.id} when the store is next opened.`,
          { cause: revertError }
        )
      })
      await this.store.commitHistory(
        {
          from_version: fromVersion,
          to_version: fromVersion,
          started_at: startedAt,
          completed_at: new Date().toISOString(),
          items_migrated: 0,
          backup_key: safety.id,
          success: false,
          error: cancelled ? 'Restore cancelled' : (error as Error).message,
          name: record.name,
          status: cancelled ? 'cancelled' : 'failed',
          duration_ms: Math.round(performance.now() - started)
        },
        undefined,
        { salvageUnreadable: true, extraOps: [clearOperationOp] }
      )
      throw toIoError(error, `restore ${id}`)
    }
    return {
      backupId: id,
      preRestoreBackupId: safety.id,
      fromVersion,
      toVersion: layout.header.schemaVersion,
      keysWritten: counts.written,
      keysDeleted: counts.deleted,
      durationMs
    }
  }

  /**
   * Undoes an operation noted in `record`: marks it reverting (so a crash now is recovered by reverting again),
   * then merges the backup of the state before it. Runs to the end (no cancel). The caller commits the history
   * entry together with clearing the record.
   */
  async revert(record: OperationRecord, onProgress?: ProgressListener): Promise<void> {
    if (record.phase !== 'reverting') await writeOperationRecord(this.store, { ...record, phase: 'reverting' })
    await this.mergeFrom(record.revertTo.path, record.revertTo.id, 'rollback', onProgress)
  }

  /** Merges backup file `path` into the store after reading its two ends; the stream itself checks the rest. */
  async mergeFrom(filePath: string, id: string, phase: 'rollback' | 'restore', onProgress?: ProgressListener): Promise<void> {
    const layout = await readBackupLayout(filePath, id)
    await restoreMerge(this.store.db, readBackupEntries(filePath, layout), { phase, total: layout.footer.records, onProgress })
  }

  /** Deletes backup `id` (the file, then the folder entry made durable). */
  async delete(id: string): Promise<void> {
    const file = this.repository.existingPathFor(id)
    try {
      await unlink(file)
      await syncDirectory(this.repository.dir)
    } catch (error) {
      throw toIoError(error, `delete backup ${id}`)
    }
  }

}
