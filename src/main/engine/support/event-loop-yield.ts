import { setImmediate as nextTurn } from 'node:timers/promises'

/** How long record work may hold the main thread before letting timers, IPC and HTTP run. */
export const MAX_SLICE_MS = 8

/**
 * Lets a long synchronous loop give the event loop a turn every few milliseconds, so the host stays responsive
 * (progress reaches the window, Cancel gets through) even when one batch takes 50 ms or more of CPU on a busy
 * machine. Cheap to call per record: it only reads the clock.
 */
export class EventLoopYielder {
  private sliceStart = performance.now()

  constructor(private readonly sliceMs = MAX_SLICE_MS) {}

  /** Resolves at once within a slice; after a slice, on the next turn of the event loop. */
  async maybeYield(): Promise<void> {
    if (performance.now() - this.sliceStart < this.sliceMs) return
    await nextTurn()
    this.sliceStart = performance.now()
  }
}
