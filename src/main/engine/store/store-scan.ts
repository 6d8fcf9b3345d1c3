import { MeridianError } from '../../../shared/errors.ts'
import { toIoError } from '../support/io-errors.ts'
import type { StoreDb } from './store-db.ts'

/** Records read per iterator call: large enough to amortise the native call, small enough to keep memory flat. */
export const SCAN_BATCH = 1000

export interface ScanOptions {
  gte?: Buffer
  lt?: Buffer
  keys?: boolean
  values?: boolean
  signal?: AbortSignal
  batchSize?: number
}

export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new MeridianError('CANCELLED', `${what} was cancelled`)
}

/**
 * Streams the store in key order, a batch of entries at a time, from the snapshot taken when the scan starts
 * (LevelDB iterators read a snapshot, so writes made meanwhile do not disturb the scan). Reads one batch ahead:
 * the next batch is read (on libuv's pool) while the caller works on this one, so reading and the caller's CPU
 * work overlap instead of taking turns. At most one read is in flight, as the iterator requires.
 */
export async function* scanBatches(db: StoreDb, options: ScanOptions = {}): AsyncGenerator<Array<[Buffer, Buffer]>> {
  const iterator = db.iterator({
    ...(options.gte ? { gte: options.gte } : {}),
    ...(options.lt ? { lt: options.lt } : {}),
    keys: options.keys ?? true,
    values: options.values ?? true
  })
  const size = options.batchSize ?? SCAN_BATCH
  const read = (): Promise<Array<[Buffer, Buffer]>> => {
    const pending = iterator.nextv(size).then(
      (entries) => entries as Array<[Buffer, Buffer]>,
      // A damaged table shows up here, mid-read, not at open: give it the store's code, not a raw one.
      (error: unknown) => Promise.reject(toIoError(error, `read the store at ${db.location}`))
    )
    // The read ahead may fail while the caller is still busy with the previous batch: mark it handled now; the
    // error is thrown where the batch is awaited (or dropped if the caller stops first).
    pending.catch(() => undefined)
    return pending
  }
  let next: Promise<Array<[Buffer, Buffer]>> | null = null
  try {
    throwIfAborted(options.signal, 'The scan')
    next = read()
    for (;;) {
      const entries = await next
      next = null
      if (entries.length === 0) return
      throwIfAborted(options.signal, 'The scan')
      next = read()
      yield entries
    }
  } finally {
    // A read still in flight when the caller stops early must settle before the iterator closes.
    if (next) await next.catch(() => undefined)
    await iterator.close()
  }
}

/** Counts keys without reading values: cheap enough to give every long phase a known total up front. */
export async function countKeys(db: StoreDb, range: { gte?: Buffer; lt?: Buffer } = {}, signal?: AbortSignal): Promise<number> {
  let count = 0
  for await (const batch of scanBatches(db, { ...range, values: false, signal, batchSize: 5000 })) count += batch.length
  return count
}
