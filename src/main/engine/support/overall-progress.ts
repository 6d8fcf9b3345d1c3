import type { OverallProgress, ProgressEvent, ProgressListener, ProgressPhase } from '../../../shared/progress.ts'

/**
 * Adds the whole operation's progress to each phase's event, so a bar does not restart at 0 with every phase.
 * `planned` are the phases the operation runs, in order (a migration: backup, then migrate). Work is counted in
 * items: a phase not started yet counts as many as the phase before it (a restore verifies, backs up and writes
 * about the same records), until its own first event gives its total. A phase that was not planned (a rollback
 * after a failure, a downgrade's loss check) is added where it happens; a planned one that never ran (none to
 * migrate) counts nothing once a later one starts.
 */
export function withOverallProgress(planned: readonly ProgressPhase[], listener: ProgressListener | undefined): ProgressListener | undefined {
  if (!listener) return undefined
  const phases = [...planned]
  /** Items of each phase: its last total while it runs, what it did once it ended; undefined before it starts. */
  const items: Array<number | undefined> = phases.map(() => undefined)
  let current = -1
  let doneInCurrent = 0
  return (event: ProgressEvent) => {
    if (phases[current] !== event.phase) {
      // A phase that ends early (a migration that failed part-way) counts what it did, not what it planned.
      if (current >= 0) items[current] = doneInCurrent
      const later = phases.indexOf(event.phase, current + 1)
      if (later === -1) {
        phases.splice(current + 1, 0, event.phase)
        items.splice(current + 1, 0, undefined)
        current += 1
      } else {
        for (let skipped = current + 1; skipped < later; skipped++) items[skipped] ??= 0
        current = later
      }
    }
    items[current] = event.total
    doneInCurrent = event.done
    let done = event.done
    let total = event.total
    let guess = event.total
    items.forEach((count, index) => {
      if (index < current) {
        done += count ?? 0
        total += count ?? 0
      } else if (index > current) {
        guess = count ?? guess
        total += guess
      }
    })
    const overall: OverallProgress = { done, total, phase: current + 1, phases: phases.length }
    listener({ ...event, overall })
  }
}
