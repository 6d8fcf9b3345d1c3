import { MeridianError } from '../../shared/errors.ts'
import { toIoError } from './io-errors.ts'
import type { Db } from './store.ts'

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
 * (LevelDB iterators read a snapshot, so writes made meanwhile do not disturb the scan).
 */
export async function* scanBatches(db: Db, options: ScanOptions = {}): AsyncGenerator<Array<[Buffer, Buffer]>> {
  const iterator = db.iterator({
    ...(options.gte ? { gte: options.gte } : {}),
    ...(options.lt ? { lt: options.lt } : {}),
    keys: options.keys ?? true,
    values: options.values ?? true
  })
  try {
    for (;;) {
      throwIfAborted(options.signal, 'The scan')
      let entries
      try {
        entries = await iterator.nextv(options.batchSize ?? SCAN_BATCH)
      } catch (error) {
        // A damaged table shows up here, mid-read, not at open: give it the store's code, not a raw one.
        throw toIoError(error, `read the store at ${db.location}`)
      }
      if (entries.length === 0) return
      yield entries as Array<[Buffer, Buffer]>
    }
  } finally {
    await iterator.close()
  }
}

/** Counts keys without reading values: cheap enough to give every long phase a known total up front. */
export async function countKeys(db: Db, range: { gte?: Buffer; lt?: Buffer } = {}, signal?: AbortSignal): Promise<number> {
  let count = 0
  for await (const batch of scanBatches(db, { ...range, values: false, signal, batchSize: 5000 })) count += batch.length
  return count
}
