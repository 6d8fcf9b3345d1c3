import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ProgressEvent } from '../../../../src/shared/progress.ts'
import { ETA_AFTER_MS, ProgressTracker } from '../../../../src/main/engine/support/progress-tracker.ts'

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['performance'] })
})
afterEach(() => {
  vi.useRealTimers()
})

function tracked(total: number, estimated = false) {
  const events: ProgressEvent[] = []
  const tracker = new ProgressTracker('backup', total, (event) => events.push(event), null, estimated)
  const after = (ms: number, count: number): ProgressEvent => {
    vi.advanceTimersByTime(ms)
    tracker.advance(count)
    return events.at(-1)!
  }
  return { tracker, events, after }
}

describe('progress events', () => {
  it('give no ETA while the phase is young, however fast it starts, and one at the current rate after', () => {
    const { after } = tracked(10_000)
    // 2,000 of 10,000 in the first second: a rate, but no promise yet.
    expect(after(1_000, 2_000)).toMatchObject({ done: 2_000, itemsPerSecond: 2_000, etaSeconds: null })
    const settled = after(ETA_AFTER_MS, 2_000) // 4,000 in 3 s
    expect(settled.etaSeconds).toBeCloseTo(6_000 / (4_000 / 3), 5)
  })

  it('give no ETA before 2% of the total is done, even after a long start-up', () => {
    const { after } = tracked(1_000_000)
    expect(after(5_000, 10_000).etaSeconds).toBeNull() // 1%
    expect(after(1_000, 20_000).etaSeconds).not.toBeNull() // 3%
  })

  it('mark an estimated total until the last event, which carries the exact count done', () => {
    const { tracker, events, after } = tracked(708_960, true)
    expect(events[0]).toMatchObject({ done: 0, total: 708_960, totalIsEstimate: true })
    expect(after(200, 12_108)).toMatchObject({ total: 708_960, totalIsEstimate: true })
    tracker.retotal(880_000)
    expect(after(200, 100_000)).toMatchObject({ total: 880_000, totalIsEstimate: true })
    tracker.finish()
    expect(events.at(-1)).toEqual(expect.objectContaining({ done: 112_108, total: 112_108, etaSeconds: 0 }))
    expect(events.at(-1)).not.toHaveProperty('totalIsEstimate')
  })

  it('stop marking the total once it is given as exact, and never mark one counted up front', () => {
    const estimated = tracked(1_000, true)
    estimated.tracker.retotal(1_200, true)
    expect(estimated.after(200, 10)).not.toHaveProperty('totalIsEstimate')
    const counted = tracked(1_000)
    expect(counted.events[0]).not.toHaveProperty('totalIsEstimate')
  })
})
