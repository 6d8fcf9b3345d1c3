import path from 'node:path'
import { dataDirArgument } from './store-choice.ts'

/** What the single-instance lock needs of Electron's `app`. */
export interface SingleInstanceApp {
  requestSingleInstanceLock(): boolean
  on(event: 'second-instance', listener: (event: unknown, argv: string[], workingDirectory: string) => void): unknown
}

/** What bringing the first window forward needs of a BrowserWindow. */
export interface RestorableWindow {
  isDestroyed(): boolean
  isMinimized(): boolean
  restore(): void
  show(): void
  focus(): void
}

export interface SecondInstanceHandling {
  window(): RestorableWindow | undefined
  /** Opens the store a second launch named (its `--data-dir`, resolved against the folder it was started in). */
  openStore(dataDir: string): Promise<unknown>
}

/**
 * Takes the single-instance lock. False when another Meridian Admin holds it: the caller quits at once (that
 * other instance is told of this launch, and serves the store it named). While this instance holds it, each later
 * launch brings its window forward and, when the launch named a store with `--data-dir`, opens it there.
 */
export function claimSingleInstance(app: SingleInstanceApp, handling: SecondInstanceHandling): boolean {
  if (!app.requestSingleInstanceLock()) return false
  app.on('second-instance', (_event, argv, workingDirectory) => {
    const window = handling.window()
    if (window && !window.isDestroyed()) {
      if (window.isMinimized()) window.restore()
      window.show()
      window.focus()
    }
    const dataDir = dataDirArgument(argv)
    if (dataDir) void handling.openStore(path.resolve(workingDirectory, dataDir))
  })
  return true
}
