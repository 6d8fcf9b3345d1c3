import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { MeridianError } from '../../../shared/errors.ts'
import type { InStoreRemoval } from '../../../shared/in-store-backup.ts'
import { BatchWriter } from '../store/batch-writer.ts'
import { toIoError } from '../support/io-errors.ts'
import type { MeridianStore } from '../store/store.ts'
import { scanBatches } from '../store/store-scan.ts'
import { backupRange } from './legacy-metadata.ts'

/** The store folder's size on disk (LevelDB keeps its files flat in one folder). */
async function folderBytes(dir: string): Promise<number> {
  let total = 0
  for (const name of await readdir(dir)) total += (await stat(path.join(dir, name)).catch(() => ({ size: 0 }))).size
  return total
}

/**
 * Deletes every key of the in-store backups `ids` (metadata first, since it sorts first, then the entries) in
 * bounded batches, then compacts their key range so LevelDB drops the deleted data from its files. A crash
 * midway leaves a backup without metadata or with missing entries: it lists as damaged and removing it again
 * finishes the job, which is also what cancelling (`signal`, checked between batches) leaves. Nothing outside the
 * `<id>`…`<id>;` ranges is touched. Callers hold the store's gate.
 */
export async function removeInStoreBackups(store: MeridianStore, ids: readonly string[], signal?: AbortSignal): Promise<InStoreRemoval> {
  const { db } = store
  const storeBytesBefore = await folderBytes(store.dataDir)
  let keysDeleted = 0
  let bytesDeleted = 0
  const writer = new BatchWriter(db)
  try {
    for (const id of ids) {
      for await (const batch of scanBatches(db, { ...backupRange(id), signal })) {
        for (const [key, value] of batch) {
          await writer.del(key)
          keysDeleted++
          bytesDeleted += key.length + value.length
        }
      }
    }
    await writer.flush()
    // Sorted ids → one range from the first backup's start to the last one's end covers them all.
    const sorted = [...ids].sort()
    const first = sorted[0]
    const last = sorted[sorted.length - 1]
    // RocksDB's binding cannot compact on request; its own background compaction reclaims the space later.
    if (first !== undefined && last !== undefined && db.compactRange) await db.compactRange(backupRange(first).gte, backupRange(last).lt)
  } catch (error) {
    // A cancel or failure must not return while a delete batch is still landing.
    await writer.settle()
    if (error instanceof MeridianError) throw error
    throw toIoError(error, `remove in-store backups from ${store.dataDir}`)
  }
  return { removed: [...ids], keysDeleted, bytesDeleted, storeBytesBefore, storeBytesAfter: await folderBytes(store.dataDir) }
}
