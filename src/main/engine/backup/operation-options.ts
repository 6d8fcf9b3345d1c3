import type { ProgressListener } from '../../../shared/progress.ts'
import type { CommitSeal } from '../store/store-history.ts'

/** What every long backup operation takes: a cancel, and where its progress goes. */
export interface OperationOptions {
  signal?: AbortSignal
  onProgress?: ProgressListener
  /**
   * Called once, the moment a writing operation's commit is durable: from then a cancel changes nothing (the
   * operation ends as committed), which a host says rather than promising to put the store back.
   */
  onCommitted?: () => void
}

/** A restore of another store's backup (one sharing this backup folder) happens only when asked for. */
export interface RestoreOptions extends OperationOptions {
  name?: string
  anyStore?: boolean
}

/** How a backup is put in place (see BackupService.mergeFrom). */
export interface MergeFromOptions {
  onProgress?: ProgressListener
  /** Another store's backup, asked for. */
  anyStore?: boolean
  /** The operation's commit, written by a checkpoint's swap into the store it swaps in (see CommitSeal). */
  seal?: CommitSeal
}
