import { describe, expect, it } from 'vitest'
import { createApiHandlers } from '../../../src/main/api/api.handlers.ts'
import { createDispatch } from '../../../src/main/api/dispatch.ts'
import { showOperationProgress } from '../../../src/main/electron/operation-indicators.ts'
import { useDemoSessions } from '../api/demo-sessions.ts'
import { StandInPowerSaveBlocker, StandInWindow } from './stand-ins.ts'

// Wiring test: a real migration on a demo store drives the indicators; the window and Electron's
// powerSaveBlocker are stand-ins recording what they are told.

const demo = useDemoSessions()

describe('taskbar progress and keeping the machine awake during an operation (wiring)', () => {
  it("a migration's progress events drive setProgressBar across its backup and migration, and the blocker is held throughout and released at the end", async () => {
    const session = await demo.session({ count: 3_000 })
    const window = new StandInWindow()
    const blocker = new StandInPowerSaveBlocker()
    const heldDuring: boolean[] = []
    session.events.subscribe((event) => {
      if (event.type === 'progress') heldDuring.push([...blocker.started.keys()].some((id) => blocker.isStarted(id)))
    })
    showOperationProgress(session, () => window, blocker)
    const result = await createDispatch(createApiHandlers(session))('migration.run', {})
    expect(result).toMatchObject({ ok: true })

    expect(window.progress[0]).toBe(2) // indeterminate until the first progress event
    const fractions = window.progress.filter((value) => value >= 0 && value <= 1)
    expect(fractions.length).toBeGreaterThan(1)
    expect(fractions).toContain(1)
    // One bar for the whole run: once the backup has brought it past a third, the migration does not restart it at 0.
    const pastAThird = fractions.findIndex((value) => value >= 0.34)
    expect(pastAThird).toBeGreaterThan(-1)
    expect(Math.min(...fractions.slice(pastAThird))).toBeGreaterThanOrEqual(0.34)
    expect(window.progress.at(-1)).toBe(-1) // the bar removed at the end
    expect([...blocker.started.values()]).toEqual(['prevent-app-suspension'])
    expect(heldDuring.length).toBeGreaterThan(0)
    expect(heldDuring.every(Boolean)).toBe(true)
    expect(blocker.stopped).toEqual([...blocker.started.keys()])
  })

  it('releases the blocker when an operation fails too, and the next operation takes a new one', async () => {
    const session = await demo.session({ count: 10 })
    const window = new StandInWindow()
    const blocker = new StandInPowerSaveBlocker()
    showOperationProgress(session, () => window, blocker)
    await expect(session.run('backups.create', async () => Promise.reject(new Error('disk full')), { writes: false })).rejects.toThrow('disk full')
    expect(blocker.stopped).toEqual([1])
    await session.run('backups.create', async () => 1, { writes: false })
    expect(blocker.stopped).toEqual([1, 2])
    expect(window.progress).toEqual([2, -1, 2, -1])
  })

  it('leaves a closed window alone, and stopping the watch releases a held blocker', async () => {
    const session = await demo.session({ count: 10 })
    const window = new StandInWindow()
    window.destroyed = true
    const blocker = new StandInPowerSaveBlocker()
    const stop = showOperationProgress(session, () => window, blocker)
    let finish: () => void = () => undefined
    const running = session.run('migration.run', () => new Promise<void>((resolve) => (finish = resolve)), { writes: false })
    expect(blocker.isStarted(1)).toBe(true)
    stop()
    expect(blocker.isStarted(1)).toBe(false)
    finish()
    await running
    expect(window.progress).toEqual([])
  })
})
