import { rm } from 'node:fs/promises'
import { ClassicLevel } from 'classic-level'
import { MeridianError } from '../../../shared/errors.ts'
import { describeStoreHolders, type FormatUpgrade, type StoreHolder, type StoreKind } from '../../../shared/store-status.ts'
import { isDiskFull, isUnsupportedCompression, unsupportedCompression } from '../support/io-errors.ts'
import { bindingRocksdbVersion, rocksStoreDb } from './rocksdb/rocksdb-binding.ts'
import { compareVersions, readStoreRocksdbVersion } from './rocksdb/rocksdb-format.ts'
import { findLdb, LDB_INSTALL_HINT, recompressWithLdb } from './rocksdb/rocksdb-recompress.ts'
import type { StoreDb } from './store-db.ts'
import { detectStoreKind } from './store-kind.ts'
import { scanBatches } from './store-scan.ts'
import { findStoreHolders } from './store-holders.ts'
import { refusingWrites, snapshotStore } from './store-snapshot.ts'

/**
 * LevelDB memory-maps every table file its table cache holds open (up to 990 by default), and those pages count in
 * the process's RSS: a full scan of a 1M-record store had left ~370 MB mapped. 74 is the smallest value LevelDB
 * accepts (it raises anything lower to 74: 64 tables plus 10 other files), which bounds the mapped pages to 64
 * tables (measured in /proc/PID/smaps at the peak of a 1M dry run: 64 mappings, 105 MB); a streamed pass reads
 * tables in key order, so reopening them costs little.
 */
export const MAX_OPEN_FILES = 74

/**
 * How a store is opened. 'read': a private snapshot of it (see store-snapshot.ts), writes refused, every file of
 * the directory left as it was. 'write': the directory itself, after checking that no other process holds it.
 */
export type StoreAccess = 'read' | 'write'

export interface OpenDbOptions {
  /** Create a store when the directory is missing or empty (demo, tests). Read commands never create. */
  createIfMissing?: boolean
  /** The kind a store created here gets; default leveldb. */
  createKind?: StoreKind
  /**
   * Open an older-format RocksDB store itself, for writing, which upgrades its format. Without it writes to such
   * a store are refused (FORMAT_UPGRADE_REFUSED).
   */
  allowFormatUpgrade?: boolean
  /** Default: 'write' with `createIfMissing` (a store being made is written at once), 'read' otherwise. */
  access?: StoreAccess
}

export interface OpenedDb {
  db: StoreDb
  kind: StoreKind
  /** Whether the directory held a store before this open. */
  existed: boolean
  /** 'read': `db` is a private snapshot that refuses writes; 'write': the directory itself. */
  access: StoreAccess
  formatUpgrade: FormatUpgrade | null
  /** Releases what the open took beyond the db (the snapshot copy); call after closing the db. */
  release(): Promise<void>
}

/** Maps the engines' open errors (classic-level and the RocksDB binding alike) to our codes, keeping the cause. */
function openError(dataDir: string, kind: StoreKind, error: unknown): MeridianError {
  if (error instanceof MeridianError) return error
  if (/unsupported compression method/i.test((error as Error).message ?? '')) return unsupportedCompression(`read the store at ${dataDir}`, error)
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  const text = `${(error as Error).message ?? ''} ${cause?.message ?? ''}`
  // Permissions first: a refused LOCK file ("…/LOCK: Operation not permitted") is not another process's lock.
  if (/permission denied|operation not permitted|read-only file system|EACCES|EPERM|EROFS/i.test(text)) {
    return new MeridianError('READ_ONLY', `The store cannot be opened for writing (${cause?.message ?? text.trim()}): ${dataDir}`, { cause: error })
  }
  if (cause?.code === 'LEVEL_LOCKED' || /LOCK: (already held|resource temporarily unavailable|no locks available)/i.test(text)) {
    return new MeridianError('DATABASE_LOCKED', `The store is locked by another process (Meridian itself may be running): ${dataDir}`, { cause: error })
  }
  // A full disk is not damage: LevelDB fails to open while it cannot write its new log or table, and opens again
  // once there is room (restoring a backup, the old advice, would only have failed the same way).
  if (isDiskFull(text)) {
    return new MeridianError(
      'IO_ERROR',
      `The disk holding ${dataDir} is full, so the store cannot be opened (${cause?.message ?? text.trim()}): free space, then try again`,
      { cause: error }
    )
  }
  if (cause?.code === 'LEVEL_CORRUPTION' || /corrupt/i.test(text)) {
    return new MeridianError('CORRUPT_DATABASE', `The store is corrupt: ${dataDir} (${cause?.message ?? text.trim()})`, { cause: error })
  }
  const name = kind === 'rocksdb' ? 'RocksDB' : 'LevelDB'
  if (/does not exist|create_if_missing/i.test(text)) {
    return new MeridianError('NOT_A_DATABASE', `Not a ${name} store: ${dataDir}`, { cause: error })
  }
  return new MeridianError('CORRUPT_DATABASE', `The ${name} store could not be opened: ${dataDir} (${text.trim()})`, { cause: error })
}

