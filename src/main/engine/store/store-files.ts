import { copyFile, link } from 'node:fs/promises'
import path from 'node:path'

/** Why a hard link may be refused where a copy works: another file system, or none there. */
const LINK_REFUSALS = ['EXDEV', 'EPERM', 'ENOTSUP', 'EMLINK']

/**
 * Files LevelDB and RocksDB never change once written (tables: `.ldb`/`.sst`, RocksDB's blobs): shared by hard
 * link rather than copied. Everything else (CURRENT, MANIFEST, the write-ahead `.log`, OPTIONS, IDENTITY) is
 * small or bounded by the memtable size, and is appended to or replaced in place, so it is copied.
 */
export const IMMUTABLE = /\.(sst|ldb|blob)$/
/**
 * Files of the engines themselves (their temporaries too): what a checkpoint takes, and what a directory swap
 * replaces. Anything else in a store's directory (Meridian's `metrics/` store, a person's notes) is not the
 * store's: it is never in a checkpoint, and a swap carries it over as it is.
 */
export const ENGINE_FILE = /^(CURRENT|LOCK|LOG|LOG\.old.*|IDENTITY|(MANIFEST|OPTIONS)-\d+|\d+\.(log|ldb|sst|blob)|(\d+|OPTIONS-\d+)\.dbtmp)$/

/** Not part of the data: the lock (the copy gets its own) and the engines' text logs (LevelDB's LOG.old too). */
export const SKIPPED = /^(LOCK|LOG(\.old(\..*)?)?)$/

/**
 * Whether the file may be shared by hard link: a table the engine will never write again. A table numbered at or
 * above the store's next file number is an orphan (see store-manifest.ts) whose name the snapshot's own open may
 * take, writing through the link into the user's file, so it is copied; so is every table when that number is
 * unknown.
 */
export function shareable(name: string, nextFileNumber: number | null): boolean {
  if (!IMMUTABLE.test(name) || nextFileNumber === null) return false
  const number = Number.parseInt(name, 10)
  return Number.isSafeInteger(number) && number < nextFileNumber
}

/**
 * A hard link to `from` when it is shareable, else (or where links cannot be made: another file system, EXDEV, or
 * none there) a copy, which reads the same. Says which it made.
 */
export async function shareOrCopy(from: string, to: string, nextFileNumber: number | null): Promise<'linked' | 'copied'> {
  if (shareable(path.basename(from), nextFileNumber)) {
    try {
      await link(from, to)
      return 'linked'
    } catch (error) {
      if (!LINK_REFUSALS.includes((error as NodeJS.ErrnoException).code ?? '')) throw error
    }
  }
  await copyFile(from, to)
  return 'copied'
}
