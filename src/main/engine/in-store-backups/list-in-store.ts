import type { InStoreBackupInfo } from '../../../shared/in-store-backup.ts'
import { toIoError } from '../support/io-errors.ts'
import type { Db } from '../store/store.ts'
import { scanBatches, throwIfAborted } from '../store/store-scan.ts'
import { backupIdOfKey, backupRange, IN_STORE_RANGE, parseMetadata, timeOfId } from './legacy-metadata.ts'

/**
 * Every in-store backup, newest first. One iterator over the `_backup_` key range reads each backup's first key
 * (its metadata, or an orphan entry when the metadata is gone) and then seeks past the rest of that backup, so
 * listing costs a few reads per backup, not a read of every entry; the app lists after every operation. A
 * metadata key that does not parse, or entries without one, are listed as damaged, never thrown: listing must
 * work on exactly the stores that need cleaning up.
 */
export async function listInStoreBackups(db: Db, signal?: AbortSignal): Promise<InStoreBackupInfo[]> {
  const found: InStoreBackupInfo[] = []
  const iterator = db.iterator(IN_STORE_RANGE)
  try {
    for (;;) {
      throwIfAborted(signal, 'Listing in-store backups')
      const entry = await iterator.next()
      if (!entry) break
      const [key, value] = entry
      const id = backupIdOfKey(key)
      if (!id) continue // some other `_backup_…` key: not Meridian's format, not ours to list
      const range = backupRange(id)
      const info: InStoreBackupInfo = {
        kind: 'in-store',
        id,
        createdAt: timeOfId(id),
        prefix: null,
        records: null,
        bytes: await sizeOf(db, range),
        damaged: 'it has entries but no metadata key'
      }
      // The metadata key sorts before its entries, so when it exists it is this backup's first key.
      if (key.equals(range.gte)) {
        const { metadata, problem } = parseMetadata(value)
        Object.assign(
          info,
          metadata ? { createdAt: metadata.timestamp, prefix: metadata.prefix, records: metadata.item_count, damaged: null } : { damaged: problem }
        )
      }
      found.push(info)
      iterator.seek(Buffer.from(`${id};`, 'utf8')) // past every key of this backup
    }
  } catch (error) {
    throw toIoError(error, `list the in-store backups of ${db.location}`)
  } finally {
    await iterator.close()
  }
  return found.sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
}

/**
 * Bytes a backup takes: LevelDB's estimate from its table files; when that is 0 the backup has not left the
 * write buffer yet (a few MB at most), or the engine cannot estimate (RocksDB), so its keys and values are summed.
 */
async function sizeOf(db: Db, range: { gte: Buffer; lt: Buffer }): Promise<number> {
  const onDisk = db.approximateSize ? await db.approximateSize(range.gte, range.lt) : 0
  if (onDisk > 0) return onDisk
  let bytes = 0
  for await (const batch of scanBatches(db, range)) for (const [key, value] of batch) bytes += key.length + value.length
  return bytes
}
