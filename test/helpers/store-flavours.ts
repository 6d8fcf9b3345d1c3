import { spawn } from 'node:child_process'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { MeridianStore } from '../../src/main/engine/store/store.ts'
import { seedV1Store } from './fixture-stores.ts'
import { meridianRecords, writeLdbStore } from './ldb-store.ts'
import { ldbUnavailable, rocksBindingUnavailable } from './store-kinds.ts'
import { putRaw } from './temp-store.ts'

/** The RocksDB that Meridian's pinned crate (rocksdb 0.24.0) bundles: newer than the binding's 9.7.4. */
export const MERIDIAN_ROCKSDB_VERSION = '10.4.2'

/** A store as some engine and version left it, for tests that must hold whichever wrote it. */
export interface StoreFlavour {
  name: string
  /** Why it cannot be built here (no ldb, no binding), or null. */
  unavailable: string | null
  /** Whether its OPTIONS name a RocksDB older than the binding's (status then reports a format upgrade). */
  olderFormat: boolean
  /** Writes it at `dataDir` (which must not exist) and closes it: a store of v1 tasks and episodes. */
  build(dataDir: string): Promise<void>
}

/**
 * Makes every OPTIONS file of a RocksDB store claim `version` (`rocksdb_version=` of its [Version] section), as a
 * store last opened by that RocksDB says; the rest is left as its writer made it.
 */
export async function claimRocksdbVersion(dataDir: string, version: string): Promise<void> {
  for (const name of await readdir(dataDir)) {
    if (!name.startsWith('OPTIONS-')) continue
    const file = path.join(dataDir, name)
    const text = await readFile(file, 'utf8')
    const claimed = text.replace(/^(\s*rocksdb_version\s*=\s*).*$/m, `$1${version}`)
    if (claimed === text) throw new Error(`${file} has no rocksdb_version line`)
    await writeFile(file, claimed)
  }
}

async function leveldbStore(dataDir: string): Promise<void> {
  const store = await MeridianStore.open(dataDir, { createIfMissing: true })
  await seedV1Store(store, 30)
  await store.close()
  // A second open turns the first log into an .ldb table; the next write lands in a fresh .log: both kinds of file.
  const again = await MeridianStore.open(dataDir, { access: 'write' })
  await putRaw(again.db, 'task:zz-last', {
    id: 'zz-last',
    title: 'Last',
    status: 'pending',
    priority: 'low',
    created_at: '2024-01-01T00:00:00Z',
    updated_at: '2024-01-01T00:00:00Z',
    history: [],
    tags: []
  })
  await again.close()
}

async function bindingStore(dataDir: string): Promise<void> {
  const store = await MeridianStore.open(dataDir, { createIfMissing: true, createKind: 'rocksdb' })
  await seedV1Store(store, 30)
  await store.close()
}

/** Snappy tables, as Meridian's own RocksDB writes them (ldb is RocksDB 7.8.3, Debian's rocksdb-tools). */
async function ldbStore(dataDir: string): Promise<void> {
  writeLdbStore(dataDir, meridianRecords(30), 'snappy')
  return Promise.resolve()
}

const ldbAndBinding = ldbUnavailable ?? rocksBindingUnavailable

export const storeFlavours: readonly StoreFlavour[] = [
  { name: 'LevelDB (an .ldb table and a .log)', unavailable: null, olderFormat: false, build: leveldbStore },
  { name: 'RocksDB written by ldb 7.8.3 (older than the binding, Snappy)', unavailable: ldbAndBinding, olderFormat: true, build: ldbStore },
  { name: 'RocksDB written by the binding (the same version)', unavailable: rocksBindingUnavailable, olderFormat: false, build: bindingStore },
  {
    name: `RocksDB written by ldb whose OPTIONS claim ${MERIDIAN_ROCKSDB_VERSION} (newer, Snappy, as Meridian's)`,
    unavailable: ldbAndBinding,
    olderFormat: false,
    build: async (dataDir) => {
      await ldbStore(dataDir)
      await claimRocksdbVersion(dataDir, MERIDIAN_ROCKSDB_VERSION)
    }
  },
  {
    name: `RocksDB written by the binding whose OPTIONS claim ${MERIDIAN_ROCKSDB_VERSION} (newer)`,
    unavailable: rocksBindingUnavailable,
    olderFormat: false,
    build: async (dataDir) => {
      await bindingStore(dataDir)
      await claimRocksdbVersion(dataDir, MERIDIAN_ROCKSDB_VERSION)
    }
  }
]

/**
 * Another Node process holding files of the store open with plain `fs.openSync` (no engine, no lock), as a
 * Meridian that deleted our LOCK and opened the store would; resolves once they are open. `release` ends it.
 */
export async function holdFilesInAnotherProcess(dataDir: string): Promise<{ pid: number; release: () => Promise<void> }> {
  // The marker comes first, so it shows in the (shortened) command line the holder is named by.
  const script = `// meridian-stand-in
    const fs = require('node:fs'), path = require('node:path')
    const dir = process.argv[1]
    const fds = fs.readdirSync(dir).filter((name) => fs.statSync(path.join(dir, name)).isFile()).map((name) => fs.openSync(path.join(dir, name), 'r'))
    process.stdout.write('held ' + fds.length + '\\n')
    process.stdin.on('end', () => process.exit(0))
    process.stdin.resume()`
  const child = spawn(process.execPath, ['-e', script, dataDir], { stdio: ['pipe', 'pipe', 'inherit'] })
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().startsWith('held ')) resolve()
    })
    child.on('exit', (code) => reject(new Error(`holder exited early (${code})`)))
  })
  return {
    pid: child.pid as number,
    release: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit')
        child.on('exit', () => resolve())
        child.stdin.end()
      })
  }
}
