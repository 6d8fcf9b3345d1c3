import { MeridianError } from '../../../shared/errors.ts'
import type { RecordSummary } from '../../../shared/record-summary.ts'
import { describeRecord } from './record-browser.ts'
import { throwIfAborted } from './store-scan.ts'
import { prefixRange } from './store-keys.ts'
import { type Db } from './store.ts'

/** Records looked at per iterator read while a filter scans. */
const SEARCH_BATCH = 500
/** What one page of a filtered search reads at most, by default, before it answers with what it found. */
export const DEFAULT_SCAN_LIMIT = 20_000

/** What a record must be to be listed: every filter given must match. */
export interface RecordFilter {
  /** A substring of the key, case-insensitive. */
  keyContains?: string
  /** A substring of the value's stored text, case-insensitive. */
  valueContains?: string
  /** The record's version (as the counts label it), or 'invalid': not a JSON object, or no valid `schema_version`. */
  version?: number | 'invalid'
}

export interface RecordSearchRequest extends RecordFilter {
  prefix: string
  /** Where the page starts, one of: after this key (Next), at the first key ≥ this one (jump), or ending before this key (Previous). */
  after?: string
  from?: string
  before?: string
  limit: number
  /** Records read at most for this page when a filter is given; the page then ends early and says so. */
  scanLimit?: number
  signal?: AbortSignal
}

export interface RecordSearchPage {
  records: RecordSummary[]
  /** The cursor of the next page (`after`), null when nothing follows under the prefix. */
  nextAfter: string | null
  /** The cursor of the previous page (`before`), null when nothing precedes under the prefix. */
  previousBefore: string | null
  /** Records read to fill this page (equal to the page's size without a filter). */
  scanned: number
  /** The scan hit `scanLimit` before the page filled: more may match past the cursor it stopped at. */
  scanStopped: boolean
}

const hasFilter = (filter: RecordFilter): boolean => filter.keyContains !== undefined || filter.valueContains !== undefined || filter.version !== undefined

/** A compiled filter: the key test runs before the value is decoded, so a key filter reads no JSON it skips. */
function matcher(filter: RecordFilter): (key: string, raw: Buffer) => RecordSummary | null {
  const keyNeedle = filter.keyContains?.toLowerCase()
  const valueNeedle = filter.valueContains?.toLowerCase()
  return (key, raw) => {
    if (keyNeedle !== undefined && !key.toLowerCase().includes(keyNeedle)) return null
    if (valueNeedle !== undefined && !raw.toString('utf8').toLowerCase().includes(valueNeedle)) return null
    const record = describeRecord(key, raw)
    if (filter.version === 'invalid' && record.version !== null) return null
    if (typeof filter.version === 'number' && record.version !== filter.version) return null
    return record
  }
}

/** The smallest key after `key` in byte order: `key` followed by a zero byte. */
const justAfter = (key: string): Buffer => Buffer.concat([Buffer.from(key, 'utf8'), Buffer.from([0])])

const later = (a: Buffer | undefined, b: Buffer | undefined): Buffer | undefined => (!a ? b : !b ? a : Buffer.compare(a, b) >= 0 ? a : b)
const earlier = (a: Buffer | undefined, b: Buffer | undefined): Buffer | undefined => (!a ? b : !b ? a : Buffer.compare(a, b) <= 0 ? a : b)

/**
 * One page of records under `prefix`, from a cursor, keeping only those the filter matches: streamed in batches
 * from the cursor (never counting what precedes it), stopping when the page is full, the prefix ends, or
 * `scanLimit` records were read, so every call is bounded however few records match. `before` reads backwards
 * (the page before a jump or a filtered page); the page is still in key order.
 */
export async function searchRecords(db: Db, request: RecordSearchRequest): Promise<RecordSearchPage> {
  const { prefix, after, from, before, limit } = request
  if ([after, from, before].filter((cursor) => cursor !== undefined).length > 1) {
    throw new MeridianError('INVALID_INPUT', 'Give at most one of after, from and before')
  }
  if (after !== undefined && !after.startsWith(prefix)) {
    throw new MeridianError('INVALID_INPUT', `The page cursor "${after}" is not under the prefix "${prefix}"`)
  }
  const range = prefix === '' ? null : prefixRange(prefix)
  // A jump or a Previous outside the prefix is clipped to it: it lands at the prefix's start or end, never on
  // another prefix's records.
  const lower = after !== undefined ? justAfter(after) : later(range?.gte, from === undefined ? undefined : Buffer.from(from, 'utf8'))
  const upper = earlier(range?.lt, before === undefined ? undefined : Buffer.from(before, 'utf8'))
  const reverse = before !== undefined

  const filtered = hasFilter(request)
  const match = matcher(request)
  const scanLimit = filtered ? (request.scanLimit ?? DEFAULT_SCAN_LIMIT) : Number.POSITIVE_INFINITY
  const found: RecordSummary[] = []
  let scanned = 0
  let firstScanned: string | null = null
  let lastScanned: string | null = null
  let more = false
  const empty = lower !== undefined && upper !== undefined && Buffer.compare(lower, upper) >= 0
  const iterator = empty ? null : db.iterator({ ...(lower ? { gte: lower } : {}), ...(upper ? { lt: upper } : {}), reverse })
  try {
    reading: while (iterator) {
      throwIfAborted(request.signal, 'The record search')
      const batch = await iterator.nextv(filtered ? SEARCH_BATCH : limit + 1)
      if (batch.length === 0) break
      for (const [keyBytes, raw] of batch) {
        if (found.length === limit || scanned === scanLimit) {
          more = true
          break reading
        }
        const key = keyBytes.toString('utf8')
        scanned++
        firstScanned ??= key
        lastScanned = key
        const record = match(key, raw)
        if (record) found.push(record)
      }
    }
  } finally {
    await iterator?.close()
  }
  const scanStopped = more && found.length < limit
  // Where reading goes on in the direction read: past the last record listed, or past the last one read when the
  // scan stopped early; and in the other direction, from the first key read.
  const onward = more ? (scanStopped ? lastScanned : (found.at(-1)?.key ?? null)) : null
  if (reverse) {
    found.reverse()
    return { records: found, nextAfter: firstScanned, previousBefore: onward, scanned, scanStopped }
  }
  const start = firstScanned ?? from ?? null
  const previousBefore = start !== null && (await anyKeyBefore(db, range, start)) ? start : null
  return { records: found, nextAfter: onward, previousBefore, scanned, scanStopped }
}

/** Whether any key under the range precedes `key` (one seek). */
async function anyKeyBefore(db: Db, range: { gte: Buffer } | null, key: string): Promise<boolean> {
  const keys = await db.keys({ ...(range ? { gte: range.gte } : {}), lt: Buffer.from(key, 'utf8'), limit: 1 }).all()
  return keys.length > 0
}
