import type { BackupInfo } from '../../../shared/backup.ts'
import { MeridianError } from '../../../shared/errors.ts'
import type { BackupService, OperationOptions } from '../backup/backup-service.ts'
import { historyEntry, startOperation } from '../operations/history-entry.ts'
import { runJournaled } from '../operations/journaled-operation.ts'
import type { OperationRecord } from '../operations/operation-record.ts'
import { toIoError } from '../support/io-errors.ts'
import { throwIfAborted } from '../store/store-scan.ts'
import type { MeridianStore } from '../store/store.ts'

export interface RepairWrite<T> extends OperationOptions {
  store: MeridianStore
  backups: BackupService
  /** What the history entry and the journal note call it, e.g. `Repair: delete task:abc`. */
  name: string
  /** Work between the safety net and the note (the set-aside archive): a failure here has written nothing to the store. */
  prepare?: (safety: BackupInfo) => Promise<void>
  /** The writes themselves, inside the journal: a failure or a crash here puts the store back from the safety net. */
  apply: () => Promise<T>
  /** Records written or deleted, for the history entry. */
  items: (applied: T) => number
}

export interface RepairWritten<T> {
  applied: T
  backupId: string
  durationMs: number
}

/**
 * Every repair writes the way a migration does: a safety-net backup of the whole store first (`pre-repair`), then
 * the journaled protocol (note, apply, one synced commit with a `repaired` history entry; any failure put back
 * from the safety net and recorded as failed; a crash reverted on the next open). The version does not change.
 */
export async function runRepairWrite<T>(work: RepairWrite<T>): Promise<RepairWritten<T>> {
  const { store, backups, name } = work
  const started = startOperation()
  const version = await store.readVersion()
  const safety = await backups.createSafetyNet('pre-repair', { signal: work.signal, onProgress: work.onProgress })
  await work.prepare?.(safety)
  throwIfAborted(work.signal, 'The repair')
  const note: OperationRecord = {
    kind: 'repair',
    phase: 'applying',
    startedAt: started.at,
    name,
    fromVersion: version,
    toVersion: version,
    revertTo: backups.refOf(safety.id),
    source: null
  }
  const facts = { from: version, to: version, started, name, backupKey: safety.id }
  const applied = await runJournaled({
    store,
    backups,
    note,
    onProgress: work.onProgress,
    onCommitted: work.onCommitted,
    apply: work.apply,
    commit: (applied) => ({ entry: historyEntry({ ...facts, status: 'repaired', success: true, itemsMigrated: work.items(applied) }) }),
    revert: {
      record: (error) => ({ entry: historyEntry({ ...facts, status: 'failed', success: false, error: (error as Error).message }) }),
      failed: (error) => (error instanceof MeridianError ? error : toIoError(error, name.toLowerCase())),
      putBackFailed: (error, putBackError) => {
        const coded = toIoError(putBackError, 'put the store back')
        return new MeridianError(
          coded.code,
          `${name} failed (${(error as Error).message}) and putting the store back failed too (${coded.message}); it will be put back from ${safety.id} before anything else runs on the store (its next use, in this process or another).`,
          { cause: putBackError }
        )
      }
    }
  }).finally(() => {
    // Hashed once the repair is over (a checkpoint's files, in worker threads): it never slows the write itself.
    if (safety.kind === 'checkpoint') void backups.hashInBackground(safety.id)
  })
  return { applied, backupId: safety.id, durationMs: Math.round(performance.now() - started.ms) }
}
