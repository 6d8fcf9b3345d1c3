import type { Logger } from '../engine/index.ts'

export interface PreventableEvent {
  preventDefault(): void
}

/** What the quit guard needs of Electron's `app`. */
export interface QuittingApp {
  on(event: 'before-quit', listener: (event: PreventableEvent) => void): unknown
  quit(): void
}

/** What the main process's message boxes pass to Electron's `dialog` (a warning to ask, an error to report). */
export interface MessageBoxOptions<Type extends 'warning' | 'error'> {
  type: Type
  title: string
  message: string
  detail: string
  buttons: string[]
  defaultId: number
  cancelId: number
  noLink: boolean
}

/** What asking needs of Electron's `dialog` (the synchronous box: the quit waits for the answer). */
export interface QuestionDialog {
  showMessageBoxSync(options: MessageBoxOptions<'warning'>): number
}

/** What quitting needs of the session. */
export interface ClosableSession {
  busyWith(): string | null
  /** Cancels what runs, waits for it to put the store back, and closes the store. */
  close(): Promise<void>
}

/** A window whose closing may be the app's quitting (on Windows and Linux the last window's is). */
export interface GuardedWindow {
  on(event: 'close', listener: (event: PreventableEvent) => void): unknown
}

const CANCEL = 0
const QUIT = 1

/** What the operation is called in the question (the session names calls `migration.run`, `backups.restore`…). */
function describe(operation: string): string {
  const names: Record<string, string> = {
    'migration.run': 'A migration',
    'migration.dryRun': 'A dry run',
    'backups.create': 'A backup',
    'backups.archive': 'An archive of a checkpoint',
    'backups.restore': 'A restore',
    'backups.verify': 'A backup check',
    'backups.compare': 'A comparison with a backup',
    'backups.exportInStore': 'An export of an in-store backup',
    // StoreSession.busyWith's word for the archive a migration left writing in the background.
    'background-archive': 'The archive of a migration’s checkpoint'
  }
  return names[operation] ?? `An operation (${operation})`
}

export interface QuitGuard {
  /**
   * Closing the window while an operation runs asks the same question: declined, the window stays; confirmed, the
   * app quits as above (on every platform, macOS included, where closing the window alone would not).
   */
  guardWindow(window: GuardedWindow): void
}

/**
 * Quitting while an operation runs asks first, Cancel being the default. Declined: nothing happens, the
 * operation goes on. Confirmed (or nothing running): the operation is cancelled, the store put back and closed,
 * and only then does the app quit. Asked once per quit, whether it starts from the menu, Cmd+Q or closing the
 * window.
 */
export function guardQuit(app: QuittingApp, dialog: QuestionDialog, session: () => ClosableSession | undefined, log: Logger): QuitGuard {
  let confirmed = false
  let closing = false
  let done = false

  /** True when quitting may go on: nothing runs, or the person said so. */
  const mayQuit = (): boolean => {
    if (confirmed) return true
    const busyWith = session()?.busyWith() ?? null
    if (busyWith === null) return true
    const what = describe(busyWith)
    const answer = dialog.showMessageBoxSync({
      type: 'warning',
      title: 'Quit Meridian Admin?',
      message: `${what} is running. Quit anyway?`,
      detail:
        busyWith === 'background-archive'
          ? 'Quitting stops it: nothing of the archive is kept, and the checkpoint stays (it can be archived later from its row).'
          : `Quitting cancels it: the store is put back as it was before it started, then the app quits.`,
      buttons: ['Cancel', 'Cancel it and quit'],
      defaultId: CANCEL,
      cancelId: CANCEL,
      noLink: true
    })
    if (answer !== QUIT) {
      log.info(`Quit declined: ${busyWith} goes on`)
      return false
    }
    log.info(`Quit confirmed during ${busyWith}: cancelling it`)
    confirmed = true
    return true
  }

  app.on('before-quit', (event) => {
    if (done) return
    event.preventDefault()
    if (closing || !mayQuit()) return
    closing = true
    const current = session()
    const closed = current ? current.close() : Promise.resolve()
    void closed
      .catch((error: unknown) => log.error(`Could not close the store cleanly: ${(error as Error).message}`))
      .finally(() => {
        done = true
        app.quit()
      })
  })

  return {
    guardWindow(window) {
      window.on('close', (event) => {
        if (done || closing || session()?.busyWith() == null) return
        // The window stays until the store is put back; then the quit closes it. On macOS, where closing the
        // window does not quit, the answer still means what the question says.
        event.preventDefault()
        if (mayQuit()) app.quit()
      })
    }
  }
}
