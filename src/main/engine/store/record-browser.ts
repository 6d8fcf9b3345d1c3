import { MeridianError } from '../../../shared/errors.ts'
import type { RecordsPage, RecordSummary } from '../../../shared/record-summary.ts'
import { recordVersion } from '../../../shared/record-version.ts'
import { prefixRange } from './store-keys.ts'
import { type Db } from './store.ts'

export interface RecordsPageRequest {
  prefix: string
  /** The last key of the previous page; the page starts after it. */
  after?: string
  limit: number
}

/** A record's summary from its raw bytes (also what a backup browser and a comparison show). */
export function describeRecord(key: string, raw: Buffer): RecordSummary {
  const text = raw.toString('utf8')
  try {
    const value: unknown = JSON.parse(text)
    const isObject = typeof value === 'object' && value !== null && !Array.isArray(value)
    return {
      key,
      version: isObject ? recordVersion(value) : null,
      bytes: raw.length,
      value
    }
  } catch {
    return { key, version: null, bytes: raw.length, value: text }
  }
}

/** The record under `key`, whole; RECORD_NOT_FOUND when there is none. */
export async function readRecord(db: Db, key: string): Promise<RecordSummary> {
  const raw = await db.get(Buffer.from(key, 'utf8'))
  if (raw === undefined) throw new MeridianError('RECORD_NOT_FOUND', `No record under the key "${key}"`)
  return describeRecord(key, raw)
}

/** One page of records under `prefix`, in key order: what a record browser shows, read without a full scan. */
export async function readRecordsPage(db: Db, request: RecordsPageRequest): Promise<RecordsPage> {
  if (request.after !== undefined && !request.after.startsWith(request.prefix)) {
    throw new MeridianError('INVALID_INPUT', `The page cursor "${request.after}" is not under the prefix "${request.prefix}"`)
  }
  const range: { gte?: Buffer; lt?: Buffer } = request.prefix === '' ? {} : prefixRange(request.prefix)
  // After the first page the cursor is the lower bound; `gte` beside `gt` would win and restart the prefix.
  const lower = request.after !== undefined ? { gt: Buffer.from(request.after, 'utf8') } : range.gte ? { gte: range.gte } : {}
  const iterator = db.iterator({ ...lower, ...(range.lt ? { lt: range.lt } : {}), limit: request.limit + 1 })
  // all() reads at most limit + 1 entries and closes the iterator itself.
  const entries = await iterator.all()
  const page = entries.slice(0, request.limit).map(([key, value]) => describeRecord(key.toString('utf8'), value))
  return { records: page, nextAfter: entries.length > request.limit ? (page.at(-1)?.key ?? null) : null }
}
