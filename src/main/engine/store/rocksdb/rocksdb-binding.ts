import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { MeridianError } from '../../../../shared/errors.ts'
import { readStoreRocksdbVersion } from './rocksdb-format.ts'
import type { BatchOp, RangeOptions, StoreDb, StoreIterator, StoreKeyIterator, WriteOptions } from '../store-db.ts'

/** The optional package that opens RocksDB stores (prebuilt for linux-x64 and darwin-arm64). */
export const ROCKSDB_PACKAGE = '@nxtedition/rocksdb'

/**
 * Where the binding is imported from. Tests point it at a module that does not exist to take the very path a
 * platform without the optional package takes. The environment rather than an option, as for fault injection:
 * those tests run the CLI in a child process, and the binding is loaded once per process, below every host.
 */
export const ROCKSDB_MODULE_ENV = 'MERIDIAN_ROCKSDB_MODULE'

/** What the engine uses of the binding's RocksLevel (abstract-level 1: `get` rejects a missing key). */
interface RocksLevelHandle {
  readonly status: string
  open(): Promise<void>
  close(): Promise<void>
  put(key: Buffer, value: Buffer, options?: WriteOptions): Promise<void>
  del(key: Buffer, options?: WriteOptions): Promise<void>
  batch(ops: BatchOp[], options?: WriteOptions): Promise<void>
  iterator(options: object): StoreIterator
  keys(options: object): StoreKeyIterator
}

interface RocksLevelOptions {
  keyEncoding: 'buffer'
  valueEncoding: 'buffer'
  createIfMissing: boolean
  /** false keeps RocksDB's default compression (Snappy), as Meridian's own stores use; true would be ZSTD. */
  compression: boolean
}

type RocksLevelClass = new (location: string, options: RocksLevelOptions) => RocksLevelHandle

let loading: Promise<RocksLevelClass> | null = null

/** Imports the binding once, on first use; STORE_ENGINE_UNAVAILABLE naming the package when it cannot load. */
export function loadRocksLevel(): Promise<RocksLevelClass> {
  const specifier = process.env[ROCKSDB_MODULE_ENV] || ROCKSDB_PACKAGE
  loading ??= import(specifier).then(
    (module: { RocksLevel?: unknown }) => {
      if (typeof module.RocksLevel !== 'function') throw new Error(`${specifier} exports no RocksLevel class`)
      return module.RocksLevel as RocksLevelClass
    },
    (error: unknown) => {
      loading = null // a later install in the same process may succeed
      throw new MeridianError(
        'STORE_ENGINE_UNAVAILABLE',
        `This is a RocksDB store, and the optional package ${ROCKSDB_PACKAGE} that opens it could not be loaded (${(error as Error).message.split('\n')[0]})`,
        { cause: error }
      )
    }
  )
  return loading
}

/** The StoreDb of a RocksDB store: the binding's RocksLevel, with a missing key read as undefined. */
class RocksStoreDb implements StoreDb {
  constructor(
    private readonly handle: RocksLevelHandle,
    readonly location: string
  ) {}

  get status(): string {
    return this.handle.status
  }

  open(): Promise<void> {
    return this.handle.open()
  }

  close(): Promise<void> {
    return this.handle.close()
  }

  /**
   * Through a one-entry iterator, not the binding's own get: a read error there (a damaged table, an unsupported
   * compression) is thrown from native code past the promise and kills the process; an iterator rejects.
   */
  async get(key: Buffer): Promise<Buffer | undefined> {
    const iterator = this.handle.iterator({ gte: key, lte: key, limit: 1, keys: true, values: true })
    try {
      const [entry] = await iterator.nextv(1)
      return entry?.[1]
    } finally {
      await iterator.close()
    }
  }

  put(key: Buffer, value: Buffer, options?: WriteOptions): Promise<void> {
    return this.handle.put(key, value, options)
  }

  del(key: Buffer, options?: WriteOptions): Promise<void> {
    return this.handle.del(key, options)
  }

  batch(ops: BatchOp[], options?: WriteOptions): Promise<void> {
    return this.handle.batch(ops, options)
  }

  iterator(options: RangeOptions & { keys?: boolean; values?: boolean } = {}): StoreIterator {
    return this.handle.iterator(options)
  }

  keys(options: RangeOptions = {}): StoreKeyIterator {
    return this.handle.keys(options)
  }
}

/** A RocksDB store at `location`, not yet opened (call `open()`). */
export async function rocksStoreDb(location: string, createIfMissing: boolean): Promise<StoreDb> {
  const RocksLevel = await loadRocksLevel()
  const handle = new RocksLevel(location, { keyEncoding: 'buffer', valueEncoding: 'buffer', createIfMissing, compression: false })
  return new RocksStoreDb(handle, location)
}

let engineVersion: Promise<string> | null = null

/**
 * The RocksDB version of the binding, as it records it in the OPTIONS file of a store it creates (the binding
 * has no call that reports it); measured once per process in a throwaway store.
 */
export function bindingRocksdbVersion(): Promise<string> {
  engineVersion ??= (async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'meridian-admin-rocksdb-probe-'))
    try {
      const db = await rocksStoreDb(dir, true)
      await db.open()
      await db.close()
      const version = await readStoreRocksdbVersion(dir)
      if (!version) throw new MeridianError('INTERNAL', `${ROCKSDB_PACKAGE} wrote no OPTIONS file in ${dir}`)
      return version
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })().catch((error: unknown) => {
    engineVersion = null
    throw error
  })
  return engineVersion
}
