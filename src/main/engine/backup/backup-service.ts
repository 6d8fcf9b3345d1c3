import { accessSync, constants } from 'node:fs'
import { unlink } from 'node:fs/promises'
import path from 'node:path'
import type { BackupInfo, BackupKind, BackupReason, RestoreResult, VerifyReport } from '../../../shared/backup.ts'
import { MeridianError } from '../../../shared/errors.ts'
import type { ProgressListener } from '../../../shared/progress.ts'
import { toIoError } from '../support/io-errors.ts'
import type { CommitSeal } from '../store/store-history.ts'
import type { MeridianStore } from '../store/store.ts'
import { readBackupEntries, readBackupLayout } from './file/backup-reader.ts'
import { assertOutsideStore, BackupRepository } from './folder/backup-repository.ts'
import { syncDirectory } from './file/atomic-file.ts'
import { writeBackup, type WriteBackupOptions } from './file/backup-writer.ts'
import { assertOwnBackup, scopeOf, type BackupScope } from './folder/backup-owner.ts'
import { pinBackups, pinnedIds, unpinBackups } from './folder/backup-pins.ts'
import { archivePutMethod, rebuildFromArchive } from './archive-rebuild.ts'
import { restoreMerge } from './restore-merge.ts'
import { writeOperationRecord, type BackupRef, type OperationRecord } from '../operations/operation-record.ts'
import { readArchiveWhole, restoreBackup } from './restore-backup.ts'
import type { MergeFromOptions, OperationOptions, RestoreOptions } from './operation-options.ts'
import { hashCheckpoint } from '../checkpoint/checkpoint-verify.ts'
import { archiveFromCheckpoint } from './archive-from-checkpoint.ts'
import { deleteCheckpointBackup, revertToCheckpoint, takeCheckpointBackup, verifyCheckpointBackup, whyCheckpointUnusable } from './checkpoint-backups.ts'
import type { Logger } from '../support/logger.ts'

