import type { InStoreBackupInfo } from '../../../shared/in-store-backup.ts'
import type { Db } from '../store.ts'
import { scanBatches } from '../store-scan.ts'
import { backupIdOfKey, IN_STORE_RANGE, parseMetadata, timeOfId } from './legacy-metadata.ts'

/**
 * Every in-store backup, newest first, from one streamed pass over the `_backup_` key range (a batch at a time,
 * never all entries at once). A metadata key that does not parse, or entries without a metadata key, are listed
 * as damaged, never thrown: listing must work on exactly the stores that need cleaning up.
 */
export async function listInStoreBackups(db: Db, signal?: AbortSignal): Promise<InStoreBackupInfo[]> {
  const found = new Map<string, InStoreBackupInfo>()
  for await (const batch of scanBatches(db, { ...IN_STORE_RANGE, signal })) {
    for (const [key, value] of batch) {
      const id = backupIdOfKey(key)
      if (!id) continue // some other `_backup_…` key: not Meridian's format, not ours to list
      let info = found.get(id)
      if (!info) {
        info = { kind: 'in-store', id, createdAt: timeOfId(id), prefix: null, records: null, entries: 0, bytes: 0, damaged: 'it has entries but no metadata key' }
        found.set(id, info)
      }
      info.bytes += key.length + value.length
      if (key.length === Buffer.byteLength(id)) {
        // The metadata sorts before its entries, so it is always seen first.
        const { metadata, problem } = parseMetadata(value)
        Object.assign(info, metadata ? { createdAt: metadata.timestamp, prefix: metadata.prefix, records: metadata.item_count, damaged: null } : { damaged: problem })
      } else info.entries++
    }
  }
  return [...found.values()].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
}
