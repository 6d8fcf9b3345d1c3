import { rm } from 'node:fs/promises'
import { ClassicLevel } from 'classic-level'
import { MeridianError } from '../../shared/errors.ts'
import type { FormatUpgrade, StoreKind } from '../../shared/store-status.ts'
import { unsupportedCompression } from './io-errors.ts'
import { bindingRocksdbVersion, rocksStoreDb } from './rocksdb-binding.ts'
import { compareVersions, readStoreRocksdbVersion } from './rocksdb-format.ts'
import type { StoreDb } from './store-db.ts'
import { detectStoreKind } from './store-kind.ts'
import { scanBatches } from './store-scan.ts'
import { refusingWrites, snapshotRocksStore } from './store-snapshot.ts'

/**
 * LevelDB memory-maps every table file its table cache holds open (up to 1000 by default), and those pages count
 * in the process's RSS: a full scan of a 1M-record store had left ~370 MB mapped. A small table cache bounds that
 * to ~20 tables (~40 MB at LevelDB's 2 MB tables); a streamed pass reads tables in order, so reopening costs little.
 */
export const MAX_OPEN_FILES = 30

export interface OpenDbOptions {
  /** Create a store when the directory is missing or empty (demo, tests). Read commands never create. */
  createIfMissing?: boolean
  /** The kind a store created here gets; default leveldb. */
  createKind?: StoreKind
  /**
   * Open an older-format RocksDB store itself, for writing, which upgrades its format. Without it such a store
   * is read through a private snapshot and writes are refused (FORMAT_UPGRADE_REFUSED).
   */
  allowFormatUpgrade?: boolean
}

export interface OpenedDb {
  db: StoreDb
  kind: StoreKind
  /** Whether the directory held a store before this open. */
  existed: boolean
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
      throw new MeridianError(
        'NOT_A_DATABASE',
        `Not a LevelDB or RocksDB store (no CURRENT with a MANIFEST, no OPTIONS or IDENTITY file): ${dataDir}`
      )
  }
}

/**
 * Opens the store at `dataDir` (an absolute path) with the engine its files call for. An older-format RocksDB
 * store is not opened itself unless `allowFormatUpgrade`: the binding would rewrite its MANIFEST and OPTIONS on
 * open, so a private snapshot is opened instead and writes to it are refused.
 */
export async function openStoreDb(dataDir: string, options: OpenDbOptions = {}): Promise<OpenedDb> {
  const { kind, existed } = await kindToOpen(dataDir, options)
  const create = options.createIfMissing === true
  let db: StoreDb
  let formatUpgrade: FormatUpgrade | null = null
  let snapshot: string | null = null
  if (kind === 'leveldb') {
    db = new ClassicLevel<Buffer, Buffer>(dataDir, { keyEncoding: 'buffer', valueEncoding: 'buffer', createIfMissing: create, maxOpenFiles: MAX_OPEN_FILES })
  } else {
    const engineRocksdbVersion = await bindingRocksdbVersion() // loads the binding: STORE_ENGINE_UNAVAILABLE without it
    const storeRocksdbVersion = existed ? await readStoreRocksdbVersion(dataDir) : null
    if (storeRocksdbVersion !== null && compareVersions(storeRocksdbVersion, engineRocksdbVersion) < 0) {
      const allowed = options.allowFormatUpgrade === true
      formatUpgrade = { storeRocksdbVersion, engineRocksdbVersion, allowed }
      snapshot = await snapshotRocksStore(dataDir)
      if (allowed) {
        // Opening the store itself upgrades it at once: first prove the binding reads all of it (a compression it
        // lacks, a damaged table) on the snapshot, so a store it cannot read is never upgraded for nothing.
        await readWholeSnapshot(dataDir, snapshot)
        snapshot = null
      }
    }
    db = await rocksStoreDb(snapshot ?? dataDir, create)
    if (snapshot !== null && formatUpgrade) {
      const upgrade = formatUpgrade
      db = refusingWrites(db, () => formatUpgradeRefused(dataDir, upgrade))
    }
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
  return { db, kind, existed, formatUpgrade, release }
}

/** Reads every key of the snapshot at `snapshot` (of the store at `dataDir`), then removes the snapshot. */
async function readWholeSnapshot(dataDir: string, snapshot: string): Promise<void> {
  const db = await rocksStoreDb(snapshot, false)
  try {
    await db.open()
    for await (const batch of scanBatches(db, { values: false, batchSize: 5000 })) void batch
  } catch (error) {
    throw error instanceof MeridianError ? error : openError(dataDir, 'rocksdb', error)
  } finally {
    if (db.status === 'open') await db.close()
    await rm(snapshot, { recursive: true, force: true })
  }
}

/** The coded refusal of a write that would upgrade an older RocksDB store's format. */
export function formatUpgradeRefused(dataDir: string, upgrade: FormatUpgrade): MeridianError {
  return new MeridianError(
    'FORMAT_UPGRADE_REFUSED',
    `This store was last written by RocksDB ${upgrade.storeRocksdbVersion}; writing to it with this tool's RocksDB ${upgrade.engineRocksdbVersion} upgrades its file format, and older Meridian builds may no longer open it: ${dataDir}`
  )
}
