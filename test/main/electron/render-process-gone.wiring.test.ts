import { describe, expect, it } from 'vitest'
import { recoverFromRenderProcessGone } from '../../../src/main/electron/render-process-gone.ts'
import { recordingLog, StandInDialog, StandInEvent, StandInWindow } from './stand-ins.ts'

// Wiring test: the real handler on a stand-in window, its page process "gone" by emitting Electron's event.

describe("when the window's page process is gone (wiring)", () => {
  const setUp = (answers: number[]) => {
    const window = new StandInWindow()
    const dialog = new StandInDialog(answers)
    const log = recordingLog()
    let quits = 0
    recoverFromRenderProcessGone(window, dialog, () => quits++, log)
    return { window, dialog, log, quits: () => quits }
  }

  const answered = () => new Promise((resolve) => setTimeout(resolve, 0))

  it('logs the reason and offers Reload (the default) or Quit without blocking the main process; Reload reloads the page', async () => {
    const { window, dialog, log, quits } = setUp([0])
    window.webContents.emit('render-process-gone', new StandInEvent(), { reason: 'crashed', exitCode: 139 })
    expect(window.webContents.reloads).toBe(0) // the question is still up: nothing waited for it
    await answered()
    expect(log.lines).toEqual(["error The window's page process is gone: crashed (exit code 139)"])
    expect(dialog.asked).toHaveLength(1)
    expect(dialog.asked[0]).toMatchObject({ buttons: ['Reload', 'Quit'], defaultId: 0 })
    expect(window.webContents.reloads).toBe(1)
    expect(quits()).toBe(0)
  })

  it('quits when Quit is chosen', async () => {
    const { window, quits } = setUp([1])
    window.webContents.emit('render-process-gone', new StandInEvent(), { reason: 'oom', exitCode: 0 })
    await answered()
    expect(window.webContents.reloads).toBe(0)
    expect(quits()).toBe(1)
  })

  it('asks nothing for a clean exit, only logs it', async () => {
    const { window, dialog, log } = setUp([])
    window.webContents.emit('render-process-gone', new StandInEvent(), { reason: 'clean-exit', exitCode: 0 })
    await answered()
    expect(dialog.asked).toEqual([])
    expect(log.lines).toHaveLength(1)
  })
})
