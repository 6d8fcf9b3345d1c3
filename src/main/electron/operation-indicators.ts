import type { ApiEvent } from '../../shared/api.contract.ts'

/** What taskbar progress needs of a BrowserWindow. */
export interface ProgressWindow {
  isDestroyed(): boolean
  /** 0–1 a fraction; above 1 indeterminate; below 0 removes the bar (Electron's convention). */
  setProgressBar(progress: number): void
}

/** What keeping the machine awake needs of Electron's `powerSaveBlocker`. */
export interface PowerSaveBlocker {
  start(type: 'prevent-app-suspension'): number
  stop(id: number): void
}

/** What the indicators need of the session: its events (progress) and its activity (start and end). */
export interface OperationSource {
  readonly events: { subscribe(listener: (event: ApiEvent) => void): () => void }
  onActivityChange(listener: (busyWith: string | null) => void): () => void
}

const INDETERMINATE = 2
const NO_PROGRESS = -1

/**
 * While a long operation runs: the window's taskbar (dock) icon shows its progress, indeterminate until the
 * first progress event and when a total is unknown, across all of the operation's phases; and the machine is kept from suspending
 * (`prevent-app-suspension`: the screen may still sleep). Both end when the operation has ended and put the
 * store back. Returns the function that stops watching (releasing the blocker if one is held).
 */
export function showOperationProgress(source: OperationSource, window: () => ProgressWindow | undefined, blocker: PowerSaveBlocker): () => void {
  let blockerId: number | undefined
  let running = false
  const setBar = (progress: number): void => {
    const target = window()
    if (target && !target.isDestroyed()) target.setProgressBar(progress)
  }
  const end = (): void => {
    running = false
    setBar(NO_PROGRESS)
    if (blockerId !== undefined) blocker.stop(blockerId)
    blockerId = undefined
  }
  const stopActivity = source.onActivityChange((busyWith) => {
    if (busyWith === null) return end()
    running = true
    setBar(INDETERMINATE)
    blockerId ??= blocker.start('prevent-app-suspension')
  })
  const stopEvents = source.events.subscribe((event) => {
    if (!running || event.type !== 'progress') return
    // The whole operation when it has several phases, so the icon does not fall back to 0 between them.
    const { done, total } = event.event.overall ?? event.event
    setBar(total > 0 ? Math.min(done / total, 1) : INDETERMINATE)
  })
  return () => {
    stopActivity()
    stopEvents()
    if (running) end()
  }
}
