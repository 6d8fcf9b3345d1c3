import { SCHEMA_VERSION_KEY } from '../support/constants.ts'
import { prefixRange } from '../store/store-keys.ts'
import { type Db } from '../store/store.ts'
import { countKeys, scanBatches, throwIfAborted } from '../store/store-scan.ts'
import { entryPrefixLength, entryRange, type InStoreMetadata } from './legacy-metadata.ts'

const SCHEMA_KEY = Buffer.from(SCHEMA_VERSION_KEY, 'utf8')

export interface RestoredContent {
  /** Every entry of the store as restoring the backup leaves it, in key order, a batch at a time. */
  batches: AsyncIterable<Array<[Buffer, Buffer]>>
  /** How many entries that is. */
  total: number
}

/**
 * The store as restoring in-store backup `id` would leave it, streamed: every key outside the backup's prefix as
 * it is now (other prefixes, the history, the in-store backups themselves), the backup's records as the whole of
 * its prefix (keys under the prefix that it does not hold are gone, as a file restore removes keys the file
 * lacks), and `_schema_version` set to `version` (or left as it is when null). Callers hold the store's gate, so
 * the three ranges read below are one consistent state.
 */
export async function restoredContent(db: Db, id: string, metadata: InStoreMetadata, version: number | null, signal?: AbortSignal): Promise<RestoredContent> {
  const prefix = prefixRange(metadata.prefix)
  const current = await db.get(SCHEMA_KEY)
  const schemaValue = version === null ? (current ?? null) : Buffer.from(JSON.stringify(version), 'utf8')
  const total =
    (await countKeys(db, {}, signal)) -
    (await countKeys(db, prefix, signal)) -
    (current === undefined ? 0 : 1) +
    metadata.item_count +
    (schemaValue === null ? 0 : 1)
  const skip = entryPrefixLength(id)

  async function* inOrder(): AsyncGenerator<Array<[Buffer, Buffer]>> {
    yield* scanBatches(db, { lt: prefix.gte, signal })
    for await (const batch of scanBatches(db, { ...entryRange(id), signal })) {
      yield batch.map(([key, value]): [Buffer, Buffer] => [key.subarray(skip), value])
    }
    yield* scanBatches(db, { gte: prefix.lt, signal })
  }
  return { batches: withKeySetTo(inOrder(), SCHEMA_KEY, schemaValue, signal), total }
}

/** The sorted stream with `key` holding `value` (or absent when null), wherever it falls. */
async function* withKeySetTo(
  source: AsyncIterable<Array<[Buffer, Buffer]>>,
  key: Buffer,
  value: Buffer | null,
  signal?: AbortSignal
): AsyncGenerator<Array<[Buffer, Buffer]>> {
  let placed = value === null
  for await (const batch of source) {
    throwIfAborted(signal, 'The export')
    const out: Array<[Buffer, Buffer]> = []
    for (const entry of batch) {
      const order = Buffer.compare(entry[0], key)
      if (!placed && order >= 0 && value) {
        out.push([key, value])
        placed = true
      }
      if (order !== 0) out.push(entry)
    }
    if (out.length > 0) yield out
  }
  if (!placed && value) yield [[key, value]]
}
