import cliProgress from 'cli-progress'
import { formatDuration, formatEta, formatNumber } from '../../shared/format.ts'
import { overallOfSeveralPhases, type ProgressEvent, type ProgressListener, progressPhaseLabels } from '../../shared/progress.ts'

/** Without a terminal, at most one progress line per interval (plus one at the end of each phase). */
export const PLAIN_LINE_INTERVAL_MS = 2000

export interface ProgressReporter {
  readonly onProgress: ProgressListener
  /** A line for the terminal that must not be overwritten by the bar. */
  log(text: string): void
  /** Ends the current bar or prints the last phase's line. */
  stop(): void
}

const number = formatNumber

export { formatEta }

/** A step's name without its description: `Task v1 → v2: Add …` becomes `Task v1 → v2` (fused steps keep each). */
export function shortStepName(step: string): string {
  return step
    .split(' · ')
    .map((part) => part.split(':')[0]?.trim() ?? part)
    .join(' · ')
}

export function progressLabel(event: ProgressEvent): string {
  const label = progressPhaseLabels[event.phase]
  return event.step ? `${label} (${shortStepName(event.step)})` : label
}

/** `done/total`, the total marked `~` while it is an estimate (a backup's, refined as it goes). */
function countsOf(event: ProgressEvent): string {
  return `${number(event.done)}/${event.totalIsEstimate ? '~' : ''}${number(event.total)}`
}

/** ` · phase 1 of 2, 50% overall` when the operation has several phases (a migration backs up first); else empty. */
export function overallSuffix(event: ProgressEvent): string {
  const overall = overallOfSeveralPhases(event)
  if (!overall) return ''
  return ` · phase ${overall.phase} of ${overall.phases}, ${percentOf(Math.min(overall.done, overall.total), overall.total)}% overall`
}

/** Whole percent done, 100 for work of nothing. */
function percentOf(done: number, total: number): number {
  return total > 0 ? Math.floor((done / total) * 100) : 100
}

/** One plain line: `Migrating (step): 1,000/4,000 (25%) · 2,000 items/s · ETA 2 s` (at the end: `done in 2.00 s`). */
export function formatProgressLine(event: ProgressEvent, ended: boolean, elapsedMs: number): string {
  const percent = percentOf(event.done, event.total)
  const seconds = formatDuration(elapsedMs)
  const tail = !ended ? `ETA ${formatEta(event.etaSeconds)}` : event.done >= event.total ? `done in ${seconds}` : `stopped after ${seconds}`
  return `${progressLabel(event)}: ${countsOf(event)} (${percent}%) · ${number(event.itemsPerSecond)} items/s · ${tail}${overallSuffix(event)}`
}

const phaseKey = (event: ProgressEvent): string => `${event.phase}\u0000${event.step ?? ''}`

/** Without a terminal (CI, pipes, log files): a line every few seconds and one when a phase ends. */
class LineReporter implements ProgressReporter {
  private key: string | null = null
  private last: ProgressEvent | null = null
  private startedAt = 0
  private lastLineAt = 0
  private ended = false

  constructor(private readonly stream: NodeJS.WritableStream) {}

  readonly onProgress = (event: ProgressEvent): void => {
    const now = Date.now()
    if (phaseKey(event) !== this.key) {
      this.endPhase()
      this.key = phaseKey(event)
      this.startedAt = now
      this.lastLineAt = now
      this.ended = false
    }
    this.last = event
    if (this.ended) return
    if (event.total > 0 && event.done >= event.total) this.endPhase()
    else if (now - this.lastLineAt >= PLAIN_LINE_INTERVAL_MS) {
      this.lastLineAt = now
      this.stream.write(`${formatProgressLine(event, false, now - this.startedAt)}\n`)
    }
  }

  private endPhase(): void {
    if (this.last && !this.ended) this.stream.write(`${formatProgressLine(this.last, true, Date.now() - this.startedAt)}\n`)
    this.ended = true
  }

  log(text: string): void {
    this.stream.write(`${text}\n`)
  }

  stop(): void {
    this.endPhase()
  }
}

/** On a terminal: a live bar per phase with done/total, rate and ETA. */
class BarReporter implements ProgressReporter {
  private bar: cliProgress.SingleBar | null = null
  private key: string | null = null

  constructor(private readonly stream: NodeJS.WritableStream) {}

  readonly onProgress = (event: ProgressEvent): void => {
    // Payload names must not shadow cli-progress's own placeholders ({eta}, {value}…).
    const payload = {
      label: progressLabel(event),
      counts: countsOf(event),
      rateText: `${number(event.itemsPerSecond)} items/s`,
      etaText: formatEta(event.etaSeconds),
      overallText: overallSuffix(event)
    }
    if (!this.bar || phaseKey(event) !== this.key) {
      this.stop()
      this.key = phaseKey(event)
      this.bar = new cliProgress.SingleBar({
        stream: this.stream,
        format: '{label} [{bar}] {percentage}% | {counts} | {rateText} | ETA {etaText}{overallText}',
        barsize: 30,
        hideCursor: true,
        gracefulExit: false,
        emptyOnZero: false
      })
      this.bar.start(event.total, event.done, payload)
      return
    }
    if (event.total !== this.bar.getTotal()) this.bar.setTotal(event.total)
    this.bar.update(event.done, payload)
  }

  log(text: string): void {
    this.stop()
    this.stream.write(`${text}\n`)
  }

  stop(): void {
    this.bar?.stop()
    this.bar = null
    this.key = null
  }
}

export function createProgressReporter(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  return stream.isTTY ? new BarReporter(stream) : new LineReporter(stream)
}
