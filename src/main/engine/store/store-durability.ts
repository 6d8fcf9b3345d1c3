import { open, readdir } from 'node:fs/promises'
import path from 'node:path'
import { toIoError } from '../support/io-errors.ts'

/**
 * The engine's own files in a store directory: write-ahead logs (`NNNNNN.log`, both engines), tables (`.ldb`,
 * `.sst`), MANIFEST, CURRENT and RocksDB's OPTIONS. Not LOCK, nor the engines' text logs (`LOG`, `LOG.old…`).
 */
const ENGINE_FILE = /^(\d+\.(log|ldb|sst)|MANIFEST-\d+|CURRENT|OPTIONS-\d+)$/

/** How many fsyncs are in flight at once. */
const SYNC_LANES = 16

/** fsync of one file or directory, opened read-only (enough on Linux). A file gone meanwhile is not an error. */
async function syncPath(target: string): Promise<void> {
  let handle
  try {
    handle = await open(target, 'r')
  } catch (error) {
    // A compaction deletes a log only once the tables holding its writes, and the MANIFEST naming them, are synced.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/**
 * The barrier before a commit point: every write made so far reaches the disk before the write that declares
 * them done. A sync write flushes only the engine's current log, and LevelDB leaves the previous one unsynced when
 * it swaps its memtable; after a power cut the commit could survive while earlier batches did not (a migration
 * recorded `success` with a quarter of its records still old). So every log, table and MANIFEST of the directory
 * is fsynced (the ones the engine already synced cost next to nothing), then the directory itself, so the names of
 * logs created since are on disk too. IO_ERROR / READ_ONLY when the disk refuses.
 */
export async function syncStoreFiles(dataDir: string): Promise<void> {
  try {
    const files = (await readdir(dataDir, { withFileTypes: true }))
      .filter((entry) => entry.isFile() && ENGINE_FILE.test(entry.name))
      .map((entry) => path.join(dataDir, entry.name))
    // Several at once: each fsync of a file already on disk still waits on the device (0.4 s for the 229 files of
    // a 1M-task store one at a time, measured).
    let next = 0
    const lane = async (): Promise<void> => {
      while (next < files.length) await syncPath(files[next++] as string)
    }
    await Promise.all(Array.from({ length: SYNC_LANES }, lane))
    await syncPath(dataDir)
  } catch (error) {
    throw toIoError(error, `flush the store's files to disk at ${dataDir}`)
  }
}
