import { readdir } from 'node:fs/promises'
import { describe, expect, it, vi } from 'vitest'
import { createApiHandlers } from '../../../src/main/api/api.handlers.ts'
import type { StoreSession } from '../../../src/main/api/store-session.ts'
import { MeridianError } from '../../../src/shared/errors.ts'
import { guardQuit } from '../../../src/main/electron/quit-guard.ts'
import { useDemoSessions } from '../api/demo-sessions.ts'
import { recordingLog, StandInApp, StandInDialog, StandInEvent, StandInWindow } from './stand-ins.ts'

// Wiring test: the real quit guard and a real session on a demo store; Electron's app, dialog and window are
// stand-ins (the app's quit() emits before-quit and quits unless it was prevented, as Electron's does).

const demo = useDemoSessions()

/** A long call on the session that runs until it is cancelled, then takes a moment to put the store back. */
function operationUntilCancelled(session: StoreSession): { done: Promise<unknown>; putBack: () => boolean } {
  let putBack = false
  const done = session.run(
    'migration.run',
    ({ signal }) =>
      new Promise((_resolve, reject) =>
        signal?.addEventListener('abort', () =>
          setTimeout(() => {
            putBack = true
            reject(new MeridianError('CANCELLED', 'Cancelled'))
          }, 50)
        )
      ),
    { writes: false }
  )
  done.catch(() => undefined)
  return { done, putBack: () => putBack }
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 150))

describe('quitting the desktop app (wiring)', () => {
  it('quits at once, after closing the store, when nothing runs', async () => {
    const session = await demo.session({ count: 10 })
    const app = new StandInApp()
    const dialog = new StandInDialog()
    guardQuit(app, dialog, () => session, recordingLog())
    app.quit()
    await vi.waitFor(() => expect(app.quits).toBe(1), { timeout: 10_000 })
    expect(dialog.asked).toEqual([])
    await expect(session.run('x', async () => 1, { writes: false })).rejects.toThrow('closed')
  })

  it('asks during an operation, Cancel the default; declined, it does not quit and the operation goes on', async () => {
    const session = await demo.session({ count: 10 })
    const operation = operationUntilCancelled(session)
    const app = new StandInApp()
    const dialog = new StandInDialog([0])
    const log = recordingLog()
    guardQuit(app, dialog, () => session, log)
    app.quit()
    await vi.waitFor(() => expect(dialog.asked).toHaveLength(1), { timeout: 10_000 })
    await settled() // time to quit, had the answer been taken for a yes
    expect(dialog.asked[0]).toMatchObject({
      message: 'A migration is running. Quit anyway?',
      buttons: ['Cancel', 'Cancel it and quit'],
      defaultId: 0,
      cancelId: 0
    })
    expect(app.quits).toBe(0)
    expect(session.busyWith()).toBe('migration.run')
    expect(log.lines).toContain('info Quit declined: migration.run goes on')
    session.cancel()
    await operation.done.catch(() => undefined)
  })

  it('asks while a migration’s archive is written in the background; confirmed, it stops it, leaves no partial file and quits', async () => {
    const session = await demo.session({ count: 20_000 })
    const backupDir = session.manager.backupDir
    const app = new StandInApp()
    const dialog = new StandInDialog([1])
    let quitting = false
    session.events.subscribe((event) => {
      if (event.type === 'archive-progress' && event.progress !== null && !quitting) {
        quitting = true
        app.quit()
      }
    })
    guardQuit(app, dialog, () => session, recordingLog())
    const stopped = new Promise((resolve) =>
      session.events.subscribe((event) => event.type === 'archive-progress' && event.state === 'stopped' && resolve(event))
    )
    const migration = createApiHandlers(session)['migration.run']({ archive: true })
    expect(await migration).toMatchObject({ status: 'migrated' })
    await stopped
    await vi.waitFor(() => expect(app.quits).toBe(1), { timeout: 20_000 })
    expect(dialog.asked[0]).toMatchObject({
      message: 'The archive of a migration’s checkpoint is running. Quit anyway?',
      detail: expect.stringMatching(/^Quitting stops it: nothing of the archive is kept, and the checkpoint stays/)
    })
    expect((await readdir(backupDir)).filter((name) => name.endsWith('.mbak') || name.includes('.tmp'))).toEqual([])
  })

  it('confirmed, it cancels the operation, waits for the store to be put back and closed, then quits', async () => {
    const session = await demo.session({ count: 10 })
    const operation = operationUntilCancelled(session)
    const app = new StandInApp()
    const dialog = new StandInDialog([1])
    guardQuit(app, dialog, () => session, recordingLog())
    app.quit()
    expect(app.quits).toBe(0)
    expect(operation.putBack()).toBe(false)
    await expect(operation.done).rejects.toMatchObject({ code: 'CANCELLED' })
    await vi.waitFor(() => expect(app.quits).toBe(1), { timeout: 10_000 })
    expect(operation.putBack()).toBe(true)
    expect(dialog.asked).toHaveLength(1)
  })

  it('closing the window during an operation asks the same question: declined it stays, confirmed the app quits once the store is back', async () => {
    const session = await demo.session({ count: 10 })
    const operation = operationUntilCancelled(session)
    const app = new StandInApp()
    const window = new StandInWindow()
    const dialog = new StandInDialog([0, 1])
    guardQuit(app, dialog, () => session, recordingLog()).guardWindow(window)
    const declined = new StandInEvent()
    window.emit('close', declined)
    expect(declined.defaultPrevented).toBe(true)
    expect(session.busyWith()).toBe('migration.run')
    const confirmed = new StandInEvent()
    window.emit('close', confirmed)
    // The window stays until the store is put back; the quit then closes it, asking nothing more.
    expect(confirmed.defaultPrevented).toBe(true)
    await expect(operation.done).rejects.toMatchObject({ code: 'CANCELLED' })
    await vi.waitFor(() => expect(app.quits).toBe(1), { timeout: 10_000 })
    expect(operation.putBack()).toBe(true)
    const closingForQuit = new StandInEvent()
    window.emit('close', closingForQuit)
    expect(closingForQuit.defaultPrevented).toBe(false)
    expect(dialog.asked).toHaveLength(2)
  })

  it('closing the window when nothing runs asks nothing', async () => {
    const session = await demo.session({ count: 10 })
    const app = new StandInApp()
    const window = new StandInWindow()
    const dialog = new StandInDialog()
    guardQuit(app, dialog, () => session, recordingLog()).guardWindow(window)
    const event = new StandInEvent()
    window.emit('close', event)
    expect(event.defaultPrevented).toBe(false)
    expect(dialog.asked).toEqual([])
  })
})
