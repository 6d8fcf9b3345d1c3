import type { RestoreResult } from '../../../shared/backup.ts'
import { MeridianError } from '../../../shared/errors.ts'
import { readCheckpointManifest } from '../checkpoint/checkpoint-manifest.ts'
import { proveCheckpoint } from '../checkpoint/checkpoint-verify.ts'
import { historyEntry, startOperation } from '../operations/history-entry.ts'
import { runJournaled } from '../operations/journaled-operation.ts'
import type { BackupRef, OperationRecord } from '../operations/operation-record.ts'
import { throwIfAborted } from '../store/store-scan.ts'
import type { MeridianStore } from '../store/store.ts'
import { toIoError } from '../support/io-errors.ts'
import { ProgressTracker } from '../support/progress-tracker.ts'
import type { BackupInfo, BackupReason } from '../../../shared/backup.ts'
import type { JournalBackups } from '../operations/journaled-operation.ts'
import type { BackupScope } from './folder/backup-owner.ts'
import type { MergeFromOptions, OperationOptions, RestoreOptions } from './operation-options.ts'
import { assertChecksum } from './file/backup-checksum.ts'
import { readBackupEntries, readBackupLayout, type BackupLayout } from './file/backup-reader.ts'
import { assertOwnBackup, belongsTo } from './folder/backup-owner.ts'
import type { BackupRepository } from './folder/backup-repository.ts'
import { archivePutMethod, buildFromArchive, swapInPrebuilt, type ArchivePutMethod, type PrebuiltStore } from './archive-rebuild.ts'
import { restoreMerge } from './restore-merge.ts'

/** What a restore needs of the backup service (declared here: the service's restore is this module). */
export interface RestoreBackups extends JournalBackups {
  readonly repository: BackupRepository
  readonly scope: BackupScope
  refOf(id: string): BackupRef
  createSafetyNet(reason: BackupReason, options: OperationOptions): Promise<BackupInfo>
  mergeFrom(ref: BackupRef, phase: 'rollback' | 'restore', options: MergeFromOptions): Promise<void>
  hashInBackground(id: string): Promise<void>
}

/** What a restore's change did, for its history entry and result. */
interface RestoreApplied {
  counts: { written: number; deleted: number }
  durationMs: number
}

/** What a restore found of its source before writing anything. */
interface RestoreSource {
  ofAnotherStore: boolean
  toVersion: number
  records: number | null
  /** The archive, checked, and how it is put in place; null for a checkpoint. */
  archive: { file: string; layout: BackupLayout; put: ArchivePutMethod } | null
}

/**
 * Reads every entry of backup `id` to prove it intact; BACKUP_CORRUPT otherwise. The file's checksum is checked
 * first, over its raw bytes, so a damaged file is refused before anything of it is decompressed.
 */
export async function readArchiveWhole(repository: BackupRepository, id: string, options: OperationOptions): Promise<{ file: string; layout: BackupLayout }> {
  const file = repository.existingPathFor(id)
  const layout = await readBackupLayout(file, id)
  await assertChecksum(file, layout, options.signal)
  const progress = new ProgressTracker('verify', layout.footer.records, options.onProgress)
  for await (const batch of readBackupEntries(file, layout, options.signal)) progress.advance(batch.length)
  progress.finish()
  return { file, layout }
}

/**
 * Returns the store to backup `id`: check it, take a pre-restore backup, note the operation, then put it in place.
 * A checkpoint is swapped in. An archive is first written out as a new store beside the live one, which stays as
 * it is meanwhile, then swapped in (merged into the live store instead when the disk lacks the room: see
 * archivePutMethod). Cancelling or failing midway puts the pre-restore state back; a crash midway is finished on
 * the next open (see recovery.ts). History keeps its entries and gains a `restored` one. Another store's backup
 * (a shared folder) is BACKUP_OF_ANOTHER_STORE, before anything is read or written, unless `anyStore`.
 */
export async function restoreBackup(backups: RestoreBackups, store: MeridianStore, id: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  const started = startOperation()
  const source = backups.refOf(id)
  const checked = source.kind === 'checkpoint' ? await checkedCheckpoint(backups, source, options) : await checkedArchive(backups, store, id, options)
  const fromVersion = await store.readVersion().catch(() => 0)
  // An archive is written out as a new store before anything else: a bad one, or a cancel, leaves all as it was.
  const prebuilt = checked.archive?.put.method === 'rebuild' ? await prebuild(store, checked.archive, options) : null
  try {
    return await applyRestore(backups, store, id, { started, source, checked, fromVersion, prebuilt }, options)
  } finally {
    await prebuilt?.discard()
  }
}

/** What a restore has settled before its journaled part. */
interface RestoreStart {
  started: ReturnType<typeof startOperation>
  source: BackupRef
  checked: RestoreSource
  fromVersion: number
  prebuilt: PrebuiltStore | null
}

async function prebuild(store: MeridianStore, archive: NonNullable<RestoreSource['archive']>, options: RestoreOptions): Promise<PrebuiltStore> {
  const { file, layout } = archive
  return buildFromArchive(store.dataDir, store.kind, readBackupEntries(file, layout, options.signal), {
    phase: 'restore',
    total: layout.footer.records,
    onProgress: options.onProgress,
    signal: options.signal
  })
}

