import type { Logger } from '../engine/index.ts'
import type { PreventableEvent, QuitGuard } from './quit-guard.ts'
import type { CrashDialog, RecoverableWindow } from './render-process-gone.ts'
import { recoverFromRenderProcessGone } from './render-process-gone.ts'
import type { RestorableWindow } from './single-instance.ts'
import { type DisplayScreen, fitToDisplays, loadWindowState, MIN_HEIGHT, MIN_WIDTH, type Rectangle, rememberWindowState } from './window-state.ts'

/** Where and how large the window opens (x and y absent: centred). */
export interface WindowPlacement {
  x?: number
  y?: number
  width: number
  height: number
  minWidth: number
  minHeight: number
}

/** Everything the shell does with its one window. */
export interface MainWindow extends RestorableWindow, RecoverableWindow {
  getNormalBounds(): Rectangle
  isMaximized(): boolean
  on(event: 'close', listener: (event: PreventableEvent) => void): unknown
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', listener: () => void): unknown
  maximize(): void
  once(event: 'ready-to-show', listener: () => void): unknown
  loadURL(url: string): Promise<void>
}

export interface MainWindowOptions<W extends MainWindow> {
  /** Makes the BrowserWindow (the caller adds the web preferences, title and icon). */
  create(placement: WindowPlacement): W
  screen: DisplayScreen
  /** The JSON file the placement is remembered in. */
  stateFile: string
  url: string
  quitGuard: QuitGuard
  dialog: CrashDialog
  quit(): void
  log: Logger
}

/**
 * Opens the window where it was last (fitted to the displays there are now), maximized if it was, shown once its
 * page is ready; its placement is remembered from then on, closing it while an operation runs asks first, and a
 * page process that dies offers Reload or Quit.
 */
export async function openMainWindow<W extends MainWindow>(options: MainWindowOptions<W>): Promise<W> {
  const { log } = options
  const warn = (message: string): void => log.warn(message)
  const state = fitToDisplays(await loadWindowState(options.stateFile, warn), options.screen)
  const window = options.create({ x: state.x, y: state.y, width: state.width, height: state.height, minWidth: MIN_WIDTH, minHeight: MIN_HEIGHT })
  rememberWindowState(window, options.stateFile, warn)
  options.quitGuard.guardWindow(window)
  recoverFromRenderProcessGone(window, options.dialog, options.quit, log)
  // Maximized once ready: maximize() on a hidden window would show it before its page.
  window.once('ready-to-show', () => {
    if (state.maximized) window.maximize()
    window.show()
  })
  window.loadURL(options.url).catch((error: unknown) => log.error(`Could not load the renderer: ${(error as Error).message}`))
  return window
}
