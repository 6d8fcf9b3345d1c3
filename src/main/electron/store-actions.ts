import { formatError, toErrorShape } from '../../shared/errors.ts'
import type { Logger } from '../engine/index.ts'

/** What the shell's own store actions need of the session (the renderer reaches the same through the API). */
export interface SwitchableSession {
  switchTo(dataDir: string): Promise<unknown>
  chooseDirectory(): Promise<string | null>
  closeStore(): Promise<unknown>
}

export interface ErrorDialog {
  showErrorBox(title: string, content: string): void
}

export interface StoreActions {
  /** Serves the store at `dataDir` instead; false (after saying why in a dialog) when it cannot be opened. */
  open(dataDir: string): Promise<boolean>
  /** File → Open data directory…: the folder picker, then `open`; false when cancelled or refused. */
  chooseAndOpen(): Promise<boolean>
  /** File → Close Store: the store let go; false (after saying why in a dialog) when it cannot be now (BUSY). */
  close(): Promise<boolean>
}

/**
 * The store actions of the menu and of a second launch. The session announces `store-changed`, so the window
 * re-reads what it shows; a refusal (BUSY during an operation, a missing folder, DATABASE_LOCKED) is shown in a
 * dialog with the error's advice, and the store that was open stays open.
 */
export function createStoreActions(session: () => SwitchableSession | undefined, dialog: ErrorDialog, log: Logger): StoreActions {
  const open = async (dataDir: string): Promise<boolean> => {
    const current = session()
    if (!current) return false
    try {
      await current.switchTo(dataDir)
      log.info(`Opened ${dataDir}`)
      return true
    } catch (error) {
      const shape = toErrorShape(error)
      log.warn(`Could not open ${dataDir}: ${shape.message} [${shape.code}]`)
      dialog.showErrorBox('Meridian Admin could not open the store', `${formatError(shape)}\n[${shape.code}]`)
      return false
    }
  }
  return {
    open,
    async close() {
      const current = session()
      if (!current) return false
      try {
        await current.closeStore()
        log.info('Closed the store')
        return true
      } catch (error) {
        const shape = toErrorShape(error)
        log.warn(`Could not close the store: ${shape.message} [${shape.code}]`)
        dialog.showErrorBox('Meridian Admin could not close the store', `${formatError(shape)}\n[${shape.code}]`)
        return false
      }
    },
    async chooseAndOpen() {
      const current = session()
      if (!current) return false
      const chosen = await current.chooseDirectory()
      return chosen === null ? false : open(chosen)
    }
  }
}
