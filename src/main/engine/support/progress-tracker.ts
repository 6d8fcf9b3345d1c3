import type { ProgressListener, ProgressPhase } from '../../../shared/progress.ts'

/** At most one event per interval, so a fast loop cannot flood a terminal, IPC or an SSE stream. */
export const PROGRESS_INTERVAL_MS = 100

/**
 * An ETA only once the phase has run this long and done this share of its total: before that the rate still holds
 * the start-up (a first ETA of "2h 39m" for a job of 20 s, measured), and a person is better served by none.
 */
export const ETA_AFTER_MS = 2_000
export const ETA_AFTER_SHARE = 0.02

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
    private readonly step: string | null = null,
    /** Whether `total` is an estimate (refined with retotal), so the events say so. */
    private estimated = false
  ) {
    this.emit()
  }

  advance(count: number): void {
    this.done += count
    if (performance.now() - this.lastEmit >= PROGRESS_INTERVAL_MS) this.emit()
  }

  /** A better total, for a phase whose total was estimated (exact once the estimate is); shown from the next event on. */
  retotal(total: number, exact = false): void {
    this.total = total
    if (exact) this.estimated = false
  }

  /** The last event: what was really done becomes the total (a total counted up front may have been an estimate). */
  finish(): void {
    this.emit(true)
  }

  private emit(final = false): void {
    if (!this.listener) return
    this.lastEmit = performance.now()
    const elapsedMs = this.lastEmit - this.startedAt
    const rate = elapsedMs > 0 ? this.done / (elapsedMs / 1000) : 0
    const total = final ? this.done : Math.max(this.total, this.done)
    const left = total - this.done
    const settled = elapsedMs >= ETA_AFTER_MS && this.done >= total * ETA_AFTER_SHARE && rate > 0
    this.listener({
      phase: this.phase,
      done: this.done,
      total,
      itemsPerSecond: Math.round(rate),
      etaSeconds: final ? 0 : settled ? left / rate : null,
      ...(this.estimated && !final ? { totalIsEstimate: true } : {}),
      step: this.step
    })
  }
}
