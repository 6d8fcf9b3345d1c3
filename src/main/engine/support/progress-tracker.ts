import type { ProgressListener, ProgressPhase } from '../../../shared/progress.ts'

/** At most one event per interval, so a fast loop cannot flood a terminal, IPC or an SSE stream. */
export const PROGRESS_INTERVAL_MS = 100

/**
 * Counts work in one phase and reports it with rate and ETA, throttled. The first event (done 0) and the last
 * (done = total) are always sent, so a listener sees every phase start and finish.
 */
export class ProgressTracker {
  private done = 0
  private readonly startedAt = performance.now()
  private lastEmit = 0

  constructor(
    private readonly phase: ProgressPhase,
    private total: number,
    private readonly listener: ProgressListener | undefined,
    private readonly step: string | null = null
  ) {
    this.emit()
  }

  advance(count: number): void {
    this.done += count
    if (performance.now() - this.lastEmit >= PROGRESS_INTERVAL_MS) this.emit()
  }

  /** A better total, for a phase whose total was estimated; shown from the next event on. */
  retotal(total: number): void {
    this.total = total
  }

  /** The last event: what was really done becomes the total (a total counted up front may have been an estimate). */
  finish(): void {
    this.emit(true)
  }

  private emit(final = false): void {
    if (!this.listener) return
    this.lastEmit = performance.now()
    const seconds = (this.lastEmit - this.startedAt) / 1000
    const rate = seconds > 0 ? this.done / seconds : 0
    const total = final ? this.done : Math.max(this.total, this.done)
    const left = total - this.done
    this.listener({
      phase: this.phase,
      done: this.done,
      total,
      itemsPerSecond: Math.round(rate),
      etaSeconds: rate > 0 ? left / rate : final ? 0 : null,
      step: this.step
    })
  }
}
