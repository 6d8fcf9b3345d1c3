import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { openMainWindow } from '../../../src/main/electron/main-window.ts'
import { guardQuit } from '../../../src/main/electron/quit-guard.ts'
import { DEFAULT_WINDOW_STATE, fitToDisplays, loadWindowState, rememberWindowState, saveWindowState } from '../../../src/main/electron/window-state.ts'
import { recordingLog, StandInApp, StandInDialog, StandInEvent, StandInScreen, StandInWindow } from './stand-ins.ts'

// The placement file on a real disk; the window and Electron's screen are stand-ins (a wiring test where a
// window is involved).

const roots: string[] = []
afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true })
})
async function stateFile(): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'meridian-admin-window-'))
  roots.push(root)
  return path.join(root, 'userData', 'window-state.json')
}

const laptop = { x: 0, y: 0, width: 1440, height: 875 }
const rightMonitor = { x: 1440, y: 0, width: 2560, height: 1415 }

describe('the remembered window placement', () => {
  it('round-trips through its JSON file', async () => {
    const file = await stateFile()
    const warnings: string[] = []
    await saveWindowState(file, { x: 1500, y: 40, width: 1300, height: 900, maximized: true })
    expect(await loadWindowState(file, (m) => warnings.push(m))).toEqual({ x: 1500, y: 40, width: 1300, height: 900, maximized: true })
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ x: 1500, y: 40, width: 1300, height: 900, maximized: true })
    expect(warnings).toEqual([])
  })

  it('is the default when the file is missing (silently) or bad (with a warning)', async () => {
    const file = await stateFile()
    const warnings: string[] = []
    expect(await loadWindowState(file, (m) => warnings.push(m))).toEqual(DEFAULT_WINDOW_STATE)
    expect(warnings).toEqual([])
    await mkdir(path.dirname(file), { recursive: true })
    for (const content of [
      '{not json',
      '[]',
      '{"width": "wide", "height": 800, "maximized": false}',
      '{"width": 1200, "height": 800}',
      '{"x": 1.5, "y": 0, "width": 1200, "height": 800, "maximized": false}'
    ]) {
      await writeFile(file, content)
      expect(await loadWindowState(file, (m) => warnings.push(m)), content).toEqual(DEFAULT_WINDOW_STATE)
    }
    expect(warnings).toHaveLength(5)
  })

  it('keeps a position that is on some display, the second monitor included', () => {
    const screen = new StandInScreen([laptop, rightMonitor])
    const onMonitor = { x: 1600, y: 100, width: 1800, height: 1100, maximized: false }
    expect(fitToDisplays(onMonitor, screen)).toEqual(onMonitor)
  })

  it('moves a position off every display (a monitor unplugged since) onto the nearest, sized to fit it', () => {
    const screen = new StandInScreen([laptop])
    expect(fitToDisplays({ x: 1600, y: 100, width: 1800, height: 1100, maximized: false }, screen)).toEqual({
      x: 0,
      y: 0,
      width: 1440,
      height: 875,
      maximized: false
    })
    expect(fitToDisplays({ x: -3000, y: 2000, width: 800, height: 600, maximized: true }, screen)).toEqual({
      x: 0,
      y: 275,
      width: 800,
      height: 600,
      maximized: true
    })
    // Only a sliver left on the display (its title bar out of reach) counts as off it.
    expect(fitToDisplays({ x: 1400, y: 100, width: 800, height: 600, maximized: false }, screen)).toEqual({
      x: 640,
      y: 100,
      width: 800,
      height: 600,
      maximized: false
    })
  })

  it('leaves a state without a position centred, no larger than the display', () => {
    const screen = new StandInScreen([{ x: 0, y: 0, width: 1024, height: 700 }])
    expect(fitToDisplays(DEFAULT_WINDOW_STATE, screen)).toEqual({ width: 1024, height: 700, maximized: false })
  })
})

describe('the main window remembers where it was (wiring)', () => {
  it('saves its normal bounds and maximized state when it closes', async () => {
    const file = await stateFile()
    const window = new StandInWindow({ x: 100, y: 50, width: 1000, height: 700 })
    rememberWindowState(window, file, () => undefined)
    window.maximized = true
    window.emit('close', new StandInEvent())
    // The save is asynchronous: wait for the file to say it (a loaded machine takes longer than any fixed pause).
    await vi.waitFor(async () => expect(await loadWindowState(file, () => undefined)).toEqual({ x: 100, y: 50, width: 1000, height: 700, maximized: true }), {
      timeout: 10_000
    })
  })

  it('saves a moment after a move, so a crash keeps the last placement', async () => {
    const file = await stateFile()
    const window = new StandInWindow({ x: 10, y: 10, width: 900, height: 600 })
    rememberWindowState(window, file, () => undefined, 20)
    window.bounds = { x: 300, y: 200, width: 900, height: 600 }
    window.emit('move')
    await vi.waitFor(async () => expect(await loadWindowState(file, () => undefined)).toMatchObject({ x: 300, y: 200 }), { timeout: 10_000 })
  })

  it('opens at the remembered placement fitted to the displays, maximized once ready, and loads the app', async () => {
    const file = await stateFile()
    await saveWindowState(file, { x: 1600, y: 100, width: 1800, height: 1100, maximized: true })
    const created: unknown[] = []
    const window = await openMainWindow({
      create: (placement) => {
        created.push(placement)
        return new StandInWindow()
      },
      screen: new StandInScreen([laptop]),
      stateFile: file,
      url: 'file:///app/out/renderer/index.html',
      quitGuard: guardQuit(new StandInApp(), new StandInDialog(), () => undefined, recordingLog()),
      dialog: new StandInDialog(),
      quit: () => undefined,
      log: recordingLog()
    })
    expect(created).toEqual([{ x: 0, y: 0, width: 1440, height: 875, minWidth: 640, minHeight: 480 }])
    expect(window.calls).toEqual([])
    window.emit('ready-to-show')
    expect(window.calls).toEqual(['maximize', 'show'])
    expect(window.loadedUrl).toBe('file:///app/out/renderer/index.html')
    expect(window.listenerCount('close')).toBe(2) // remembered, and guarded against quitting mid-operation
    expect(window.webContents.listenerCount('render-process-gone')).toBe(1)
  })
})
