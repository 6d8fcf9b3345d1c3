import type { VerifyReport } from '../../../shared/backup.ts'
import { MeridianError } from '../../../shared/errors.ts'
import type { ProgressListener } from '../../../shared/progress.ts'
import { recordVersion } from '../../../shared/record-version.ts'
import { ProgressTracker } from '../support/progress-tracker.ts'
import type { Db } from '../store/store.ts'
import { scanBatches } from '../store/store-scan.ts'
import { entryPrefixLength, entryRange, metadataKey, parseMetadata, type InStoreMetadata } from './legacy-metadata.ts'

/** How many missing keys a report names. */
export const MISSING_SAMPLE = 5

export interface InStoreCheck {
  report: VerifyReport
  /** Null when the metadata cannot be read. */
  metadata: InStoreMetadata | null
  /** The lowest `schema_version` among its records (absent or unreadable counts as 1); null when it holds none. */
  lowestRecordVersion: number | null
}

/** A record's version for deriving `_schema_version`: the migrations' rule, a record without one is v1. */
function versionOf(value: Buffer): number {
  try {
    const record: unknown = JSON.parse(value.toString('utf8'))
    if (typeof record !== 'object' || record === null) return 1
    return recordVersion(record) ?? 1
  } catch {
    return 1
  }
}

/**
 * Checks in-store backup `id` against its metadata in one streamed pass over its entries: the metadata parses,
 * `item_count` equals the number of keys it names, each key is unique and under its prefix, every named key has
 * an entry and no entry is unnamed. BACKUP_NOT_FOUND when the store holds no key of that backup at all.
 */
export async function checkInStoreBackup(db: Db, id: string, options: { signal?: AbortSignal; onProgress?: ProgressListener } = {}): Promise<InStoreCheck> {
  const fail = (problem: string, records = 0, missingKeys?: VerifyReport['missingKeys']): InStoreCheck => ({
    report: { id, ok: false, records, problem: `In-store backup ${id} cannot be used: ${problem}`, ...(missingKeys ? { missingKeys } : {}) },
    metadata: null,
    lowestRecordVersion: null
  })
  const raw = await db.get(metadataKey(id))
  if (raw === undefined) {
    const orphans = await db.keys({ ...entryRange(id), limit: 1 }).all()
    if (orphans.length === 0) throw new MeridianError('BACKUP_NOT_FOUND', `No in-store backup ${id} in ${db.location}`)
    return fail('it has entries but no metadata key')
  }
  const { metadata, problem } = parseMetadata(raw)
  if (!metadata) return fail(problem)
  if (metadata.item_count !== metadata.keys.length) {
    return fail(`its metadata says item_count ${metadata.item_count} but names ${metadata.keys.length} keys`)
  }
  const outside = metadata.keys.find((key) => !key.startsWith(metadata.prefix))
  if (outside !== undefined) return fail(`its metadata names ${JSON.stringify(outside)}, which is not under its prefix ${metadata.prefix}`)

  // Named keys in the store's byte order, so they can be walked beside the entries.
  const expected = metadata.keys.map((key) => Buffer.from(key, 'utf8')).sort(Buffer.compare)
  const duplicate = expected.find((key, i) => i > 0 && key.equals(expected[i - 1] as Buffer))
  if (duplicate) return fail(`its metadata names ${JSON.stringify(duplicate.toString('utf8'))} twice`)

  const progress = new ProgressTracker('verify', expected.length, options.onProgress)
  const skip = entryPrefixLength(id)
  const missing: string[] = []
  let missingCount = 0
  let unnamed = 0
  let present = 0
  let lowest: number | null = null
  let next = 0
  const noteMissing = (key: Buffer): void => {
    missingCount++
    if (missing.length < MISSING_SAMPLE) missing.push(key.toString('utf8'))
  }
  for await (const batch of scanBatches(db, { ...entryRange(id), signal: options.signal })) {
    for (const [entryKey, value] of batch) {
      const key = entryKey.subarray(skip)
      while (next < expected.length && Buffer.compare(expected[next] as Buffer, key) < 0) noteMissing(expected[next++] as Buffer)
      if (next < expected.length && (expected[next] as Buffer).equals(key)) {
        next++
        present++
        const version = versionOf(value)
        lowest = lowest === null ? version : Math.min(lowest, version)
      } else unnamed++
    }
    progress.advance(batch.length)
  }
  while (next < expected.length) noteMissing(expected[next++] as Buffer)
  progress.finish()

  if (missingCount > 0) {
    const sample = missing.join(', ') + (missingCount > missing.length ? ', …' : '')
    return fail(`${missingCount} of the ${expected.length} keys its metadata names have no entry (${sample})`, present, {
      count: missingCount,
      sample: missing
    })
  }
  if (unnamed > 0) return fail(`${unnamed} of its entries are not named by its metadata`, present)
  return { report: { id, ok: true, records: present, problem: null }, metadata, lowestRecordVersion: lowest }
}
