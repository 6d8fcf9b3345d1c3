import { unlink } from 'node:fs/promises'
import type { BackupInfo, BackupReason, RestoreResult, VerifyReport } from '../../../shared/backup.ts'
import { MeridianError } from '../../../shared/errors.ts'
import type { ProgressListener } from '../../../shared/progress.ts'
import { toIoError } from '../support/io-errors.ts'
import { ProgressTracker } from '../support/progress-tracker.ts'
import type { MeridianStore } from '../store/store.ts'
import { readBackupEntries, readBackupLayout, type BackupLayout } from './file/backup-reader.ts'
import { assertOutsideStore, BackupRepository } from './folder/backup-repository.ts'
import { syncDirectory } from './file/atomic-file.ts'
import { writeBackup, type WriteBackupOptions } from './file/backup-writer.ts'
import { assertChecksum } from './file/backup-checksum.ts'
import { assertOwnBackup, belongsTo, scopeOf, type BackupScope } from './folder/backup-owner.ts'
import { pinBackups, pinnedIds, unpinBackups } from './folder/backup-pins.ts'
import { restoreMerge } from './restore-merge.ts'
import { writeOperationRecord, type BackupRef, type OperationRecord } from '../operations/operation-record.ts'
import { historyEntry, startOperation } from '../operations/history-entry.ts'
import { runJournaled } from '../operations/journaled-operation.ts'

export interface OperationOptions {
  signal?: AbortSignal
  onProgress?: ProgressListener
}

/** A restore of another store's backup (one sharing this backup folder) happens only when asked for. */
export interface RestoreOptions extends OperationOptions {
  name?: string
  anyStore?: boolean
}

const refsOf = (record: OperationRecord): BackupRef[] => (record.source ? [record.revertTo, record.source] : [record.revertTo])

/**
 * Backups of one store: take, list, verify, restore, and the rollback a failed migration needs. Callers hold
 * the store's exclusive gate around the operations that write (see MigrationManager).
 */
export class BackupService {
  readonly repository: BackupRepository
  /** The store as the backup folder sees it (backup-owner.ts): the folder may be shared, and only its backups are its own. */
  readonly scope: BackupScope

  constructor(
    private readonly store: MeridianStore,
    backupDir: string
  ) {
    assertOutsideStore(store.dataDir, backupDir)
    this.repository = new BackupRepository(backupDir)
    this.scope = scopeOf(store.dataDir, backupDir)
  }

  /** This store's backups, newest first. */
  async list(): Promise<BackupInfo[]> {
    return (await this.repository.list(this.scope)).backups
  }

  /** This store's backups, and how many other stores' the folder holds (left out). */
  async listScoped(): Promise<{ backups: BackupInfo[]; otherStores: number }> {
    const { backups, otherStores } = await this.repository.list(this.scope)
    return { backups, otherStores }
  }

  /** Every backup in the folder, of any store (a restore with --any-store looks there). */
  async listAllStores(): Promise<BackupInfo[]> {
    return (await this.repository.list()).backups
  }

  /**
   * Pins the backups an operation's note names (backup-pins.ts), before the note is written: from then on no
   * prune, of this store or another sharing the folder, deletes them.
   */
  async pin(record: OperationRecord): Promise<void> {
    try {
      await pinBackups(refsOf(record), this.scope.storeId, { kind: record.kind, startedAt: record.startedAt, dataDir: this.store.dataDir })
    } catch (error) {
      throw toIoError(error, `pin the backups of ${record.name.toLowerCase()} in ${this.repository.dir}`)
    }
  }

  /** Unpins them once the note is cleared; a pin that cannot be removed only keeps a backup longer. */
  async unpin(record: OperationRecord): Promise<void> {
    await unpinBackups(refsOf(record), this.scope.storeId).catch(() => undefined)
  }

  /**
   * Removes what killed writers of this store left in the backup folder (temporaries, id claims of dead processes);
   * nothing of a live process or of another store. A folder that does not exist or cannot be written is left as is.
   */
  async removeLeftovers(): Promise<string[]> {
    return this.repository.removeStaleTemporaries(this.scope.storeId).catch(() => [])
  }

