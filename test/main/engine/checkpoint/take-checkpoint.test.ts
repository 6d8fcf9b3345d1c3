import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readCheckpointManifest, STORE_FOLDER } from '../../../../src/main/engine/checkpoint/checkpoint-manifest.ts'
import { checkCheckpoint, checkpointDiskCost, hashCheckpoint } from '../../../../src/main/engine/checkpoint/checkpoint-verify.ts'
import { takeCheckpoint } from '../../../../src/main/engine/checkpoint/take-checkpoint.ts'
import { MeridianStore } from '../../../../src/main/engine/store/store.ts'
import type { StoreKind } from '../../../../src/shared/store-status.ts'
import { fsState } from '../../../helpers/fs-state.ts'
import { mountSmallDisk, smallDiskUnavailable, type SmallDisk } from '../../../helpers/small-disk.ts'
import { describeEachStoreKind } from '../../../helpers/store-kinds.ts'
import { putAll, rejectionOf, snapshotDb, useTempStores, type Snapshot } from '../../../helpers/temp-store.ts'
import { taskV1 } from '../../../helpers/tasks.ts'

const tasks = (from: number, count: number, version = 1): Array<[string, object]> =>
  Array.from({ length: count }, (_, i) => [`task:${String(from + i).padStart(6, '0')}`, { ...taskV1({ id: String(from + i) }), schema_version: version }])

const checkpointOf = (store: MeridianStore, folder: string, kind: StoreKind) =>
  takeCheckpoint({ dataDir: store.dataDir, kind, folder, id: path.basename(folder), reason: 'pre-migration', schemaVersion: 1 })

/** Every key and value of the store in the checkpoint's folder, read as any store is (a private snapshot). */
async function contentOf(folder: string): Promise<Snapshot> {
  const store = await MeridianStore.open(path.join(folder, STORE_FOLDER))
  try {
    return await snapshotDb(store.db)
  } finally {
    await store.close()
  }
}

describeEachStoreKind((kind) => {
  const temp = useTempStores(kind)

  it('is a real store holding exactly what the store held, which later writes and compactions of the store leave as it was', async () => {
    const store = await temp.newStore()
    for (let round = 0; round < 4; round++) await putAll(store.db, tasks(round * 5000, 5000))
    const before = await snapshotDb(store.db)
    const folder = path.join(await temp.root(), 'checkpoints', 'checkpoint_20261203_100000')
    await mkdir(path.dirname(folder), { recursive: true })

    const manifest = await checkpointOf(store, folder, kind)
    expect(manifest).toMatchObject({ id: 'checkpoint_20261203_100000', kind, reason: 'pre-migration' })
    // LevelDB has flushed them into tables, which are linked; RocksDB still holds them in its write-ahead log (its
    // 64 MB memtable is far from full, and the binding has no compactRange), which is copied.
    expect(manifest.files.some((file) => file.linked)).toBe(kind === 'leveldb')
    expect(manifest.files.every((file) => file.sha256 === null)).toBe(true)

    // The store moves on: every task rewritten, half deleted, its tables compacted into new ones.
    await putAll(store.db, tasks(0, 20_000, 2))
    await store.db.batch(tasks(0, 10_000).map(([key]) => ({ type: 'del' as const, key: Buffer.from(key) })))
    await store.db.compactRange?.(Buffer.from('task:'), Buffer.from('task;'))

    expect(await contentOf(folder)).toEqual(before)
    expect(await checkCheckpoint(folder)).toEqual({ ok: true, verified: false, problem: null })
    const hashed = await hashCheckpoint(folder)
    expect(hashed.files.every((file) => /^[0-9a-f]{64}$/.test(file.sha256 ?? ''))).toBe(true)
    expect(await checkCheckpoint(folder)).toEqual({ ok: true, verified: true, problem: null })
    // Reading it changed none of its files.
    expect(await checkCheckpoint(folder)).toMatchObject({ ok: true })
  })

  it('is one state of the store when taken while the store compacts in the background', async () => {
    const store = await temp.newStore()
    // Many small batches: the engine flushes and compacts behind them while the checkpoint is taken.
    for (let round = 0; round < 40; round++) await putAll(store.db, tasks(round * 1000, 1000, 1 + (round % 2)))
    const before = await snapshotDb(store.db)
    const folder = path.join(await temp.root(), 'checkpoint_20261203_100002')
    await checkpointOf(store, folder, kind)
    expect(await contentOf(folder)).toEqual(before)
  })

  it('is reported damaged when a file is missing, cut short or changed after it was hashed, and without a manifest', async () => {
    const store = await temp.newStore()
    await putAll(store.db, tasks(0, 3000))
    const folder = path.join(await temp.root(), 'checkpoint_20261203_100003')
    const manifest = await checkpointOf(store, folder, kind)
    await hashCheckpoint(folder)
    const copied = manifest.files.find((file) => !file.linked && file.bytes > 0 && file.name !== 'CURRENT')
    if (!copied) throw new Error('no copied file to damage')
    const file = path.join(folder, STORE_FOLDER, copied.name)
    const bytes = await readFile(file)

    bytes[0] = (bytes[0] ?? 0) ^ 0xff
    await writeFile(file, bytes)
    expect(await checkCheckpoint(folder)).toEqual({ ok: false, verified: false, problem: `${copied.name} does not match its SHA-256` })
    await writeFile(file, bytes.subarray(0, bytes.length - 1))
    expect((await checkCheckpoint(folder)).problem).toBe(`${copied.name} is ${bytes.length - 1} bytes, not ${bytes.length}`)
    await rm(file)
    expect((await checkCheckpoint(folder)).problem).toBe(`${copied.name} is missing`)
    expect((await rejectionOf(hashCheckpoint(folder))).code).toBe('BACKUP_CORRUPT')

    await writeFile(path.join(folder, 'checkpoint.json'), '{"format": 1')
    expect(await checkCheckpoint(folder)).toMatchObject({ ok: false, problem: expect.stringContaining('unreadable manifest (not JSON)') })
    await rm(path.join(folder, 'checkpoint.json'))
    expect((await rejectionOf(readCheckpointManifest(folder))).code).toBe('BACKUP_CORRUPT')
  })
})

