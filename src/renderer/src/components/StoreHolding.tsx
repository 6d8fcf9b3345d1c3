import type { ApiOutput } from '../../../shared/api.contract.ts'
import { type OperationKind, useOperationStore } from '../stores/operation.store.ts'

/** This window's operations that take the store itself, with its LOCK (a backup or a dry run reads the snapshot). */
const TAKES_THE_LOCK: ReadonlySet<OperationKind> = new Set(['migration', 'restore', 'repair'])

/**
 * Whether this app holds the store, in words: while it only reads, it reads a private snapshot and holds none of
 * the store's files, so Meridian and the CLI can open it; while an operation writes, it holds the store's LOCK.
 */
export function StoreHolding({ info }: { info: ApiOutput<'store.info'> }) {
  const running = useOperationStore((state) => state.running)
  // The info is read between operations; this window's own writing run is known here at once.
  const own = running && TAKES_THE_LOCK.has(running.kind) ? running.label.toLowerCase() : null
  const operation = own ?? info.runningOperation
  if (info.access === null) return null
  if (info.access === 'write' || own) {
    return (
      <p className="muted small store-holding" data-testid="store-holding" data-access="write">
        <strong>This app holds the store’s lock</strong>
        {operation ? ` (${operation})` : ''}: Meridian and the CLI cannot open it until that ends.
      </p>
    )
  }
  return (
    <p className="muted small store-holding" data-testid="store-holding" data-access="read">
      Read from a private snapshot: this app does not hold the store, so Meridian and the CLI can open it. A migration, restore or repair takes its lock while
      it runs; <em>Close store</em> lets go of the snapshot too.
    </p>
  )
}
