import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { MigrationManager } from '../../../../src/main/engine/operations/migration-manager.ts'
import { compareVersions, readStoreRocksdbVersion, rocksdbVersionOf } from '../../../../src/main/engine/store/rocksdb/rocksdb-format.ts'
import { bindingRocksdbVersion } from '../../../../src/main/engine/store/rocksdb/rocksdb-binding.ts'
import { detectStoreKind, kindOfFiles } from '../../../../src/main/engine/store/store-kind.ts'
import { MeridianStore } from '../../../../src/main/engine/store/store.ts'
import { fsState } from '../../../helpers/fs-state.ts'
import { meridianRecords, writeLdbStore } from '../../../helpers/ldb-store.ts'
import { ldbUnavailable, rocksBindingUnavailable } from '../../../helpers/store-kinds.ts'
import { listDir, rejectionOf, useTempStores } from '../../../helpers/temp-store.ts'

const stores = useTempStores()
const skipReason = (reason: string | null): string => (reason ? ` (skipped: ${reason})` : '')

describe('recognising the kind of a directory from its file names', () => {
  it.each([
    ['a LevelDB store', ['000003.log', 'CURRENT', 'LOCK', 'LOG', 'MANIFEST-000002'], 'leveldb'],
    ['a RocksDB store', ['000004.log', 'CURRENT', 'IDENTITY', 'LOCK', 'LOG', 'MANIFEST-000005', 'OPTIONS-000007'], 'rocksdb'],
    ['a RocksDB store with only IDENTITY left', ['CURRENT', 'IDENTITY', 'MANIFEST-000005'], 'rocksdb'],
    ['an empty directory', [], 'empty'],
    ['unrelated files', ['notes.txt', 'photo.jpg'], 'unrecognised'],
    ['a lone CURRENT file', ['CURRENT'], 'unrecognised']
  ])('names %s', (_label, names, kind) => {
    expect(kindOfFiles(names)).toBe(kind)
  })

  it('names a LevelDB store this tool created, and status says leveldb', async () => {
    const store = await stores.newStore()
    expect(await detectStoreKind(store.dataDir)).toBe('leveldb')
    expect((await new MigrationManager(store).status()).kind).toBe('leveldb')
  })

  it.skipIf(rocksBindingUnavailable !== null)(
    `names a RocksDB store the binding created, with no format warning${skipReason(rocksBindingUnavailable)}`,
    async () => {
      const store = await stores.newStore({ createKind: 'rocksdb' })
      expect(await detectStoreKind(store.dataDir)).toBe('rocksdb')
      const status = await new MigrationManager(store).status()
      expect(status).toMatchObject({ kind: 'rocksdb', formatUpgrade: null })
    }
  )

  it('refuses an unrelated directory with NOT_A_DATABASE naming both kinds, even when asked to create, and leaves it as it was', async () => {
    const dataDir = await stores.dataDirPath()
    await mkdir(dataDir)
    await writeFile(path.join(dataDir, 'notes.txt'), 'hello')
    expect(await detectStoreKind(dataDir)).toBe('unrecognised')
    for (const options of [{}, { createIfMissing: true }]) {
      const error = await rejectionOf(MeridianStore.open(dataDir, options))
      expect(error.code).toBe('NOT_A_DATABASE')
      expect(error.message).toContain('Not a LevelDB or RocksDB store')
    }
    expect(await listDir(dataDir)).toEqual(['notes.txt'])
  })

  it('reports a missing path as missing and creates a LevelDB store in an empty directory when asked', async () => {
    const dataDir = await stores.dataDirPath()
    expect(await detectStoreKind(dataDir)).toBe('missing')
    await mkdir(dataDir)
    expect(await detectStoreKind(dataDir)).toBe('empty')
    const store = await stores.open(dataDir, { createIfMissing: true })
    expect(store.kind).toBe('leveldb')
  })
})

describe('RocksDB versions', () => {
  it('reads rocksdb_version from the [Version] section of an OPTIONS file', () => {
    expect(rocksdbVersionOf('[Version]\n  rocksdb_version=7.8.3\n  options_file_version=1.1\n')).toBe('7.8.3')
    expect(rocksdbVersionOf('[DBOptions]\n  max_open_files=-1\n')).toBeNull()
  })

  it('compares versions part by part, as numbers', () => {
    expect(compareVersions('7.8.3', '9.7.4')).toBeLessThan(0)
    expect(compareVersions('10.0.0', '9.7.4')).toBeGreaterThan(0)
    expect(compareVersions('9.7.4', '9.7.4')).toBe(0)
    expect(compareVersions('9.7', '9.7.1')).toBeLessThan(0)
  })

  it('takes the newest of several OPTIONS files', async () => {
    const dir = await stores.root()
    await writeFile(path.join(dir, 'OPTIONS-000007'), '[Version]\n  rocksdb_version=6.1.0\n')
    await writeFile(path.join(dir, 'OPTIONS-000012'), '[Version]\n  rocksdb_version=7.8.3\n')
    expect(await readStoreRocksdbVersion(dir)).toBe('7.8.3')
  })
})

const ldbOrBinding = ldbUnavailable ?? rocksBindingUnavailable
describe.skipIf(ldbOrBinding !== null)(`an older-format RocksDB store opened without --allow-format-upgrade${skipReason(ldbOrBinding)}`, () => {
  it('is read through a snapshot that refuses writes and is removed at close; the store stays byte-identical', async () => {
    const dataDir = path.join(await stores.root(), 'meridian-data')
    writeLdbStore(dataDir, meridianRecords(5), 'zstd')
    const before = await fsState(dataDir)
    const store = await MeridianStore.open(dataDir)
    expect(store.formatUpgrade).toEqual({
      storeRocksdbVersion: await readStoreRocksdbVersion(dataDir),
      engineRocksdbVersion: await bindingRocksdbVersion(),
      allowed: false
    })
    expect(store.db.location).toBe(dataDir)
    expect(store.db.snapshotDir).not.toBe(dataDir)
    expect(await store.getText('episode:ep-1')).toContain('ep-1')
    expect((await rejectionOf(store.db.put(Buffer.from('x'), Buffer.from('y')))).code).toBe('FORMAT_UPGRADE_REFUSED')
    expect((await rejectionOf(new MigrationManager(store).migrate())).code).toBe('FORMAT_UPGRADE_REFUSED')
    const snapshot = store.db.snapshotDir as string
    await store.close()
    expect(existsSync(snapshot)).toBe(false)
    expect(await fsState(dataDir)).toEqual(before)
  })
})