/** The kind to open `dataDir` as, or the coded reason it cannot be opened. */
async function kindToOpen(dataDir: string, options: OpenDbOptions): Promise<{ kind: StoreKind; existed: boolean }> {
  const found = await detectStoreKind(dataDir)
  const create = options.createIfMissing === true
  switch (found) {
    case 'leveldb':
    case 'rocksdb':
      return { kind: found, existed: true }
    case 'missing':
      if (create) return { kind: options.createKind ?? 'leveldb', existed: false }
      throw new MeridianError('DATA_DIR_NOT_FOUND', `Data directory not found: ${dataDir}`)
    case 'empty':
      if (create) return { kind: options.createKind ?? 'leveldb', existed: false }
      throw new MeridianError('NOT_A_DATABASE', `Not a LevelDB or RocksDB store (the directory is empty): ${dataDir}`)
    case 'unrecognised':
      throw new MeridianError('NOT_A_DATABASE', `Not a LevelDB or RocksDB store (no CURRENT with a MANIFEST, no OPTIONS or IDENTITY file): ${dataDir}`)
  }
}

/** The coded refusal of a write while other processes hold files of the store open. */
function storeInUse(dataDir: string, holders: readonly StoreHolder[]): MeridianError {
  return new MeridianError('STORE_IN_USE', `Another process has files of the store open, so nothing was written: ${describeStoreHolders(holders)}: ${dataDir}`)
}

/** STORE_IN_USE naming them when other processes hold files of the store at `dataDir` open. */
export async function refuseIfInUse(dataDir: string): Promise<void> {
  const holders = await findStoreHolders(dataDir)
  if (holders.length > 0) throw storeInUse(dataDir, holders)
}

/** The backstop of a read snapshot: the engine asks for write access (MeridianStore.beginWrite) before any write. */
function snapshotWriteRefused(dataDir: string): MeridianError {
  return new MeridianError('INTERNAL', `A write reached the private read snapshot of ${dataDir} instead of the store itself`)
}

/**
 * Opens the store at `dataDir` (an absolute path) with the engine its files call for. For reading (the default
 * for an existing store) it opens a private snapshot, so no file of the directory changes whichever engine and
 * version wrote it; a RocksDB snapshot is read whole first, and recompressed by `ldb` when its tables are Snappy.
 * For writing it first refuses (STORE_IN_USE) when another process has files of the store open, then opens the
 * directory itself; an older-format RocksDB store only with `allowFormatUpgrade`.
 */
export async function openStoreDb(dataDir: string, options: OpenDbOptions = {}): Promise<OpenedDb> {
  const { kind, existed } = await kindToOpen(dataDir, options)
  const create = options.createIfMissing === true
  const access: StoreAccess = !existed ? 'write' : (options.access ?? (create ? 'write' : 'read'))
  if (access === 'write' && existed) await refuseIfInUse(dataDir)
  let db: StoreDb
  let formatUpgrade: FormatUpgrade | null = null
  let snapshot: string | null = null
  if (kind === 'leveldb') {
    if (access === 'read') snapshot = await snapshotStore(dataDir)
    db = new ClassicLevel<Buffer, Buffer>(snapshot ?? dataDir, {
      keyEncoding: 'buffer',
      valueEncoding: 'buffer',
      createIfMissing: create,
      maxOpenFiles: MAX_OPEN_FILES
    })
  } else {
    const engineRocksdbVersion = await bindingRocksdbVersion() // loads the binding: STORE_ENGINE_UNAVAILABLE without it
    const storeRocksdbVersion = existed ? await readStoreRocksdbVersion(dataDir) : null
    const older = storeRocksdbVersion !== null && compareVersions(storeRocksdbVersion, engineRocksdbVersion) < 0
    const allowed = options.allowFormatUpgrade === true
    if (older && access === 'write' && !allowed) {
      throw formatUpgradeRefused(dataDir, { storeRocksdbVersion, engineRocksdbVersion, allowed })
    }
    let recompressed: string | null = null
    if (access === 'read' || older) {
      const readable = await readableSnapshot(dataDir)
      snapshot = readable.snapshot
      recompressed = readable.recompressed
    }
    if (older) formatUpgrade = { storeRocksdbVersion, engineRocksdbVersion, allowed, ...(recompressed ? { recompressed: true } : {}) }
    if (access === 'write' && snapshot !== null) {
      // The snapshot proved the binding reads all of the store (recompressed or not), so opening the store
      // itself, which upgrades it at once, is never done for nothing.
      await rm(snapshot, { recursive: true, force: true })
      snapshot = null
      // Snappy tables the binding cannot read: recompressing the store itself is part of the allowed format
      // change, done by RocksDB's own ldb as it just did on the snapshot.
      if (recompressed) await recompressWithLdb(recompressed, dataDir, dataDir)
    }
    db = await rocksStoreDb(snapshot ?? dataDir, create)
  }
  if (snapshot !== null) {
    const upgrade = formatUpgrade
    // An older-format store says why a write is refused as the engine would; any other is a missed beginWrite.
    db = refusingWrites(db, dataDir, () => (upgrade && !upgrade.allowed ? formatUpgradeRefused(dataDir, upgrade) : snapshotWriteRefused(dataDir)))
  }
  const release = async (): Promise<void> => {
    if (snapshot !== null) await rm(snapshot, { recursive: true, force: true })
  }
  try {
    await db.open()
  } catch (error) {
    await release()
    throw openError(dataDir, kind, error)
  }
  return { db, kind, existed, access, formatUpgrade, release }
}

