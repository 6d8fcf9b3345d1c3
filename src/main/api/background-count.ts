import type { MigrationManager, StoreCounts } from '../engine/index.ts'
import { MeridianError } from '../../shared/errors.ts'
import type { ApiEventHub } from './api-events.ts'

const STOPPED = 'The count was stopped: the store changed, or was closed or switched, while it ran; count again'

/**
 * The record count a host runs for its pages (store.counts): one at a time, shared by every caller until it ends,
 * its progress and the counts so far sent as `counts-progress` events. Not a long call of the session's `run`: a
 * read that neither blocks an operation nor is cancelled by `operation.cancel`, but is stopped when the store is
 * about to change or go (what it counts would be stale, and its read would hold the handle open).
 */
export class BackgroundCount {
  private counting: { controller: AbortController; counts: Promise<StoreCounts> } | null = null

  constructor(private readonly events: ApiEventHub) {}

  /** The count in flight, or a new one of `manager`'s store. */
  of(manager: MigrationManager): Promise<StoreCounts> {
    if (this.counting) return this.counting.counts
    const controller = new AbortController()
    const counts = manager
      .recordCounts({
        signal: controller.signal,
        onProgress: (progress) => this.events.emit({ type: 'counts-progress', progress, partial: null }),
        onPartial: (partial) => this.events.emit({ type: 'counts-progress', progress: null, partial })
      })
      .catch((error: unknown) => {
        // Stopped: whatever the read hit as the store went (a closed handle), the answer is that it was stopped.
        if (controller.signal.aborted) throw new MeridianError('CANCELLED', STOPPED)
        throw error
      })
    const counting = { controller, counts }
    this.counting = counting
    const forget = (): void => {
      if (this.counting === counting) this.counting = null
    }
    counts.then(forget, forget)
    return counts
  }

  /** Stops the count in flight (its callers get CANCELLED); the next `of` starts afresh. */
  stop(): void {
    this.counting?.controller.abort()
    this.counting = null
  }
}
