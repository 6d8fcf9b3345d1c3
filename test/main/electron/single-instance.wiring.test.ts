import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { claimSingleInstance } from '../../../src/main/electron/single-instance.ts'
import { createStoreActions } from '../../../src/main/electron/store-actions.ts'
import { StoreMemory } from '../../../src/main/api/store-memory.ts'
import { MeridianStore } from '../../../src/main/engine/store/store.ts'
import { useDemoSessions } from '../api/demo-sessions.ts'
import { recordingLog, StandInApp, StandInDialog, StandInEvent, StandInWindow } from './stand-ins.ts'

// Wiring test: the real claimSingleInstance and store actions, with stand-ins for Electron's app, window and dialog.

const demo = useDemoSessions()

describe('a second launch of the desktop app (wiring)', () => {
  it('is told to quit when another instance holds the lock, and listens for nothing', () => {
    const app = new StandInApp()
    app.lockAvailable = false
    expect(claimSingleInstance(app, { window: () => undefined, openStore: async () => undefined })).toBe(false)
    expect(app.listenerCount('second-instance')).toBe(0)
  })

  it('restores and focuses the first window, and opens the store its --data-dir names, resolved where it was started', async () => {
    const app = new StandInApp()
    const window = new StandInWindow()
    window.minimized = true
    const opened: string[] = []
    expect(claimSingleInstance(app, { window: () => window, openStore: async (dir) => opened.push(dir) })).toBe(true)
    app.emit('second-instance', new StandInEvent(), ['/opt/Meridian Admin/meridian-admin', '--data-dir', 'stores/main'], '/home/ana')
    expect(window.calls).toEqual(['restore', 'show', 'focus'])
    expect(opened).toEqual([path.resolve('/home/ana', 'stores/main')])
  })

  it('only brings the window forward when the launch names no store', () => {
    const app = new StandInApp()
    const window = new StandInWindow()
    const opened: string[] = []
    claimSingleInstance(app, { window: () => window, openStore: async (dir) => opened.push(dir) })
    app.emit('second-instance', new StandInEvent(), ['/opt/meridian-admin'], '/home/ana')
    expect(window.calls).toEqual(['show', 'focus'])
    expect(opened).toEqual([])
  })

  it('switches the running session to the store named, on real stores', async () => {
    const root = await demo.root()
    const session = await demo.session({
      count: 20,
      choice: { recent: await StoreMemory.load(path.join(root, 'recent.json')), chooseDirectory: async () => null }
    })
    const other = await demo.demoDir(30)
    const dialog = new StandInDialog()
    const actions = createStoreActions(() => session, dialog, recordingLog())
    const app = new StandInApp()
    let opening: Promise<unknown> = Promise.resolve()
    claimSingleInstance(app, { window: () => new StandInWindow(), openStore: (dir) => (opening = actions.open(dir)) })
    app.emit('second-instance', new StandInEvent(), ['meridian-admin', `--data-dir=${other}`], '/')
    expect(await opening).toBe(true)
    expect(session.store.dataDir).toBe(other)
    expect(JSON.parse(await readFile(path.join(root, 'recent.json'), 'utf8')).recent[0]).toBe(other)
    expect(dialog.errors).toEqual([])
  })

  it('says why in a dialog when the store named cannot be opened, and keeps the one open', async () => {
    const session = await demo.session({
      count: 20,
      choice: { recent: { list: () => [], remember: async () => undefined }, chooseDirectory: async () => null }
    })
    const before = session.store.dataDir
    const dialog = new StandInDialog()
    const actions = createStoreActions(() => session, dialog, recordingLog())
    expect(await actions.open(path.join(await demo.root(), 'nothing-here'))).toBe(false)
    expect(session.store.dataDir).toBe(before)
    expect(dialog.errors).toHaveLength(1)
    expect(dialog.errors[0]?.content).toContain('[DATA_DIR_NOT_FOUND]')
  })
})

describe('File → Close Store in the desktop app (wiring)', () => {
  it('lets the store go, so another process can open it for writing; BUSY in a dialog while an operation runs', async () => {
    const session = await demo.session({
      count: 20_000,
      choice: { recent: { list: () => [], remember: async () => undefined }, chooseDirectory: async () => null }
    })
    const dataDir = session.store.dataDir
    const dialog = new StandInDialog()
    const actions = createStoreActions(() => session, dialog, recordingLog())

    let started: () => void = () => undefined
    const progressed = new Promise<void>((resolve) => (started = resolve))
    const migration = session.run('migration.run', (options) => session.manager.migrate({ ...options, onProgress: () => started() }), { writes: true })
    await progressed
    expect(await actions.close()).toBe(false)
    expect(dialog.errors[0]?.content).toContain('[BUSY]')
    await migration

    expect(await actions.close()).toBe(true)
    expect(session.info().dataDir).toBeNull()
    // Nothing of the app holds the store now: a writer (Meridian, the CLI) gets its lock.
    const writer = await MeridianStore.open(dataDir, { access: 'write' })
    await writer.close()
  })
})