describe('a LevelDB checkpoint on the same file system', () => {
  const leveldb = useTempStores()

  it('costs on disk only its copied small files while the store keeps its tables, then the tables the store rewrote', async () => {
    const store = await leveldb.newStore()
    for (let round = 0; round < 4; round++) await putAll(store.db, tasks(round * 5000, 5000))
    await store.db.compactRange?.(Buffer.from('task:'), Buffer.from('task;'))
    const folder = path.join(await leveldb.root(), 'checkpoint_20261203_100001')
    const manifest = await checkpointOf(store, folder, 'leveldb')
    const total = manifest.files.reduce((sum, file) => sum + file.bytes, 0)
    const copied = manifest.files.filter((file) => !file.linked).reduce((sum, file) => sum + file.bytes, 0)
    expect(await checkpointDiskCost(folder, store.dataDir)).toBe(copied)
    expect(copied).toBeLessThan(total / 2)

    await putAll(store.db, tasks(0, 20_000, 2))
    await store.db.compactRange?.(Buffer.from('task:'), Buffer.from('task;'))
    expect(await checkpointDiskCost(folder, store.dataDir)).toBeGreaterThan(copied)
  })
})

describe.skipIf(smallDiskUnavailable !== null)(
  `a checkpoint on another file system${smallDiskUnavailable ? ` (skipped: ${smallDiskUnavailable})` : ''}`,
  () => {
    const temp = useTempStores()
    let disk: SmallDisk | null = null
    afterEach(async () => {
      await disk?.unmount()
      disk = null
    })

    it('copies every file, says so in its manifest, and still reads as the store did', async () => {
      const store = await temp.newStore()
      await putAll(store.db, tasks(0, 5000))
      const before = await snapshotDb(store.db)
      disk = await mountSmallDisk(64)
      const folder = path.join(disk.dir, 'checkpoint_20261203_100004')
      const manifest = await checkpointOf(store, folder, 'leveldb')
      expect(manifest.copiedWhole).toBe(true)
      expect(manifest.files.every((file) => !file.linked)).toBe(true)
      expect(await contentOf(folder)).toEqual(before)
      expect(await checkpointDiskCost(folder, store.dataDir)).toBe(manifest.files.reduce((sum, file) => sum + file.bytes, 0))
    })

    it('on a full disk fails with IO_ERROR saying so, leaves no folder behind, and leaves the store as it was', async () => {
      const store = await temp.newStore()
      await putAll(store.db, tasks(0, 5000))
      await store.close()
      const files = await fsState(store.dataDir, ['LOG', 'LOG.old', 'LOCK'])
      const reopened = await MeridianStore.open(store.dataDir)
      disk = await mountSmallDisk(1)
      await disk.fill(64 * 1024)
      const folder = path.join(disk.dir, 'checkpoint_20261203_100005')
      const failure = await rejectionOf(checkpointOf(reopened, folder, 'leveldb'))
      await reopened.close()
      expect(failure).toMatchObject({ code: 'IO_ERROR', message: expect.stringMatching(/disk is full.*free space, then try again/) })
      expect(existsSync(folder)).toBe(false)
      expect((await readdir(disk.dir)).filter((name) => name !== 'filler')).toEqual([])
      expect(await fsState(store.dataDir, ['LOG', 'LOG.old', 'LOCK'])).toEqual(files)
      expect((await stat(store.dataDir)).isDirectory()).toBe(true)
    })
  }
)
