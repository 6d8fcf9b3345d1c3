import { describe, expect, it } from 'vitest'
import { EventLoopYielder } from '../../../../src/main/engine/support/event-loop-yield.ts'

const busy = (ms: number): void => {
  const until = performance.now() + ms
  while (performance.now() < until);
}

describe('EventLoopYielder', () => {
  it('lets a timer run during a long loop of short synchronous steps', async () => {
    let fired = false
    setTimeout(() => (fired = true), 0)
    const yielder = new EventLoopYielder(5)
    for (let i = 0; i < 40 && !fired; i++) {
      busy(1)
      await yielder.maybeYield()
    }
    expect(fired).toBe(true)
  })

  it('does not give up its turn within a slice', async () => {
    let fired = false
    setImmediate(() => (fired = true))
    const yielder = new EventLoopYielder(60_000)
    for (let i = 0; i < 100; i++) await yielder.maybeYield()
    expect(fired).toBe(false)
  })
})