/** The safety net, the note, the change and its commit (see runJournaled). */
async function applyRestore(backups: RestoreBackups, store: MeridianStore, id: string, start: RestoreStart, options: RestoreOptions): Promise<RestoreResult> {
  const { started, source, checked, fromVersion, prebuilt } = start
  const { ofAnotherStore, toVersion } = checked
  const safety = await backups.createSafetyNet('pre-restore', { signal: options.signal, onProgress: options.onProgress })
  const note: OperationRecord = {
    kind: 'restore',
    phase: 'applying',
    startedAt: started.at,
    name: options.name ?? `Restore ${id}`,
    fromVersion,
    toVersion,
    revertTo: backups.refOf(safety.id),
    source,
    ...(ofAnotherStore ? { sourceOfAnotherStore: true } : {})
  }
  const facts = { started, name: note.name }
  // The pre-restore checkpoint is hashed once the restore is over, so it does not compete with the restore's own check.
  const hashSafetyNet = (): void => {
    if (safety.kind === 'checkpoint') void backups.hashInBackground(safety.id)
  }
  const { counts, durationMs } = await runJournaled<RestoreApplied>({
    store: store,
    backups,
    note,
    salvageUnreadableHistory: true,
    onProgress: options.onProgress,
    onCommitted: options.onCommitted,
    apply: async (sealWith) => {
      const elapsed = (): number => Math.round(performance.now() - started.ms)
      if (prebuilt) {
        // The history entry goes into the rebuilt store: the swap is the commit.
        const applied = { counts: { written: prebuilt.written, deleted: 0 }, durationMs: elapsed() }
        await swapInPrebuilt(store, prebuilt, sealWith(applied))
        return applied
      }
      if (checked.archive) {
        const { file, layout } = checked.archive
        const counts = await restoreMerge(store.db, readBackupEntries(file, layout), {
          phase: 'restore',
          total: layout.footer.records,
          onProgress: options.onProgress,
          signal: options.signal
        })
        return { counts, durationMs: elapsed() }
      }
      // A checkpoint is swapped in whole, with the `restored` entry already in it: no key is written, so none is counted.
      throwIfAborted(options.signal, 'The restore')
      const applied = { counts: { written: 0, deleted: 0 }, durationMs: elapsed() }
      await backups.mergeFrom(source, 'restore', { anyStore: ofAnotherStore, onProgress: options.onProgress, seal: sealWith(applied) })
      return applied
    },
    commit: ({ counts, durationMs }) => ({
      entry: historyEntry({
        ...facts,
        from: fromVersion,
        to: toVersion,
        status: 'restored',
        success: true,
        itemsMigrated: counts.written + counts.deleted,
        itemsTotal: checked.records ?? 0,
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
  }).finally(hashSafetyNet)
  return {
    backupId: id,
    preRestoreBackupId: safety.id,
    fromVersion,
    toVersion,
    keysWritten: counts.written,
    keysDeleted: counts.deleted,
    method: checked.archive ? checked.archive.put.method : 'swap',
    ...(checked.archive?.put.method === 'merge' ? { mergedBecause: checked.archive.put.reason } : {}),
    durationMs
  }
}

/**
 * An archive to restore; BACKUP_OF_ANOTHER_STORE before anything is read unless `anyStore`. One to be merged into
 * the live store is read whole first (checksum, then every entry), since a merge changes the store as it goes. One
 * to be rebuilt from is checked as the new store is written, which nothing uses until the swap: each block's CRC-32
 * before it is decompressed, the file's SHA-256 at the end of the same read (readBackupEntries). A separate
 * checksum pass first would read the whole file once more for nothing: 0.7 s of a 183 MB archive, measured.
 */
async function checkedArchive(backups: RestoreBackups, store: MeridianStore, id: string, options: RestoreOptions): Promise<RestoreSource> {
  const file = backups.repository.existingPathFor(id)
  const layout = await readBackupLayout(file, id)
  const ofAnotherStore = !belongsTo(layout.header, backups.scope)
  if (ofAnotherStore && !options.anyStore) assertOwnBackup(id, layout.header, backups.scope, ': pass --any-store to restore it anyway')
  const put = await archivePutMethod(store.dataDir, layout)
  if (put.method === 'merge') await readArchiveWhole(backups.repository, id, options)
  return { ofAnotherStore, toVersion: layout.header.schemaVersion, records: layout.footer.records, archive: { file, layout, put } }
}

/**
 * A checkpoint to restore: every file against its SHA-256 (hashed now when the background hashing has not
 * finished), so a changed table is refused before anything is written; BACKUP_CORRUPT otherwise.
 */
async function checkedCheckpoint(backups: RestoreBackups, source: BackupRef, options: RestoreOptions): Promise<RestoreSource> {
  const manifest = await readCheckpointManifest(source.path)
  const ofAnotherStore = !belongsTo(manifest, backups.scope)
  if (ofAnotherStore && !options.anyStore) assertOwnBackup(source.id, manifest, backups.scope, ': pass --any-store to restore it anyway')
  const check = await proveCheckpoint(source.path, options)
  if (!check.ok) throw new MeridianError('BACKUP_CORRUPT', `Checkpoint ${source.id} cannot be restored: ${check.problem ?? 'it does not match its manifest'}`)
  return { ofAnotherStore, toVersion: manifest.schemaVersion, records: manifest.records ?? null, archive: null }
}
