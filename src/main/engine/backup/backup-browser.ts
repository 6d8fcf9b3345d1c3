import { z } from 'zod'
import { inspectPrefixSchema } from '../../../shared/backup-inspect.ts'
import { MeridianError } from '../../../shared/errors.ts'
import type { RecordsPage, RecordSummary } from '../../../shared/record-summary.ts'
import { describeRecord } from '../store/record-browser.ts'
import { prefixRange } from '../store/store-keys.ts'
import { openBackupEntries } from './backup-entries.ts'
import type { BackupRepository } from './folder/backup-repository.ts'

export interface BackupPageRequest {
  /** '' for every key. */
  prefix: string
  /** The last key of the previous page; the page starts after it. */
  after?: string
  limit: number
}

const pageRequestSchema = z.object({
  prefix: inspectPrefixSchema,
  after: z.string().max(4096, 'a key of at most 4096 characters').optional(),
  limit: z.number().int('a whole number').min(1, 'at least 1').max(200, 'at most 200')
})

/** The request, checked (the engine is called by the CLI and tests too, not only through the contract). */
export function parsePageRequest(request: BackupPageRequest): BackupPageRequest {
  const parsed = pageRequestSchema.safeParse(request)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new MeridianError('INVALID_INPUT', `Invalid ${issue?.path.join('.') || 'request'}: ${issue?.message ?? 'not valid'}`)
  }
  if (request.after !== undefined && !request.after.startsWith(request.prefix)) {
    throw new MeridianError('INVALID_INPUT', `The page cursor "${request.after}" is not under the prefix "${request.prefix}"`)
  }
  return parsed.data
}

/** The byte range of keys under `prefix` ('' is every key), as LevelDB and the backup's key order sort them. */
export function keyRangeOf(prefix: string): { gte?: Buffer; lt?: Buffer } {
  return prefix === '' ? {} : prefixRange(prefix)
}

/**
 * One page of a backup's records under a prefix, in key order, read without restoring it. A checkpoint seeks to the
 * page; an archive has no index: its frames are decompressed from the start and skipped until the page begins, and reading stops as soon as the
 * page is full (or the prefix is passed), so a page costs what lies before it, never the whole file in memory.
 * The file's checksum is checked first (BACKUP_CORRUPT, as verify says), so a damaged backup shows nothing.
 */
export async function readBackupPage(repository: BackupRepository, id: string, rawRequest: BackupPageRequest, signal?: AbortSignal): Promise<RecordsPage> {
  const request = parsePageRequest(rawRequest)
  const backup = await openBackupEntries(repository, id, signal)
  const { gte, lt } = keyRangeOf(request.prefix)
  const after = request.after === undefined ? undefined : Buffer.from(request.after, 'utf8')
  const records: RecordSummary[] = []
  let more = false
  try {
    // Breaking out of the loop closes the generator, which stops the file and decompressor streams.
    scan: for await (const batch of backup.batches({ gte: after ?? gte, lt })) {
      for (const [key, value] of batch) {
        if (after ? Buffer.compare(key, after) <= 0 : gte && Buffer.compare(key, gte) < 0) continue
        if (lt && Buffer.compare(key, lt) >= 0) break scan
        if (records.length === request.limit) {
          more = true
          break scan
        }
        records.push(describeRecord(key.toString('utf8'), value))
      }
    }
  } finally {
    await backup.close()
  }
  return { records, nextAfter: more ? (records.at(-1)?.key ?? null) : null }
}
