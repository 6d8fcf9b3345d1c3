import type { ProgressListener } from '../../../shared/progress.ts'

/** What every long backup operation takes: a cancel, and where its progress goes. */
export interface OperationOptions {
  signal?: AbortSignal
  onProgress?: ProgressListener
}

/** A restore of another store's backup (one sharing this backup folder) happens only when asked for. */
export interface RestoreOptions extends OperationOptions {
  name?: string
  anyStore?: boolean
}
