import { MeridianError } from '../../../shared/errors.ts'
import { toIoError } from '../support/io-errors.ts'
import type { StoreDb } from './store-db.ts'

/** A write handle that stops at its first failed write, and what that write was. */
export interface FailStop {
  readonly db: StoreDb
  /** The first write error the handle saw (or was told of with `fail`), null while there was none. */
  failure(): { error: unknown } | null
  /** Marks the handle failed from outside: a failed fsync of its files leaves it as unsure as a failed write. */
  fail(error: unknown): void
}

/**
 * `db` with every write refused once one write has failed. After LevelDB's first ENOSPC its current log ends in a
 * torn record, and the next open drops every record written after it, though each of those writes reported
 * success, synced ones included (seen on a full ext4: 20 of 20 synced writes gone); a failed compaction leaves an
 * error that refuses every later write, and RocksDB's background error does the same. Only closing the handle and
 * opening the store again (which replays the log as any next open would, then starts a fresh one) makes writes
 * safe again: `MeridianStore.reopenAfterWriteError` does that before the next operation, and before a put-back.
 */
export function failStopWrites(inner: StoreDb): FailStop {
  let failed: { error: unknown } | null = null
  const refusal = (first: unknown): MeridianError => {
    const cause = toIoError(first, 'write')
    return new MeridianError(
      'IO_ERROR',
      `Cannot write to the store at ${inner.location}: an earlier write failed (${cause.message}), so the store must be closed and opened again first`,
      { cause: first }
    )
  }
  const guard = async (write: () => Promise<void>): Promise<void> => {
    if (failed) throw refusal(failed.error)
    try {
      await write()
    } catch (error) {
      failed ??= { error }
      throw error
    }
  }
  const { approximateSize, compactRange } = inner
  const db: StoreDb = {
    location: inner.location,
    get status() {
      return inner.status
    },
    open: () => inner.open(),
    close: () => inner.close(),
    get: (key) => inner.get(key),
    put: (key, value, options) => guard(() => inner.put(key, value, options)),
    del: (key, options) => guard(() => inner.del(key, options)),
    batch: (ops, options) => guard(() => inner.batch(ops, options)),
    ...(approximateSize ? { approximateSize: (start: Buffer, end: Buffer) => approximateSize.call(inner, start, end) } : {}),
    ...(compactRange ? { compactRange: (start: Buffer, end: Buffer) => guard(() => compactRange.call(inner, start, end)) } : {}),
    iterator: (options) => inner.iterator(options),
    keys: (options) => inner.keys(options)
  }
  return {
    db,
    failure: () => failed,
    fail(error) {
      failed ??= { error }
    }
  }
}
