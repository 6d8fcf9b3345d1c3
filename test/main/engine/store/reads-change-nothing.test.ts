import { readdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { MigrationManager } from '../../../../src/main/engine/operations/migration-manager.ts'
import { MeridianStore } from '../../../../src/main/engine/store/store.ts'
import { fsState } from '../../../helpers/fs-state.ts'
import { storeFlavours } from '../../../helpers/store-flavours.ts'
import { rejectionOf, useTempStores } from '../../../helpers/temp-store.ts'

const temp = useTempStores()

/** A built store, its backup folder (outside the store) and the id of one backup taken of it. */
async function storeWithBackup(build: (dataDir: string) => Promise<void>): Promise<{ dataDir: string; backupDir: string; backupId: string }> {
  const root = await temp.root()
  const dataDir = path.join(root, 'meridian-data')
  const backupDir = path.join(root, 'backups')
  await build(dataDir)
  const store = await MeridianStore.open(dataDir)
  try {
    const backup = await new MigrationManager(store, { backupDir }).createBackup()
    return { dataDir, backupDir, backupId: backup.id }
  } finally {
    await store.close()
  }
}

describe.each(storeFlavours)('every read of the engine on a $name', (flavour) => {
  it.skipIf(flavour.unavailable !== null)(
    `leaves every file of the directory byte-identical${flavour.unavailable ? ` (skipped: ${flavour.unavailable})` : ''}`,
    async () => {
      const { dataDir, backupDir, backupId } = await storeWithBackup(flavour.build)
      // Every file, LOG and LOCK included: nothing opens the directory itself, so not even the engines' own logs change.
      const before = await fsState(dataDir)

      const store = await MeridianStore.open(dataDir)
      const manager = new MigrationManager(store, { backupDir })
      const status = await manager.status()
      const counts = await manager.recordCounts()
      const history = await manager.history()
      const backups = await manager.listBackups()
      const verified = await manager.verifyBackup(backupId)
      const dryRun = await manager.dryRun()
      const page = await manager.records({ prefix: 'task:', limit: 5 })
      const backupPage = await manager.backupRecords(backupId, { prefix: 'task:', limit: 5 })
      const comparison = await manager.compareBackup(backupId)
      const inStore = await manager.listInStoreBackups()
      // Meridian's own in-store backups (the seeded stores hold one) are verified by reading the store too.
      const inStoreVerified = await Promise.all(inStore.map((backup) => manager.verifyBackup(backup.id)))
      expect(store.access).toBe('read')
      await store.close()

      expect(await fsState(dataDir)).toEqual(before)
      // …and the reads read the store: not an empty or failed answer.
      expect(status).toMatchObject({ currentVersion: 1, inUseBy: [] })
      expect(status.formatUpgrade !== null).toBe(flavour.olderFormat)
      expect(counts.prefixes.find((group) => group.prefix === 'task:')?.records).toBeGreaterThanOrEqual(30)
      expect(history).toEqual([])
      expect(backups.map((backup) => backup.id)).toEqual([backupId])
      expect(verified.ok).toBe(true)
      expect(dryRun.itemsToMigrate).toBeGreaterThanOrEqual(30)
      expect(page.records).toHaveLength(5)
      expect(backupPage.records).toHaveLength(5)
      expect(comparison.counts).toMatchObject({ added: 0, removed: 0, changed: 0 })
      expect(inStoreVerified.map((report) => report.id)).toEqual(inStore.map((backup) => backup.id))
    }
  )
})

/**
 * Tables numbered past every file the store recorded, as LevelDB leaves when a compaction is cut short by close
 * (and any engine when its writer is killed): the next open of the store creates files of those very names.
 */
async function addOrphanTables(dataDir: string, count: number): Promise<void> {
  const names = await readdir(dataDir)
  const table = names.some((name) => name.endsWith('.sst')) ? 'sst' : 'ldb'
  const highest = Math.max(...names.map((name) => Number.parseInt(name.replace(/^MANIFEST-/, ''), 10)).filter(Number.isFinite))
  for (let number = highest + 1; number <= highest + count; number++) {
    await writeFile(path.join(dataDir, `${String(number).padStart(6, '0')}.${table}`), `orphan table ${number}, never recorded`)
  }
}

describe.each(storeFlavours)('a $name holding orphan tables', (flavour) => {
  it.skipIf(flavour.unavailable !== null)(
    `keeps them byte-identical while it is read${flavour.unavailable ? ` (skipped: ${flavour.unavailable})` : ''}`,
    async () => {
      const dataDir = path.join(await temp.root(), 'meridian-data')
      await flavour.build(dataDir)
      await addOrphanTables(dataDir, 20)
      const before = await fsState(dataDir)

      // The snapshot's own open replays the log into a new table and writes a new MANIFEST and log, taking the next
      // numbers: a hard link to an orphan of that name would be truncated and rewritten in the user's directory.
      const store = await MeridianStore.open(dataDir)
      const manager = new MigrationManager(store, { backupDir: path.join(dataDir, '..', 'backups') })
      const counts = await manager.recordCounts()
      await store.close()

      expect(counts.prefixes.find((group) => group.prefix === 'task:')?.records).toBeGreaterThanOrEqual(30)
      expect(await fsState(dataDir)).toEqual(before)
      // …and the store then still reads as a migration's write open sees it.
      expect(await store.changedSinceRead()).toBe(false)
    }
  )
})

describe('the hash of the directory', () => {
  it('sees the change a write open makes (so the comparisons above can fail)', async () => {
    const [leveldb] = storeFlavours
    const { dataDir } = await storeWithBackup((dir) => (leveldb as (typeof storeFlavours)[number]).build(dir))
    const before = await fsState(dataDir)
    const store = await MeridianStore.open(dataDir)
    await store.beginWrite()
    expect(store.access).toBe('write')
    await store.close()
    expect(await fsState(dataDir)).not.toEqual(before)
  })
})

describe('a migration planned on a stale snapshot', () => {
  it('is refused with BUSY before it opens the store, and changes no file', async () => {
    const [leveldb] = storeFlavours
    const { dataDir, backupDir } = await storeWithBackup((dir) => (leveldb as (typeof storeFlavours)[number]).build(dir))
    const reader = await MeridianStore.open(dataDir) // a snapshot at v1
    try {
      const writer = await MeridianStore.open(dataDir)
      await new MigrationManager(writer, { backupDir }).migrate({ to: 2 })
      await writer.close()
      const after = await fsState(dataDir)
      const error = await rejectionOf(new MigrationManager(reader, { backupDir }).migrate())
      expect({ code: error.code, message: error.message }).toEqual({ code: 'BUSY', message: expect.stringContaining('changed after it was read') })
      expect(await fsState(dataDir)).toEqual(after)
    } finally {
      await reader.close()
    }
  })
})
