import type { BackupKind } from '../../../shared/backup.ts'
import { MeridianError } from '../../../shared/errors.ts'
import { whyCheckpointUnusable } from '../backup/checkpoint-backups.ts'
import type { ProgressListener } from '../../../shared/progress.ts'
import type { RecoveryReport } from '../../../shared/store-status.ts'
import type { BackupService } from '../backup/backup-service.ts'
import { readBackupEntries, readBackupLayout } from '../backup/file/backup-reader.ts'
import { belongsTo, type BackupScope } from '../backup/folder/backup-owner.ts'
import type { Logger } from '../support/logger.ts'
import { readOperationRecord, type OperationRecord } from './operation-record.ts'
import { historyEntry } from './history-entry.ts'
import { runJournaled } from './journaled-operation.ts'
import type { MeridianStore } from '../store/store.ts'

/**
 * Reads a backup whole; false when it is missing or damaged, or (with `scope`) when it is of another store:
 * a shared backup folder must never put another store's records into this one.
 */
async function isIntact(path: string, id: string, scope?: BackupScope, kind?: BackupKind): Promise<boolean> {
  if (kind === 'checkpoint') {
    // A checkpoint is put back by swap, and checked as a rollback checks it: the store's own, every file at its size.
    return (await whyCheckpointUnusable(path, scope).catch(() => 'unreadable')) === null
  }
  try {
    const layout = await readBackupLayout(path, id)
    if (scope !== undefined && !belongsTo(layout.header, scope)) return false
    for await (const batch of readBackupEntries(path, layout)) void batch
    return true
  } catch {
    return false
  }
}

/**
 * Finishes what a killed process left: an operation note in the store means a migration or restore was cut off
 * between its first change and its commit. A restore that was applying is completed (its source backup was
 * verified before it started; merging it again is harmless); anything else is reverted from the backup of the
 * state before it. Both are merges, so a crash during recovery is recovered in turn by running this again.
 * The history gains a `recovered` entry (`success: false` with the reason when reverted, true when completed);
 * the note is cleared in the same synced batch.
 */
export async function recoverInterruptedOperation(
  store: MeridianStore,
  backups: BackupService,
  options: { logger?: Logger; onProgress?: ProgressListener } = {}
): Promise<RecoveryReport | null> {
  if (!(await readOperationRecord(store))) return null
  await store.beginWrite() // recovering writes: the directory itself, and only when no other process holds it
  // Read again from the directory itself: opening it to write finished any swap a killed process left, and when
  // that swap was the operation's commit, the note went with the old directory (the new one holds the entry).
  const record = await readOperationRecord(store)
  if (!record) return null
  const started = { at: record.startedAt, ms: performance.now() }
  // Only the backups the note names, and only this store's (a restore asked for with --any-store: its source).
  const sourceOwner = record.sourceOfAnotherStore === true ? undefined : backups.scope
  const complete =
    record.kind === 'restore' &&
    record.phase === 'applying' &&
    record.source &&
    (await isIntact(record.source.path, record.source.id, sourceOwner, record.source.kind))
  const outcome = complete ? 'completed' : 'reverted'
  const what =
    record.kind === 'migrate'
      ? `migration v${record.fromVersion} → v${record.toVersion}`
      : record.kind === 'repair'
        ? `repair (${record.name})` // keeps the keys it names as they are spelled
        : record.name.toLowerCase()
  const message =
    outcome === 'completed'
      ? `An interrupted ${what} was completed: the store now holds ${record.source?.id ?? 'the backup'}.`
      : `An interrupted ${what} was reverted: the store is as it was before it started (from ${record.revertTo.id}).`
  // The note is resumed, not written: a failure here leaves it, and the next use recovers again.
  await runJournaled({
    store,
    backups,
    note: record,
    resumed: true,
    salvageUnreadableHistory: true,
    apply: async (sealWith) => {
      // A checkpoint's swap writes the `recovered` entry into the store it swaps in (see CommitSeal).
      const seal = sealWith(undefined)
      if (complete && record.source) {
        await backups.mergeFrom(record.source, 'restore', { onProgress: options.onProgress, anyStore: record.sourceOfAnotherStore === true, seal })
        return
      }
      if (!(await isIntact(record.revertTo.path, record.revertTo.id, backups.scope, record.revertTo.kind))) throw await unrecoverable(record, backups)
      await backups.revert(record, options.onProgress, seal)
    },
    commit: () => ({
      entry: historyEntry({
        from: record.fromVersion,
        to: outcome === 'completed' ? record.toVersion : record.fromVersion,
        started,
        name: `Recovery: ${record.name}`,
        status: 'recovered',
        // Meridian reads `success` as "this run took the store to to_version": true only when it was completed.
        success: outcome === 'completed',
        error: outcome === 'completed' ? null : message,
        backupKey: outcome === 'completed' ? (record.source?.id ?? null) : record.revertTo.id
      })
    })
  })
  options.logger?.warn(message)
  return { operation: record.kind, outcome, message }
}

/** The store cannot be trusted and cannot be put back by itself: say so, and name the backup to restore. */
async function unrecoverable(record: OperationRecord, backups: BackupService): Promise<MeridianError> {
  let newest: string | null = null
  // The advice names this store's own backups only: another store's in a shared folder is not this one's past.
  for (const { id, path, kind } of await backups.repository.locations()) {
    if (await isIntact(path, id, backups.scope, kind)) {
      newest = id
      break
    }
  }
  return new MeridianError(
    'CORRUPT_DATABASE',
    `An interrupted ${record.kind} left the store part-way, and the backup it needs to put it back (${record.revertTo.id}) is missing, damaged or of another store. ` +
      (newest ? `Restore the newest verified backup, ${newest}.` : 'No intact backup of this store was found in the backup folder.')
  )
}
