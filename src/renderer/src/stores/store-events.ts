import type { ApiOutput } from '../../../shared/api.contract.ts'
import type { BackupInfo, PruneResult, RestoreResult } from '../../../shared/backup.ts'
import type { InStoreRemoval } from '../../../shared/in-store-backup.ts'
import type { MigrateResult } from '../../../shared/migration-result.ts'

/**
 * What one store tells the others. A store changes only its own state: what another should know, it announces
 * here, and the store that owns the state listens (next to that state). So no store imports another to write into
 * it, and the stores that re-read after an operation are not imported by the operations that trigger it.
 */
export interface StoreEvents {
  /** The store may have changed (an operation ended, another window's did): everything shown is read again. */
  changed: undefined
  /** Another data directory was opened, or the store closed: what belonged to the previous store is forgotten (before `changed`). */
  switched: undefined
  /** No store is open (closed from this window or another): the host's info, which lists the recent stores. */
  closed: ApiOutput<'store.info'>
  /** A downgrade is starting: the last migration result on screen is dropped. */
  'downgrade-started': undefined
  /** A downgrade finished: its result is shown where a migration's is, and the plan on screen is spent. */
  downgraded: MigrateResult
  /** A backup was put back: the plan on screen described the store before it. */
  restored: RestoreResult
  /** A cleanup deleted these backups (listed in `result.deleted`). */
  'backups-pruned': PruneResult
  /** An in-store backup was written out as this backup file. */
  'in-store-exported': { id: string; file: BackupInfo }
  /** A checkpoint's archive was written in the background (after a migration): the backup list grew by it. */
  'archive-written': { checkpointId: string; archiveId: string }
  /** In-store backups were removed from the store. */
  'in-store-removed': InStoreRemoval
}

export type StoreEvent = keyof StoreEvents

/** A listener does its part at once; one that re-reads returns the promise of that read. */
type Listener<E extends StoreEvent> = (payload: StoreEvents[E]) => void | Promise<unknown>

/** `undefined` events are published without a payload. */
type PayloadArgs<E extends StoreEvent> = StoreEvents[E] extends undefined ? [] : [payload: StoreEvents[E]]

const listeners: { [E in StoreEvent]?: Set<Listener<E>> } = {}

/** Listens to `event` for the life of the page (stores live as long); returns the way to stop. */
export function onStoreEvent<E extends StoreEvent>(event: E, listener: Listener<E>): () => void {
  const set: Set<Listener<E>> = listeners[event] ?? new Set()
  listeners[event] = set as (typeof listeners)[E]
  set.add(listener)
  return () => set.delete(listener)
}

/**
 * Tells every listener of `event`, in the order they subscribed, before returning; the promise settles when the
 * reads they started have (and fails with the first that fails).
 */
export function publish<E extends StoreEvent>(event: E, ...args: PayloadArgs<E>): Promise<void> {
  const set: Set<Listener<E>> | undefined = listeners[event]
  const payload = args[0] as StoreEvents[E]
  const started = [...(set ?? [])].map((listener) => listener(payload))
  return Promise.all(started).then(() => undefined)
}
