import { describe, expect, it } from 'vitest'
import { withOverallProgress } from '../../../../src/main/engine/support/overall-progress.ts'
import type { OverallProgress, ProgressEvent, ProgressPhase } from '../../../../src/shared/progress.ts'

const event = (phase: ProgressPhase, done: number, total: number): ProgressEvent => ({ phase, done, total, itemsPerSecond: 0, etaSeconds: null, step: null })

/** Feeds `events` through the wrapper and returns the overall figures it added. */
function overallOf(planned: ProgressPhase[], events: ProgressEvent[]): OverallProgress[] {
  const seen: OverallProgress[] = []
  const listener = withOverallProgress(planned, (e) => {
    if (!e.overall) throw new Error('no overall figure')
    seen.push(e.overall)
  })
  for (const e of events) listener?.(e)
  return seen
}

describe('overall progress across an operation’s phases', () => {
  it('a migration’s bar does not restart at 0 when the backup ends and the migration begins', () => {
    const seen = overallOf(
      ['backup', 'migrate'],
      [event('backup', 0, 1000), event('backup', 1000, 1000), event('migrate', 0, 1000), event('migrate', 500, 1000)]
    )
    // Before the migration starts, it is guessed to be as long as the backup.
    expect(seen[0]).toEqual({ done: 0, total: 2000, phase: 1, phases: 2 })
    expect(seen[1]).toEqual({ done: 1000, total: 2000, phase: 1, phases: 2 })
    expect(seen[2]).toEqual({ done: 1000, total: 2000, phase: 2, phases: 2 })
    expect(seen[3]).toEqual({ done: 1500, total: 2000, phase: 2, phases: 2 })
  })

  it('never goes backwards when a later phase turns out shorter than guessed', () => {
    const seen = overallOf(['backup', 'migrate'], [event('backup', 1000, 1000), event('migrate', 0, 200), event('migrate', 200, 200)])
    expect(seen.map((o) => o.done)).toEqual([1000, 1000, 1200])
    expect(seen.at(-1)).toEqual({ done: 1200, total: 1200, phase: 2, phases: 2 })
  })

  it('a refined estimate moves the total, not the items already done', () => {
    const seen = overallOf(['backup', 'migrate'], [event('backup', 100, 5000), event('backup', 200, 800)])
    expect(seen[1]).toEqual({ done: 200, total: 1600, phase: 1, phases: 2 })
  })

  it('a rollback after a failed migration is added as a phase of its own, where it happened', () => {
    const seen = overallOf(['backup', 'migrate'], [event('backup', 100, 100), event('migrate', 40, 100), event('rollback', 0, 40), event('rollback', 40, 40)])
    // The migration counts the 40 it did before failing, not the 100 it planned.
    expect(seen[2]).toEqual({ done: 140, total: 180, phase: 3, phases: 3 })
    expect(seen[3]).toEqual({ done: 180, total: 180, phase: 3, phases: 3 })
  })

  it('a planned phase that never ran counts nothing once a later one starts', () => {
    // A restore of a backup that needs no verify pass goes straight to its own safety backup.
    const seen = overallOf(['verify', 'backup', 'restore'], [event('backup', 0, 300), event('backup', 300, 300), event('restore', 300, 300)])
    expect(seen[0]).toEqual({ done: 0, total: 600, phase: 2, phases: 3 })
    expect(seen[2]).toEqual({ done: 600, total: 600, phase: 3, phases: 3 })
  })

  it('passes every field of the phase’s own event through unchanged', () => {
    const received: ProgressEvent[] = []
    const listener = withOverallProgress(['backup', 'migrate'], (e) => received.push(e))
    const original = { ...event('backup', 5, 10), itemsPerSecond: 42, etaSeconds: 3, step: 'Task v1 → v2', totalIsEstimate: true }
    listener?.(original)
    expect(received[0]).toMatchObject(original)
  })

  it('costs nothing when nobody listens', () => {
    expect(withOverallProgress(['backup', 'migrate'], undefined)).toBeUndefined()
  })
})
