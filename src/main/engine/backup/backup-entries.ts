import path from 'node:path'
import { readCheckpointManifest, STORE_FOLDER } from '../checkpoint/checkpoint-manifest.ts'
import { countKeys, scanBatches } from '../store/store-scan.ts'
import { MeridianStore } from '../store/store.ts'
import { assertChecksum } from './file/backup-checksum.ts'
import { readBackupEntries, readBackupLayout } from './file/backup-reader.ts'
import type { BackupRepository } from './folder/backup-repository.ts'

/** Every entry of a backup in key order, whichever its kind, for browsing and comparing it without restoring it. */
export interface BackupEntries {
  schemaVersion: number
  /** The entries in key order from `gte` on (a checkpoint seeks there; an archive, which has no index, reads up to it). */
  batches(range: { gte?: Buffer; lt?: Buffer }): AsyncIterable<Array<[Buffer, Buffer]>>
  /** How many entries it holds, for a progress total (a checkpoint not yet verified counts its keys). */
  records(): Promise<number>
  close(): Promise<void>
}

/**
 * Opens backup `id` for reading. An archive's checksum is checked first (BACKUP_CORRUPT, as verify says), so a
 * damaged file shows nothing; a checkpoint is opened as any store is read, through a private snapshot of it, so
 * nothing of it changes.
 */
export async function openBackupEntries(repository: BackupRepository, id: string, signal?: AbortSignal): Promise<BackupEntries> {
  const location = repository.locate(id)
  if (location.kind === 'archive') {
    const layout = await readBackupLayout(location.path, id)
    await assertChecksum(location.path, layout, signal)
    return {
      schemaVersion: layout.header.schemaVersion,
      batches: () => readBackupEntries(location.path, layout, signal),
      records: () => Promise.resolve(layout.footer.records),
      close: () => Promise.resolve()
    }
  }
  const manifest = await readCheckpointManifest(location.path)
  const store = await MeridianStore.open(path.join(location.path, STORE_FOLDER))
  return {
    schemaVersion: manifest.schemaVersion,
    batches: (range) => scanBatches(store.db, { ...range, signal }),
    records: async () => manifest.records ?? (await countKeys(store.db, {}, signal)),
    close: () => store.close()
  }
}
