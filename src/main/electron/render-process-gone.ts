import type { Logger } from '../engine/index.ts'
import type { MessageBoxOptions } from './quit-guard.ts'

export interface RenderProcessGoneDetails {
  reason: string
  exitCode: number
}

/** What recovering needs of a BrowserWindow. */
export interface RecoverableWindow {
  isDestroyed(): boolean
  readonly webContents: {
    on(event: 'render-process-gone', listener: (event: unknown, details: RenderProcessGoneDetails) => void): unknown
    reload(): void
  }
}

type CrashDialogOptions = MessageBoxOptions<'error'>

/** The asynchronous box: an operation in the main process goes on while the question is up. */
export interface CrashDialog {
  showMessageBox(options: CrashDialogOptions): Promise<{ response: number }>
}

const RELOAD = 0
const QUIT = 1

/**
 * When the window's page process dies (a crash, killed, out of memory), the blank window is not left as it is:
 * the loss is logged with its reason and exit code, and a dialog offers Reload (default) or Quit. An operation
 * in the main process goes on either way; a reloaded page asks the host what runs and shows it.
 */
export function recoverFromRenderProcessGone(window: RecoverableWindow, dialog: CrashDialog, quit: () => void, log: Logger): void {
  window.webContents.on('render-process-gone', (_event, details) => {
    log.error(`The window's page process is gone: ${details.reason} (exit code ${details.exitCode})`)
    if (details.reason === 'clean-exit' || window.isDestroyed()) return
    const question: CrashDialogOptions = {
      type: 'error',
      title: 'Meridian Admin',
      message: 'The window stopped working.',
      detail: `Its page process ended (${details.reason}, exit code ${details.exitCode}). Reload it, or quit Meridian Admin.`,
      buttons: ['Reload', 'Quit'],
      defaultId: RELOAD,
      cancelId: QUIT,
      noLink: true
    }
    dialog
      .showMessageBox(question)
      .then(({ response }) => {
        if (response === RELOAD && !window.isDestroyed()) window.webContents.reload()
        else quit()
      })
      .catch((error: unknown) => log.error(`Could not ask about the lost page: ${(error as Error).message}`))
  })
}
