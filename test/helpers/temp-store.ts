import { mkdtemp, readdir, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach } from 'vitest'
import { openStoreDb } from '../../src/main/engine/store/store-opener.ts'
import { MeridianStore, type OpenStoreOptions } from '../../src/main/engine/store/store.ts'
import type { StoreKind } from '../../src/shared/store-status.ts'

type Db = MeridianStore['db']

/** Every key and value of a store as hex (key → value), so binary content compares byte for byte. */
export type Snapshot = Record<string, string>

export const hexOf = (key: string | Buffer): string => (typeof key === 'string' ? Buffer.from(key, 'utf8') : key).toString('hex')

export interface TempStores {
  /** A fresh folder under the OS temp dir, removed after the test. */
  root(): Promise<string>
  /** `<fresh root>/store`: a path where nothing exists yet; its default backup dir is `<root>/store.backups`. */
  dataDirPath(): Promise<string>
  /** Opens (creating when asked) a store; it is closed after the test. */
  open(dataDir: string, options?: OpenStoreOptions): Promise<MeridianStore>
  /** A new, empty store in a fresh folder. */
  newStore(options?: OpenStoreOptions): Promise<MeridianStore>
}

/**
 * Call at the top of a test file (or of a suite per store kind): fresh temp stores per test, closed and removed in
 * afterEach. Stores created here are of `kind` (default LevelDB).
 */
export function useTempStores(kind: StoreKind = 'leveldb'): TempStores {
  const roots: string[] = []
  const stores: MeridianStore[] = []
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close().catch(() => undefined)
    // Retried: a checkpoint an operation took may still be hashed in the background (its manifest rewritten) as
    // the folder goes, which fails one pass of the removal with ENOTEMPTY.
    for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 })
  })
  const api: TempStores = {
    async root() {
      const root = await mkdtemp(path.join(os.tmpdir(), 'meridian-admin-test-'))
      roots.push(root)
      return root
    },
    async dataDirPath() {
      return path.join(await api.root(), 'store')
    },
    async open(dataDir, options) {
      const store = await MeridianStore.open(dataDir, options)
      stores.push(store)
      return store
    },
    async newStore(options = {}) {
      const store = await api.open(await api.dataDirPath(), { createIfMissing: true, createKind: kind, ...options })
      const asked = options.createKind ?? kind
      if (store.kind !== asked) throw new Error(`asked for a ${asked} store, got ${store.kind}`)
      return store
    }
  }
  return api
}

/** Reads every key and value of an open store. */
export async function snapshotDb(db: Db): Promise<Snapshot> {
  const snapshot: Snapshot = {}
  for await (const [key, value] of db.iterator()) snapshot[key.toString('hex')] = value.toString('hex')
  return snapshot
}

/**
 * Reads every key and value of a closed store directory, LevelDB or RocksDB (opened raw, for reading; an
 * older-format RocksDB store through its snapshot, so it stays as it is).
 */
export async function snapshotDir(dataDir: string): Promise<Snapshot> {
  const opened = await openStoreDb(path.resolve(dataDir))
  try {
    return await snapshotDb(opened.db)
  } finally {
    await opened.db.close()
    await opened.release()
  }
}

/** The snapshot's content: without the history and `_admin:` keys, which operations may write beside it. */
export function contentOf(snapshot: Snapshot): Snapshot {
  const history = hexOf('_migration_history')
  const admin = hexOf('_admin:')
  return Object.fromEntries(Object.entries(snapshot).filter(([key]) => key !== history && !key.startsWith(admin)))
}

/** The snapshot without the given keys (e.g. `_migration_history`, which operations are allowed to append to). */
export function without(snapshot: Snapshot, ...keys: string[]): Snapshot {
  const copy = { ...snapshot }
  for (const key of keys) delete copy[hexOf(key)]
  return copy
}

/** Writes one record as raw bytes: objects become JSON, strings UTF-8, Buffers as they are. */
export async function putRaw(db: Db, key: string | Buffer, value: string | Buffer | object): Promise<void> {
  const keyBytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key
  const valueBytes = Buffer.isBuffer(value) ? value : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8')
  await db.put(keyBytes, valueBytes)
}

/** Writes many records in one batch (`[key, value]` as for putRaw). */
export async function putAll(db: Db, entries: ReadonlyArray<readonly [string | Buffer, string | Buffer | object]>): Promise<void> {
  const ops = entries.map(([key, value]) => ({
    type: 'put' as const,
    key: typeof key === 'string' ? Buffer.from(key, 'utf8') : key,
    value: Buffer.isBuffer(value) ? value : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8')
  }))
  await db.batch(ops)
}

/** One record parsed as JSON; undefined when absent. */
export async function readJson(db: Db, key: string): Promise<unknown> {
  const value = await db.get(Buffer.from(key, 'utf8'))
  return value === undefined ? undefined : JSON.parse(value.toString('utf8'))
}

/** Every `task:` record of a store, parsed. */
export async function readTasks(db: Db): Promise<Map<string, Record<string, unknown>>> {
  const tasks = new Map<string, Record<string, unknown>>()
  for await (const [key, value] of db.iterator({ gte: Buffer.from('task:'), lt: Buffer.from('task;') })) {
    tasks.set(key.toString('utf8'), JSON.parse(value.toString('utf8')) as Record<string, unknown>)
  }
  return tasks
}

/** File names in a folder; [] when it does not exist. */
export async function listDir(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
}

/** Awaits a promise expected to reject and returns the error (fails the test when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise
  } catch (error) {
    return error as Error & { code?: string }
  }
  throw new Error('expected the operation to fail, but it succeeded')
}

/** Runs `run`, expected to throw, and returns the error (fails the test when it returns): rejectionOf's sync twin. */
export function thrownBy(run: () => unknown): Error & { code?: string } {
  try {
    run()
  } catch (error) {
    return error as Error & { code?: string }
  }
  throw new Error('expected the call to throw, but it returned')
}