  /** Writes a backup of the whole store as it is now (or of `source`, with its version: an in-store backup's export). */
  async create(
    reason: BackupReason,
    options: OperationOptions & Pick<WriteBackupOptions, 'source' | 'tally'> & { schemaVersion?: number } = {}
  ): Promise<BackupInfo> {
    const schemaVersion = options.schemaVersion ?? (await this.store.readVersion().catch(() => 0))
    try {
      await this.repository.removeStaleTemporaries(this.scope.storeId)
      const id = await this.repository.allocateId(new Date(), this.scope.storeId)
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
   * (see recovery.ts). History keeps its entries and gains a `restored` one. Another store's backup (a shared
   * folder) is BACKUP_OF_ANOTHER_STORE, before anything is read or written, unless `anyStore`.
   */
  async restore(id: string, options: RestoreOptions = {}): Promise<RestoreResult> {
    const started = startOperation()
    const header = (await readBackupLayout(this.repository.existingPathFor(id), id)).header
    const ofAnotherStore = !belongsTo(header, this.scope)
    if (ofAnotherStore && !options.anyStore) assertOwnBackup(id, header, this.scope, ': pass --any-store to restore it anyway')
    const { file, layout } = await this.checked(id, options)
    const fromVersion = await this.store.readVersion().catch(() => 0)
    const toVersion = layout.header.schemaVersion
    const safety = await this.create('pre-restore', { signal: options.signal, onProgress: options.onProgress })
    const note: OperationRecord = {
      kind: 'restore',
      phase: 'applying',
      startedAt: started.at,
      name: options.name ?? `Restore ${id}`,
      fromVersion,
      toVersion,
      revertTo: { id: safety.id, path: this.repository.pathFor(safety.id) },
      source: { id, path: file },
      ...(ofAnotherStore ? { sourceOfAnotherStore: true } : {})
    }
    const facts = { started, name: note.name }
    const { counts, durationMs } = await runJournaled({
      store: this.store,
      backups: this,
      note,
      salvageUnreadableHistory: true,
      onProgress: options.onProgress,
      apply: async () => {
        const counts = await restoreMerge(this.store.db, readBackupEntries(file, layout), {
          phase: 'restore',
          total: layout.footer.records,
          onProgress: options.onProgress,
          signal: options.signal
        })
        return { counts, durationMs: Math.round(performance.now() - started.ms) }
      },
      commit: ({ counts, durationMs }) => ({
        entry: historyEntry({
          ...facts,
          from: fromVersion,
          to: toVersion,
          status: 'restored',
          success: true,
          itemsMigrated: counts.written + counts.deleted,
          itemsTotal: layout.footer.records,
          backupKey: id,
          durationMs
        })
      }),
      revert: {
        record: (error) => {
          const cancelled = error instanceof MeridianError && error.code === 'CANCELLED'
          const status = cancelled ? 'cancelled' : 'failed'
          const reason = cancelled ? 'Restore cancelled' : (error as Error).message
          return { entry: historyEntry({ ...facts, from: fromVersion, to: fromVersion, status, success: false, error: reason, backupKey: safety.id }) }
        },
        failed: (error) => toIoError(error, `restore ${id}`),
        putBackFailed: (error, putBackError) => {
          // The operation note stays in the store: the next open finishes putting the store back.
          const coded = toIoError(putBackError, 'put the store back')
          return new MeridianError(
            coded.code,
            `Restore of ${id} failed (${(error as Error).message}) and putting the store back failed too (${coded.message}); it will be put back from ${safety.id} before anything else runs on the store (its next use, in this process or another).`,
            { cause: putBackError }
          )
        }
      }
    })
    return {
      backupId: id,
      preRestoreBackupId: safety.id,
      fromVersion,
      toVersion,
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
    await this.mergeFrom(record.revertTo, 'rollback', { onProgress })
  }

  /**
   * Merges backup file `ref` into the store after reading its two ends; the stream itself checks the rest. Only
   * this store's backup, unless `anyStore` (a restore of another store's backup that was asked for):
   * BACKUP_OF_ANOTHER_STORE before anything is written otherwise.
   */
  async mergeFrom(ref: BackupRef, phase: 'rollback' | 'restore', options: { onProgress?: ProgressListener; anyStore?: boolean } = {}): Promise<void> {
    const { id, path: filePath } = ref
    const { onProgress } = options
    const layout = await readBackupLayout(filePath, id)
    if (!options.anyStore) assertOwnBackup(id, layout.header, this.scope, ', so it is not merged into this one')
    await restoreMerge(this.store.db, readBackupEntries(filePath, layout), { phase, total: layout.footer.records, onProgress })
  }

  /** Deletes backup `id` (the file, then the folder entry made durable). */
  /** Deletes backup `id`; BUSY while an interrupted operation (of any store sharing the folder) pins it. */
  async delete(id: string): Promise<void> {
    const file = this.repository.existingPathFor(id)
    if ((await pinnedIds(this.repository.dir)).has(id)) {
      throw new MeridianError(
        'BUSY',
        `Backup ${id} is kept: an interrupted operation needs it to put its store back (this store, or another sharing ${this.repository.dir}). Open that store once to let it recover, then delete the backup.`
      )
    }
    try {
      await unlink(file)
      await syncDirectory(this.repository.dir)
    } catch (error) {
      throw toIoError(error, `delete backup ${id}`)
    }
  }
}
