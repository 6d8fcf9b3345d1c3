import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { MeridianError } from '../../../shared/errors.ts'
import type { StoreDb } from './store-db.ts'
import { readNextFileNumber } from './store-manifest.ts'
import { shareOrCopy, SKIPPED } from './store-files.ts'
import { removeStaleSnapshotsOnce, snapshotFolderPrefix } from './stale-snapshots.ts'

/**
 * A private copy of the LevelDB or RocksDB store at `dataDir` in a fresh temporary folder, which every read opens
 * instead of the store: opening a store, even only to read it, replays its log into a new table, writes a new
 * MANIFEST and log, creates LOCK and LOG files, and a RocksDB newer or older than the one that wrote it rewrites
 * its OPTIONS in its own format. The recorded tables are hard links (immutable, so the original's bytes are never
 * touched), the small rest and any orphan table are copied; sub-folders (Meridian's `metrics/` store) are not part of it. If the store
 * changes while it is copied (CURRENT names another MANIFEST afterwards), the copy is taken again.
 */
export async function snapshotStore(dataDir: string): Promise<string> {
  await removeStaleSnapshotsOnce()
  for (let attempt = 0; attempt < 3; attempt++) {
    const current = await readFile(path.join(dataDir, 'CURRENT'), 'utf8')
    const nextFileNumber = await readNextFileNumber(dataDir)
    const copy = await mkdtemp(snapshotFolderPrefix())
    try {
      for (const name of await readdir(dataDir)) {
        if (SKIPPED.test(name)) continue
        const from = path.join(dataDir, name)
        if (!(await stat(from)).isFile()) continue
        await shareOrCopy(from, path.join(copy, name), nextFileNumber)
      }
    } catch (error) {
      await rm(copy, { recursive: true, force: true })
      throw new MeridianError('IO_ERROR', `Cannot take a snapshot of ${dataDir} to read it: ${(error as Error).message}`, { cause: error })
    }
    if ((await readFile(path.join(dataDir, 'CURRENT'), 'utf8')) === current) return copy
    await rm(copy, { recursive: true, force: true })
  }
  throw new MeridianError('DATABASE_LOCKED', `The store kept changing while it was copied (Meridian itself may be running): ${dataDir}`)
}

/**
 * What a snapshot of `dataDir` would copy, as names, sizes and modification times: when it differs from the one
 * taken before a snapshot, another process has written the store since, and the snapshot is stale.
 */
export async function storeFingerprint(dataDir: string): Promise<string> {
  const parts: string[] = []
  for (const name of (await readdir(dataDir)).sort()) {
    if (SKIPPED.test(name)) continue
    try {
      const info = await stat(path.join(dataDir, name))
      if (info.isFile()) parts.push(`${name}:${info.size}:${info.mtimeMs}`)
    } catch {
      parts.push(`${name}:gone`) // removed while listed: changing, so stale either way
    }
  }
  return parts.join('\n')
}

/**
 * `db` with every write refused: a snapshot is for reading, and a write there would only pretend to change the
 * user's store. The engine checks earlier (before a backup is taken); this is the backstop. Its `location` is the
 * store's own directory, so errors name what the person opened, not the temporary copy.
 */
export function refusingWrites(db: StoreDb, storeDir: string, refusal: () => MeridianError): StoreDb {
  const { approximateSize } = db
  return {
    // Reads keep the sizes a progress estimate asks for (see key-count-estimate.ts).
    ...(approximateSize ? { approximateSize: (start: Buffer, end: Buffer) => approximateSize.call(db, start, end) } : {}),
    location: storeDir,
    snapshotDir: db.location,
    get status() {
      return db.status
    },
    open: () => db.open(),
    close: () => db.close(),
    get: (key) => db.get(key),
    put: () => Promise.reject(refusal()),
    del: () => Promise.reject(refusal()),
    batch: () => Promise.reject(refusal()),
    iterator: (options) => db.iterator(options),
    keys: (options) => db.keys(options)
  }
}
