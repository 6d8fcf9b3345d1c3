import type { HistoryEntry } from '../../../shared/history.ts'
import type { ProgressListener } from '../../../shared/progress.ts'
import type { CommitSeal, HistoryCommit } from '../store/store-history.ts'
import type { MeridianStore } from '../store/store.ts'
import { clearOperationOp, clearOperationRecord, writeOperationRecord, type OperationRecord } from './operation-record.ts'

/** What the commit writes together with clearing the note, in one synced batch. */
export interface JournalCommit {
  entry: HistoryEntry
  /** `_schema_version` after the operation; left as it is when absent. */
  version?: number
}

/** How a run that failed or was cancelled ends once the store is put back. */
export interface JournalRevert {
  /** The history entry recording the run; null when it leaves none (the note is then cleared alone). */
  record: (error: unknown) => JournalCommit | null
  /** The error to throw once the store is put back and the run recorded. */
  failed: (error: unknown) => Error | Promise<Error>
  /** The error to throw when putting back or recording fails too: the note stays, the next use puts the store back. */
  putBackFailed: (error: unknown, putBackError: unknown) => Error
}

/**
 * What the protocol needs of the backup service (declared here, not imported: the service's restore runs this
 * protocol, so importing its type back would tie the two modules in a cycle).
 */
export interface JournalBackups {
  /** Keeps the note's backups from any prune while the note may name them. */
  pin(note: OperationRecord): Promise<void>
  unpin(note: OperationRecord): Promise<void>
  /**
   * Puts the store back as the note's backup holds it. A put-back by directory swap writes `seal` (the run's
   * record) into the store it swaps in, so nothing is written after the swap.
   */
  revert(note: OperationRecord, onProgress?: ProgressListener, seal?: CommitSeal): Promise<void>
}

export interface JournaledOperation<T> {
  store: MeridianStore
  backups: JournalBackups
  /** The journal note: from the moment it is durable, a crash is recovered from it (see recovery.ts). */
  note: OperationRecord
  /** The note is already in the store (a recovery resumes it): it is neither pinned nor written again. */
  resumed?: boolean
  /** An unreadable history is moved aside instead of refused: restores and recovery must work on damaged stores. */
  salvageUnreadableHistory?: boolean
  /**
   * The change itself. An apply that replaces the store's directory passes `sealWith(applied)` to the swap, which
   * writes the commit into the store it swaps in: the swap is then the commit point, and nothing is written after it.
   */
  apply: (sealWith: (applied: T) => CommitSeal) => Promise<T>
  /** The commit, once `apply` returned. */
  commit: (applied: T) => JournalCommit
  /** Undoing a failure or cancel; without it (a resumed note) a failure leaves the note for the next recovery. */
  revert?: JournalRevert
  onProgress?: ProgressListener
  /** Told the moment the commit is durable (see OperationOptions.onCommitted). */
  onCommitted?: () => void
}

/**
 * The one protocol of every long operation that writes (migrate, restore, and the recovery of either): pin the
 * backups the note names, write the note synced (store files flushed first: the power-loss barrier), apply, then
 * commit — the history entry, the version and the clearing of the note in one synced batch (or, where the change
 * is a directory swap, the same batch written into the store swapped in: see CommitSeal). Any failure or cancel
 * before that commit puts the store back from the note's `revertTo` backup and records the run; a crash at any
 * point is finished from the note on the next open. Fault points are those of the steps (operation record, commit).
 */
export async function runJournaled<T>(operation: JournaledOperation<T>): Promise<T> {
  const { store, backups, note } = operation
  try {
    if (!operation.resumed) {
      // Pinned first: no prune of a store sharing the backup folder deletes a backup the note is about to name.
      await backups.pin(note)
      await writeOperationRecord(store, note)
    }
    let sealed = false
    const sealWith =
      (applied: T): CommitSeal =>
      () => {
        sealed = true
        return historyCommitOf(operation, operation.commit(applied))
      }
    const applied = await operation.apply(sealWith)
    // The commit point, unless the swap was; if even this write fails, the operation is undone below like any other failure.
    if (!sealed) await commit(operation, operation.commit(applied))
    operation.onCommitted?.()
    await backups.unpin(note)
    return applied
  } catch (error) {
    if (!operation.revert) throw error
    throw await putBack(operation, operation.revert, error)
  }
}

/** Puts the store back from the note's backup and records the run; returns the error to throw. */
async function putBack<T>(operation: JournaledOperation<T>, revert: JournalRevert, error: unknown): Promise<Error> {
  const { store, backups, note } = operation
  try {
    // Never through a handle a write error has left unsure: its later writes may be gone at the next open.
    await store.reopenAfterWriteError()
    const recorded = revert.record(error)
    let sealed = false
    const seal: CommitSeal | undefined = recorded
      ? () => {
          sealed = true
          return historyCommitOf(operation, recorded)
        }
      : undefined
    await backups.revert(note, operation.onProgress, seal)
    // A swap that sealed the record left a store with no note: nothing is left to write.
    if (!sealed) await (recorded ? commit(operation, recorded) : clearOperationRecord(store))
    await backups.unpin(note)
  } catch (putBackError) {
    return revert.putBackFailed(error, putBackError)
  }
  return revert.failed(error)
}

function historyCommitOf<T>(operation: JournaledOperation<T>, { entry, version }: JournalCommit): HistoryCommit {
  return { entry, version, salvageUnreadable: operation.salvageUnreadableHistory === true, extraOps: [clearOperationOp] }
}

function commit<T>(operation: JournaledOperation<T>, journalCommit: JournalCommit): Promise<void> {
  return operation.store.commitHistory(historyCommitOf(operation, journalCommit))
}
