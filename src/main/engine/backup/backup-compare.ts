import { COMPARE_SAMPLE_LIMIT, inspectPrefixSchema, type BackupComparison } from '../../../shared/backup-inspect.ts'
import { MeridianError } from '../../../shared/errors.ts'
import type { ProgressListener } from '../../../shared/progress.ts'
import { BatchCursor } from '../store/batch-cursor.ts'
import { ProgressTracker } from '../support/progress-tracker.ts'
import { describeRecord } from '../store/record-browser.ts'
import { diffFields } from './record-diff.ts'
import type { Db } from '../store/store.ts'
import { scanBatches, throwIfAborted } from '../store/store-scan.ts'
import { keyRangeOf } from './backup-browser.ts'
import { openBackupEntries } from './backup-entries.ts'
import type { BackupRepository } from './folder/backup-repository.ts'

export interface CompareOptions {
  /** Only keys under this prefix ('' or absent: every key). */
  prefix?: string
  signal?: AbortSignal
  onProgress?: ProgressListener
}

/** Backup entries read between progress events and cancel checks. */
const STRIDE = 1000

/**
 * Compares backup `id` with the store as it is now, in one streamed merge of the two key orders (the backup's
 * frames against a store iterator over the same prefix): counts of keys added, removed, changed and unchanged,
 * and the first few of each, changed JSON records with their field-level differences. Memory stays flat: only
 * the samples are kept.
 *
 * Integrity comes first: the file's checksum is checked before any record is compared, so a damaged backup
 * fails with BACKUP_CORRUPT (as verify reports it) and never yields counts that look whole. The store is only
 * read (from the iterator's snapshot); cancelling throws CANCELLED.
 */
export async function compareBackupWithStore(db: Db, repository: BackupRepository, id: string, options: CompareOptions = {}): Promise<BackupComparison> {
  const started = performance.now()
  const prefix = options.prefix ?? ''
  const parsed = inspectPrefixSchema.safeParse(prefix)
  if (!parsed.success) throw new MeridianError('INVALID_INPUT', `Invalid prefix: ${parsed.error.issues[0]?.message ?? 'not valid'}`)
  const backup = await openBackupEntries(repository, id, options.signal)
  const range = keyRangeOf(prefix)
  let total: number
  try {
    total = await backup.records()
  } catch (error) {
    await backup.close()
    throw error
  }
  const progress = new ProgressTracker('compare', total, options.onProgress)
  const fromBackup = BatchCursor.of(backup.batches(range))
  const fromStore = BatchCursor.of(scanBatches(db, { ...range, signal: options.signal }))
  const result: BackupComparison = {
    backupId: id,
    prefix,
    backupVersion: backup.schemaVersion,
    counts: { added: 0, removed: 0, changed: 0, unchanged: 0 },
    added: [],
    removed: [],
    changed: [],
    durationMs: 0
  }
  const { counts } = result
  let read = 0
  /** Set once the backup's keys pass the prefix: the rest of the file is not read. */
  let backupPastRange = false
  const readOne = (): void => {
    fromBackup.advance()
    if (++read % STRIDE === 0) {
      progress.advance(STRIDE)
      throwIfAborted(options.signal, 'The comparison')
    }
  }
  try {
    for (;;) {
      if (!backupPastRange && fromBackup.needsFill) await fromBackup.fill()
      if (fromStore.needsFill) await fromStore.fill()
      let saved = backupPastRange ? undefined : fromBackup.peek()
      if (saved && range.gte && Buffer.compare(saved[0], range.gte) < 0) {
        readOne() // before the prefix: the backup has no index, so its frames are read from the start
        continue
      }
      if (saved && range.lt && Buffer.compare(saved[0], range.lt) >= 0) {
        backupPastRange = true
        saved = undefined
      }
      const current = fromStore.peek()
      if (!saved && !current) break
      const order = !saved ? 1 : !current ? -1 : Buffer.compare(saved[0], current[0])
      if (order < 0 && saved) {
        counts.removed++
        if (result.removed.length < COMPARE_SAMPLE_LIMIT) result.removed.push(describeRecord(saved[0].toString('utf8'), saved[1]))
        readOne()
      } else if (order > 0 && current) {
        counts.added++
        if (result.added.length < COMPARE_SAMPLE_LIMIT) result.added.push(describeRecord(current[0].toString('utf8'), current[1]))
        fromStore.advance()
      } else if (saved && current) {
        if (saved[1].equals(current[1])) counts.unchanged++
        else {
          counts.changed++
          if (result.changed.length < COMPARE_SAMPLE_LIMIT) {
            const key = saved[0].toString('utf8')
            const before = describeRecord(key, saved[1])
            const after = describeRecord(key, current[1])
            result.changed.push({ key, before, after, fields: diffFields(before.value, after.value) })
          }
        }
        readOne()
        fromStore.advance()
      }
    }
  } finally {
    await fromBackup.close()
    await fromStore.close()
    await backup.close()
  }
  progress.advance(read % STRIDE)
  progress.finish()
  result.durationMs = Math.round(performance.now() - started)
  return result
}
