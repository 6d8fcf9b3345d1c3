import { open, readdir, unlink } from 'node:fs/promises'
import path from 'node:path'
import { BACKUP_EXTENSION } from '../file/backup-format.ts'
import { syncDirectory } from '../file/atomic-file.ts'
import type { BackupRef } from '../../operations/operation-record.ts'

/**
 * A pin says "an operation of store S may need this backup to put S back": `.<id>.mbak.<store id>.needed`,
 * beside the backup. The operation's own note lives inside its store, which another store sharing the folder
 * cannot read, so prune (of any store) reads the pins instead and never deletes a pinned backup. A pin is
 * written and synced, with its folder entry, before the operation's note; it is removed only after the note is
 * cleared (commit, rollback or recovery). A crash in between leaves a pin that only keeps a file longer.
 */
const PIN_NAME = /^\.(backup_\d{8}_\d{6}(?:_\d{1,4})?)\.mbak\.([0-9a-f]{12})\.needed$/

const pinPathOf = (ref: BackupRef, storeId: string): string => path.join(path.dirname(ref.path), `.${ref.id}${BACKUP_EXTENSION}.${storeId}.needed`)

/** Pins each backup for store `storeId` (what the pin says is for people; only its name is read). */
export async function pinBackups(refs: readonly BackupRef[], storeId: string, note: Record<string, string>): Promise<void> {
  const folders = new Set<string>()
  for (const ref of refs) {
    const handle = await open(pinPathOf(ref, storeId), 'w')
    try {
      await handle.writeFile(`${JSON.stringify({ backup: ref.id, storeId, ...note })}\n`)
      await handle.sync()
    } finally {
      await handle.close()
    }
    folders.add(path.dirname(ref.path))
  }
  for (const folder of folders) await syncDirectory(folder)
}

/** Removes the pins of store `storeId` on these backups; a pin already gone is fine. */
export async function unpinBackups(refs: readonly BackupRef[], storeId: string): Promise<void> {
  for (const ref of refs) {
    await unlink(pinPathOf(ref, storeId)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error
    })
  }
}

/** Every backup id in `dir` that some store's pin names. */
export async function pinnedIds(dir: string): Promise<Set<string>> {
  const pinned = new Set<string>()
  const names = await readdir(dir).catch(() => [])
  for (const name of names) {
    const match = PIN_NAME.exec(name)
    if (match?.[1]) pinned.add(match[1])
  }
  return pinned
}
