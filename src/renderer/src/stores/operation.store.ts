import { create } from 'zustand'
import type { ProgressEvent } from '../../../shared/progress.ts'
import { callOrReport } from './call-or-report.ts'

export type OperationKind = 'dry-run' | 'migration' | 'backup' | 'verify' | 'restore' | 'delete' | 'open' | 'close' | 'prune' | 'export' | 'compare' | 'repair'

export interface RunningOperation {
  kind: OperationKind
  /** What the user sees: "Migrating v1 → v3", "Restoring backup_…". */
  label: string
  startedAt: number
  /** The host's id for the run, once known (from store.info or its first progress event): Cancel names it. */
  operationId?: string
  /**
   * Re-attached after a reload: this page started the run, but the call that will answer belongs to the page as it
   * was; the end is seen by asking the host (host-activity.ts).
   */
  attached?: boolean
}

interface OperationState {
  running: RunningOperation | null
  /** An operation another window or client started on the same host (from store.info). */
  hostOperation: string | null
  progress: ProgressEvent | null
  cancelRequested: boolean
  /** This window's run has committed (the host said so): a cancel can no longer undo it, so none is offered. */
  committed: boolean
  /** No answer from the host (it stopped, or the network refused): every action waits until it is back. */
  hostLost: boolean
  setProgress(event: ProgressEvent): void
  setHostOperation(name: string | null): void
  setCancelRequested(value: boolean): void
}

/** The one long operation this window runs (the host allows one per store), and its live progress. */
export const useOperationStore = create<OperationState>()((set) => ({
  running: null,
  hostOperation: null,
  progress: null,
  cancelRequested: false,
  committed: false,
  hostLost: false,
  setProgress(event) {
    set({ progress: event })
  },
  setHostOperation(name) {
    set({ hostOperation: name })
  },
  setCancelRequested(value) {
    set({ cancelRequested: value })
  }
}))

const operationWords: Record<string, string> = {
  'migration.run': 'migration',
  'migration.dryRun': 'dry run',
  'backups.create': 'backup',
  'backups.archive': 'archive of a checkpoint',
  'backups.verify': 'backup verification',
  'backups.restore': 'restore',
  'backups.delete': 'backup deletion',
  'backups.prune': 'backup cleanup',
  'backups.exportInStore': 'in-store backup export',
  'backups.removeInStore': 'in-store backup removal',
  'backups.compare': 'backup comparison',
  'records.put': 'record save',
  'records.delete': 'record deletion',
  'records.findInvalid': 'search for invalid records',
  'records.setAside': 'set-aside of invalid records',
  'records.restoreSetAside': 'return of set-aside records'
}

/** An operation's name as the host reports it (`migration.run`, `restore`…), in words. */
export function operationInWords(name: string): string {
  return operationWords[name] ?? name
}

/** Why actions are disabled right now, or null when they are free. */
export function busyReason(state: Pick<OperationState, 'running' | 'hostOperation' | 'hostLost'>): string | null {
  if (state.hostLost) return 'Lost connection to the host; actions are disabled until it is back.'
  if (state.running) return `${state.running.label} is in progress; other actions are disabled until it finishes.`
  if (state.hostOperation) return `Another window is running a ${operationInWords(state.hostOperation)}; actions are disabled until it finishes.`
  return null
}

/**
 * Runs one long operation: refuses a second one, records it as running (which disables every other action, with
 * the reason), and always clears it afterwards, whatever happens.
 */
export async function runOperation<T>(kind: OperationKind, label: string, work: () => Promise<T>): Promise<T | null> {
  const store = useOperationStore
  if (busyReason(store.getState())) return null
  store.setState({ running: { kind, label, startedAt: Date.now() }, progress: null, cancelRequested: false, committed: false })
  try {
    return await work()
  } finally {
    store.setState({ running: null, cancelRequested: false, committed: false })
  }
}

/** A long call's name as the host reports it (`migration.run`), as the kind of operation this window shows. */
const kindOfCall: Record<string, OperationKind> = {
  'migration.run': 'migration',
  'migration.dryRun': 'dry-run',
  'backups.create': 'backup',
  'backups.archive': 'backup',
  'backups.verify': 'verify',
  'backups.restore': 'restore',
  'backups.delete': 'delete',
  'backups.prune': 'prune',
  'backups.exportInStore': 'export',
  'backups.removeInStore': 'delete',
  'backups.compare': 'compare',
  'records.put': 'repair',
  'records.delete': 'repair',
  'records.findInvalid': 'repair',
  'records.setAside': 'repair',
  'records.restoreSetAside': 'repair'
}

/**
 * After a reload: the host runs an operation this page started before it reloaded. It is shown as this page's own
 * again, with Cancel; host-activity.ts watches for its end. False when this page already runs one.
 */
export function reattach(operation: { id: string; name: string; startedAt: string }): boolean {
  const store = useOperationStore
  const running = store.getState().running
  if (running) {
    if (!running.operationId) store.setState({ running: { ...running, operationId: operation.id } })
    return false
  }
  const words = operationInWords(operation.name)
  store.setState({
    running: {
      kind: kindOfCall[operation.name] ?? 'migration',
      label: `Your ${words} (started before this page reloaded)`,
      startedAt: Date.parse(operation.startedAt),
      operationId: operation.id,
      attached: true
    },
    hostOperation: null,
    cancelRequested: false,
    committed: false
  })
  return true
}

/** A re-attached run ended (the host runs it no more): it is cleared like one this page's call saw end. */
export function detach(): void {
  const store = useOperationStore
  if (store.getState().running?.attached) store.setState({ running: null, cancelRequested: false, committed: false, progress: null })
}

/** Asks the host to cancel the running operation; it then ends with CANCELLED and the store as it was. */
/**
 * The host says run `operationId` has committed: when it is this window's (by id, or the one whose id is not known
 * yet), Cancel is withdrawn.
 */
export function noteCommitted(operationId: string): void {
  const store = useOperationStore
  const running = store.getState().running
  if (!running) return
  if (running.operationId === operationId) store.setState({ committed: true })
  else if (!running.operationId && !running.attached) store.setState({ running: { ...running, operationId }, committed: true })
}

export async function cancelRunning(): Promise<void> {
  const store = useOperationStore.getState()
  if (!store.running || store.cancelRequested || store.committed) return
  store.setCancelRequested(true)
  const id = store.running.operationId
  const result = await callOrReport('Cancel', 'operation.cancel', id ? { id } : {})
  // Nothing was running any more (it had just finished), or the request failed: Cancel is offered again.
  if (!result?.cancelled) useOperationStore.getState().setCancelRequested(false)
}
