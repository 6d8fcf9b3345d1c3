import { EventEmitter } from 'node:events'
import type { AppMenuItem } from '../../../src/main/electron/app-menu.ts'
import type { Rectangle } from '../../../src/main/electron/window-state.ts'

// Stand-ins for the Electron objects the shell's modules take, for wiring tests under plain Node (the electron
// module cannot run here). Each is a plain class doing the least Electron does for the call and recording it.
// Electron fires events; a test fires them with `emit`.

/** An event Electron would pass to a listener that may prevent the default. */
export class StandInEvent {
  defaultPrevented = false
  preventDefault(): void {
    this.defaultPrevented = true
  }
}

export class StandInApp extends EventEmitter {
  lockAvailable = true
  quits = 0
  aboutPanelOptions: unknown[] = []
  aboutPanelShown = 0

  requestSingleInstanceLock(): boolean {
    return this.lockAvailable
  }

  /** As Electron's: emits `before-quit`, and quits unless a listener prevented it. */
  quit(): void {
    const event = new StandInEvent()
    this.emit('before-quit', event)
    if (!event.defaultPrevented) this.quits++
  }

  setAboutPanelOptions(options: unknown): void {
    this.aboutPanelOptions.push(options)
  }

  showAboutPanel(): void {
    this.aboutPanelShown++
  }
}

export class StandInWebContents extends EventEmitter {
  reloads = 0
  reload(): void {
    this.reloads++
  }
}

export class StandInWindow extends EventEmitter {
  readonly calls: string[] = []
  readonly progress: number[] = []
  readonly webContents = new StandInWebContents()
  minimized = false
  maximized = false
  destroyed = false
  loadedUrl: string | undefined

  constructor(public bounds: Rectangle = { x: 0, y: 0, width: 1200, height: 820 }) {
    super()
  }

  isDestroyed(): boolean {
    return this.destroyed
  }
  isMinimized(): boolean {
    return this.minimized
  }
  restore(): void {
    this.calls.push('restore')
    this.minimized = false
  }
  show(): void {
    this.calls.push('show')
  }
  focus(): void {
    this.calls.push('focus')
  }
  maximize(): void {
    this.calls.push('maximize')
    this.maximized = true
  }
  isMaximized(): boolean {
    return this.maximized
  }
  getNormalBounds(): Rectangle {
    return { ...this.bounds }
  }
  setProgressBar(progress: number): void {
    this.progress.push(progress)
  }
  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url
  }
}

/** Answers each message box with the next of `answers` (the index of a button), recording what it was asked. */
export class StandInDialog {
  readonly asked: { message: string; buttons: string[]; defaultId: number; cancelId: number }[] = []
  readonly errors: { title: string; content: string }[] = []

  constructor(public answers: number[] = []) {}

  showMessageBoxSync(options: { message: string; buttons: string[]; defaultId: number; cancelId: number }): number {
    this.asked.push(options)
    const answer = this.answers.shift()
    if (answer === undefined) throw new Error(`Unexpected question: ${options.message}`)
    return answer
  }

  async showMessageBox(options: { message: string; buttons: string[]; defaultId: number; cancelId: number }): Promise<{ response: number }> {
    return { response: this.showMessageBoxSync(options) }
  }

  showErrorBox(title: string, content: string): void {
    this.errors.push({ title, content })
  }
}

/** Displays by their work areas; `getDisplayMatching` answers the one overlapping most, else the nearest, as Electron does. */
export class StandInScreen {
  constructor(readonly workAreas: Rectangle[]) {}

  getAllDisplays(): { workArea: Rectangle }[] {
    return this.workAreas.map((workArea) => ({ workArea }))
  }

  getDisplayMatching(rect: Rectangle): { workArea: Rectangle } {
    const score = (area: Rectangle): number => {
      const width = Math.min(rect.x + rect.width, area.x + area.width) - Math.max(rect.x, area.x)
      const height = Math.min(rect.y + rect.height, area.y + area.height) - Math.max(rect.y, area.y)
      if (width > 0 && height > 0) return width * height
      const dx = Math.max(area.x - (rect.x + rect.width), rect.x - (area.x + area.width), 0)
      const dy = Math.max(area.y - (rect.y + rect.height), rect.y - (area.y + area.height), 0)
      return -Math.hypot(dx, dy)
    }
    const best = [...this.workAreas].sort((a, b) => score(b) - score(a))[0]
    if (!best) throw new Error('no displays')
    return { workArea: best }
  }
}

export class StandInPowerSaveBlocker {
  private next = 1
  readonly started = new Map<number, string>()
  readonly stopped: number[] = []

  start(type: 'prevent-app-suspension'): number {
    const id = this.next++
    this.started.set(id, type)
    return id
  }

  stop(id: number): void {
    this.stopped.push(id)
  }

  isStarted(id: number): boolean {
    return this.started.has(id) && !this.stopped.includes(id)
  }
}

type RequestHandler = (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void
type CheckHandler = (webContents: unknown, permission: string) => boolean

/** An Electron `Session` as far as permissions go. */
export class StandInSession {
  requestHandler: RequestHandler | undefined
  checkHandler: CheckHandler | undefined

  setPermissionRequestHandler(handler: RequestHandler): void {
    this.requestHandler = handler
  }

  setPermissionCheckHandler(handler: CheckHandler): void {
    this.checkHandler = handler
  }
}

/** Electron's `Menu` statics: a built menu is its template. */
export class StandInMenu {
  readonly applied: (AppMenuItem[] | null)[] = []

  buildFromTemplate(template: AppMenuItem[]): AppMenuItem[] {
    return template
  }

  setApplicationMenu(menu: AppMenuItem[] | null): void {
    this.applied.push(menu)
  }

  get current(): AppMenuItem[] {
    const menu = this.applied.at(-1)
    if (!menu) throw new Error('no application menu set')
    return menu
  }
}

/** The item at a path of labels (`['File', 'Open Recent', '/data/a']`). */
export function menuItem(menu: AppMenuItem[], labels: string[]): AppMenuItem {
  let items = menu
  let found: AppMenuItem | undefined
  for (const label of labels) {
    found = items.find((item) => item.label === label)
    if (!found) throw new Error(`No menu item ${label} among ${items.map((item) => item.label ?? item.role ?? item.type).join(', ')}`)
    items = found.submenu ?? []
  }
  if (!found) throw new Error('empty path')
  return found
}

/** A logger keeping its lines. */
export function recordingLog(): { lines: string[]; info(m: string): void; warn(m: string): void; error(m: string): void } {
  const lines: string[] = []
  return { lines, info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${m}`) }
}