/**
 * Reads every table of the snapshot at `snapshot` (of the store at `dataDir`) with the binding: null when all
 * read, the error when a table uses a compression it lacks (Snappy); any other failure (a damaged table) is thrown.
 */
async function unreadableCompression(dataDir: string, snapshot: string): Promise<unknown> {
  const db = await rocksStoreDb(snapshot, false)
  try {
    await db.open()
    // Keys alone decompress every data block: keys and values share them.
    for await (const batch of scanBatches(db, { values: false, batchSize: 5000 })) void batch
    return null
  } catch (error) {
    // The engine's own words (RocksDB's "Unsupported compression method…"), not our coded wrapping of them.
    if (isUnsupportedCompression(error)) return error instanceof MeridianError && error.cause !== undefined ? error.cause : error
    throw error instanceof MeridianError ? error : openError(dataDir, 'rocksdb', error)
  } finally {
    if (db.status === 'open') await db.close()
  }
}

/**
 * A private snapshot of the older-format RocksDB store at `dataDir` that the binding reads whole. When its tables
 * are Snappy (Meridian's default), a fresh snapshot is recompressed to ZSTD with `ldb` (the user's directory is
 * untouched: compaction writes new tables and only unlinks the snapshot's links); `recompressed` is then the
 * `ldb` used. Without `ldb`, STORE_FORMAT_UNSUPPORTED saying how to get it.
 */
async function readableSnapshot(dataDir: string): Promise<{ snapshot: string; recompressed: string | null }> {
  const probed = await snapshotStore(dataDir)
  let unreadable
  try {
    unreadable = await unreadableCompression(dataDir, probed)
  } catch (error) {
    await rm(probed, { recursive: true, force: true })
    throw error
  }
  if (unreadable === null) return { snapshot: probed, recompressed: null }
  // The binding has rewritten the probed snapshot's MANIFEST, which the older ldb may not read: start afresh.
  await rm(probed, { recursive: true, force: true })
  const ldb = await findLdb()
  if (!ldb)
    throw unsupportedCompression(
      `read the store at ${dataDir}`,
      unreadable,
      `${LDB_INSTALL_HINT} through a recompressed private copy, leaving the store untouched.`
    )
  const snapshot = await snapshotStore(dataDir)
  try {
    await recompressWithLdb(ldb, snapshot, dataDir)
    const still = await unreadableCompression(dataDir, snapshot)
    if (still !== null) throw unsupportedCompression(`read the store at ${dataDir} even once ldb recompressed a copy of it`, still)
  } catch (error) {
    await rm(snapshot, { recursive: true, force: true })
    throw error
  }
  return { snapshot, recompressed: ldb }
}

/** The coded refusal of a write that would upgrade an older RocksDB store's format. */
export function formatUpgradeRefused(dataDir: string, upgrade: FormatUpgrade): MeridianError {
  return new MeridianError(
    'FORMAT_UPGRADE_REFUSED',
    `This store was last written by RocksDB ${upgrade.storeRocksdbVersion}; writing to it with this tool's RocksDB ${upgrade.engineRocksdbVersion} upgrades its file format, and older Meridian builds may no longer open it: ${dataDir}`
  )
}
