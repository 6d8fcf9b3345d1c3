import type { ProgressListener, ProgressPhase } from '../../../shared/progress.ts'
import { BatchCursor } from '../store/batch-cursor.ts'
import { BatchWriter } from '../store/batch-writer.ts'
import { EventLoopYielder } from '../support/event-loop-yield.ts'
import { ProgressTracker } from '../support/progress-tracker.ts'
import { isPreservedKey } from '../store/store-keys.ts'
import { type Db } from '../store/store.ts'
import { scanBatches, throwIfAborted } from '../store/store-scan.ts'

export interface RestoreMergeOptions {
  phase: ProgressPhase
  /** Entries the backup holds, for the progress total. */
  total: number
  onProgress?: ProgressListener
  /** Only checked between batches; a rollback passes none, since it must run to the end. */
  signal?: AbortSignal
}

/**
 * Makes the store hold exactly the entries of `backup` (both in key order), except the history and `_admin:`
 * keys, which stay as they are. A merge of the two sorted streams: keys only in the store are deleted, keys only
 * in the backup or with another value are written, equal ones are left alone, so a rollback after a partial
 * migration rewrites only what changed. Idempotent: running it twice gives the same store.
 */
export async function restoreMerge(
  db: Db,
  backup: AsyncIterable<Array<[Buffer, Buffer]>>,
  options: RestoreMergeOptions
): Promise<{ written: number; deleted: number }> {
  const progress = new ProgressTracker(options.phase, options.total, options.onProgress)
  const fromStore = BatchCursor.of(scanBatches(db))
  const fromBackup = BatchCursor.of(backup)
  const writer = new BatchWriter(db)
  const yielder = new EventLoopYielder()
  let written = 0
  let deleted = 0
  let seen = 0
  try {
    for (;;) {
      await yielder.maybeYield()
      if (fromStore.needsFill) await fromStore.fill()
      if (fromBackup.needsFill) await fromBackup.fill()
      const stored = fromStore.peek()
      const wanted = fromBackup.peek()
      if (!stored && !wanted) break
      const order = !stored ? 1 : !wanted ? -1 : Buffer.compare(stored[0], wanted[0])
      if (order < 0 && stored) {
        fromStore.advance()
        if (!isPreservedKey(stored[0])) {
          await writer.del(stored[0])
          deleted++
        }
        continue
      }
      if (!wanted) break
      fromBackup.advance()
      if (order === 0) fromStore.advance()
      if (!isPreservedKey(wanted[0]) && (order !== 0 || !stored?.[1].equals(wanted[1]))) {
        await writer.put(wanted[0], wanted[1])
        written++
      }
      if (++seen % 1000 === 0) {
        progress.advance(1000)
        throwIfAborted(options.signal, 'The restore')
      }
    }
    await writer.flush()
  } finally {
    await writer.settle()
    await fromStore.close()
    await fromBackup.close()
  }
  progress.advance(seen % 1000)
  progress.finish()
  return { written, deleted }
}