export type { OperationOptions, RestoreOptions } from './operation-options.ts'

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
    return (await this.repository.list(this.scope, this.store.dataDir)).backups
  }

  /** This store's backups, and how many other stores' the folder holds (left out). */
  async listScoped(): Promise<{ backups: BackupInfo[]; otherStores: number }> {
    const { backups, otherStores } = await this.repository.list(this.scope, this.store.dataDir)
    return { backups, otherStores }
  }

  /** The reference an operation's note keeps of backup `id`: where it is and of which kind. */
  refOf(id: string): BackupRef {
    const { kind, path: where } = this.repository.locate(id)
    return { id, path: where, kind }
  }

  /**
   * The kind of safety net an operation takes: a checkpoint, which is put back by swapping directories, whenever
   * the folder holding the store can take the swap's new directory and journal; an archive otherwise.
   */
  safetyNetKind(): BackupKind {
    try {
      // Synchronous, and cheap: an operation decides its phases before it takes the store's gate.
      accessSync(path.dirname(this.store.dataDir), constants.W_OK)
      return 'checkpoint'
    } catch {
      return 'archive'
    }
  }

  /** The safety net before an operation that writes: a checkpoint (milliseconds) or an archive (see safetyNetKind). */
  async createSafetyNet(reason: BackupReason, options: OperationOptions & Pick<WriteBackupOptions, 'tally'> & { kind?: BackupKind } = {}): Promise<BackupInfo> {
    const kind = options.kind ?? this.safetyNetKind()
    if (kind === 'archive') return this.create(reason, options)
    // Its files are hashed by the caller (hashInBackground) when it suits: beside a long pass, after a short swap.
    return this.createCheckpoint(reason, options)
  }

  /** Takes a checkpoint of the store as it is now (see takeCheckpoint): hard links to its tables, synced, in milliseconds. */
  async createCheckpoint(reason: BackupReason, options: OperationOptions = {}): Promise<BackupInfo> {
    try {
      return await takeCheckpointBackup(this.store, this.repository, this.scope, reason, { signal: options.signal })
    } catch (error) {
      if (error instanceof MeridianError) throw error
      throw toIoError(error, `take a checkpoint in ${this.repository.dir}`)
    }
  }

  /**
   * The background half of a checkpoint: every file's SHA-256 into its manifest, after which it counts as hashed.
   * Never rejects: a checkpoint that could not be hashed stays unhashed, and the log says why. `idle` waits for it.
   */
  hashInBackground(id: string, log?: Logger): Promise<void> {
    const hashing = hashCheckpoint(this.repository.checkpointPathFor(id)).then(
      () => undefined,
      (error: unknown) => log?.warn(`Checkpoint ${id} could not be hashed, so it is not verified: ${(error as Error).message}`)
    )
    this.background.add(hashing)
    void hashing.finally(() => this.background.delete(hashing))
    return hashing
  }

  /** Work left running in the background (hashing checkpoints); a process waits for it before it exits. */
  async idle(): Promise<void> {
    while (this.background.size > 0) await Promise.all([...this.background])
  }

  private readonly background = new Set<Promise<void>>()

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

  /** The portable archive of checkpoint `id`, beside it (see archiveFromCheckpoint); reads the checkpoint only. */
  archiveCheckpoint(id: string, options: OperationOptions = {}): Promise<BackupInfo> {
    return archiveFromCheckpoint(this.repository, this.scope, this.store.dataDir, id, options)
  }

  /** Reads a backup whole; a damaged one is reported (ok: false), a missing one is BACKUP_NOT_FOUND. */
  async verify(id: string, options: OperationOptions = {}): Promise<VerifyReport> {
    const location = this.repository.locate(id)
    if (location.kind === 'checkpoint') return verifyCheckpointBackup(location.path, id, options)
    try {
      const { layout } = await readArchiveWhole(this.repository, id, options)
      return { id, ok: true, records: layout.footer.records, problem: null }
    } catch (error) {
      if (error instanceof MeridianError && error.code === 'BACKUP_CORRUPT') {
        return { id, ok: false, records: 0, problem: error.message }
      }
      throw error
    }
  }

  /**
   * Returns the store to backup `id` (see restore-backup.ts): checked whole first, a pre-restore safety net, the
   * operation noted, then an archive merged or a checkpoint swapped in.
   */
  restore(id: string, options: RestoreOptions = {}): Promise<RestoreResult> {
    return restoreBackup(this, this.store, id, options)
  }

  /**
   * Undoes an operation noted in `record`: marks it reverting (so a crash now is recovered by reverting again),
   * then merges the backup of the state before it. Runs to the end (no cancel). The caller commits the history
   * entry together with clearing the record, unless a checkpoint's swap wrote `seal` into the store it swapped in.
   */
  async revert(record: OperationRecord, onProgress?: ProgressListener, seal?: CommitSeal): Promise<void> {
    if (record.phase !== 'reverting') await writeOperationRecord(this.store, { ...record, phase: 'reverting' })
    await this.mergeFrom(record.revertTo, 'rollback', { onProgress, seal })
  }

  /**
   * Puts backup `ref` in place: a checkpoint by directory swap (see revertToCheckpoint), an archive rebuilt as a
   * new store and swapped in (see rebuildFromArchive), or merged into the store where the disk lacks the room, after
   * reading its two ends (the stream itself checks the rest). Only this store's backup, unless `anyStore` (a
   * restore of another store's backup that was asked for): BACKUP_OF_ANOTHER_STORE before anything is written
   * otherwise. A swap writes `seal` (the operation's commit) into the store it swaps in; a merge leaves the commit
   * to the caller.
   */
  async mergeFrom(ref: BackupRef, phase: 'rollback' | 'restore', options: MergeFromOptions = {}): Promise<void> {
    const { id, path: filePath } = ref
    const { onProgress } = options
    if (ref.kind === 'checkpoint') {
      // Another store's checkpoint, when asked for, is still checked: its manifest and every file's size.
      const why = await whyCheckpointUnusable(filePath, options.anyStore ? undefined : this.scope)
      if (why !== null) throw new MeridianError('BACKUP_CORRUPT', `Checkpoint ${id} cannot put the store back: ${why}`)
      await revertToCheckpoint(this.store, filePath, { phase, onProgress, seal: options.seal })
      return
    }
    const layout = await readBackupLayout(filePath, id)
    if (!options.anyStore) assertOwnBackup(id, layout.header, this.scope, ', so it is not merged into this one')
    const entries = readBackupEntries(filePath, layout)
    const total = layout.footer.records
    if ((await archivePutMethod(this.store.dataDir, layout)).method === 'rebuild') {
      await rebuildFromArchive(this.store, entries, { phase, total, onProgress, seal: options.seal })
      return
    }
    await restoreMerge(this.store.db, entries, { phase, total, onProgress })
  }

  /** Deletes backup `id` (the file or checkpoint folder, then the folder entry made durable); BUSY while an interrupted operation (of any store sharing the folder) pins it. */
  async delete(id: string): Promise<void> {
    const location = this.repository.locate(id)
    const file = location.path
    if ((await pinnedIds(this.repository.dir)).has(id)) {
      throw new MeridianError(
        'BUSY',
        `Backup ${id} is kept: an interrupted operation needs it to put its store back (this store, or another sharing ${this.repository.dir}). Open that store once to let it recover, then delete the backup.`
      )
    }
    if (location.kind === 'checkpoint') return deleteCheckpointBackup(this.repository, id, this.scope.storeId)
    try {
      await unlink(file)
      await syncDirectory(this.repository.dir)
    } catch (error) {
      throw toIoError(error, `delete backup ${id}`)
    }
  }
}
