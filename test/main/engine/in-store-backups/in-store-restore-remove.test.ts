import { describe, expect, it } from 'vitest'
import { LEGACY_BACKUP_KEY, populateDemoStore } from '../../../../src/main/demo/demo-store.ts'
import { MigrationManager } from '../../../../src/main/engine/operations/migration-manager.ts'
import type { MeridianStore } from '../../../../src/main/engine/store/store.ts'
import { writeInStoreBackup } from '../../../helpers/in-store-backups.ts'
import { hexOf, putRaw, readJson, rejectionOf, snapshotDb, useTempStores, type Snapshot } from '../../../helpers/temp-store.ts'

const stores = useTempStores()

/** The part of a snapshot under a key prefix (hex keys: compare by the prefix's hex). */
const under = (snapshot: Snapshot, prefix: string): Snapshot => Object.fromEntries(Object.entries(snapshot).filter(([key]) => key.startsWith(hexOf(prefix))))
const outside = (snapshot: Snapshot, ...prefixes: string[]): Snapshot =>
  Object.fromEntries(Object.entries(snapshot).filter(([key]) => !prefixes.some((prefix) => key.startsWith(hexOf(prefix)))))

/** The backup's items as they would sit in the store: `<id>:task:x` → `task:x`. */
function itemsOf(snapshot: Snapshot, id: string): Snapshot {
  const entryHex = hexOf(`${id}:`)
  return Object.fromEntries(
    Object.entries(snapshot)
      .filter(([key]) => key.startsWith(entryHex))
      .map(([key, value]) => [key.slice(entryHex.length), value])
  )
}

async function migratedDemo(): Promise<{ store: MeridianStore; manager: MigrationManager }> {
  const store = await stores.newStore()
  await populateDemoStore(store, { count: 60, version: 1, withLegacyBackup: true })
  const manager = new MigrationManager(store)
  await manager.migrate()
  await putRaw(store.db, 'task:zz-created-after', { schema_version: 2, id: 'zz' })
  return { store, manager }
}

describe('restoring an in-store backup', () => {
  it('makes the prefix hold exactly the backup’s items, sets _schema_version from them, and leaves every other key alone', async () => {
    const { store, manager } = await migratedDemo()
    const before = await snapshotDb(store.db)
    expect(await readJson(store.db, '_schema_version')).toBe(2)

    const result = await manager.restoreBackup(LEGACY_BACKUP_KEY)

    const after = await snapshotDb(store.db)
    expect(under(after, 'task:')).toEqual(itemsOf(before, LEGACY_BACKUP_KEY))
    expect(Object.keys(under(after, 'task:'))).toHaveLength(5)
    // The demo's legacy items are v1 records: the store says v1 again, so `migrate` brings them up.
    expect(await readJson(store.db, '_schema_version')).toBe(1)
    expect(outside(after, 'task:', '_schema_version', '_migration_history')).toEqual(outside(before, 'task:', '_schema_version', '_migration_history'))
    // Its export is written out as a new store: every key the store now holds but the history and `_admin:` ones.
    const hex = (text: string): string => Buffer.from(text, 'utf8').toString('hex')
    const kept = Object.keys(after).filter((key) => key === hex('_migration_history') || key.startsWith(hex('_admin:')))
    expect(result).toMatchObject({ backupId: LEGACY_BACKUP_KEY, fromVersion: 2, toVersion: 1, method: 'rebuild', keysDeleted: 0 })
    expect(result.keysWritten).toBe(Object.keys(after).length - kept.length)
    expect((await manager.status()).pending.map((step) => `${step.from}->${step.to}`)).toEqual(['1->2'])
  })

  it('takes a pre-restore backup that undoes it, and records a history entry naming the in-store backup', async () => {
    const { store, manager } = await migratedDemo()
    const before = await snapshotDb(store.db)
    const result = await manager.restoreBackup(LEGACY_BACKUP_KEY)

    const files = await manager.listBackups()
    expect(files.find((b) => b.id === result.preRestoreBackupId)).toMatchObject({ reason: 'pre-restore', schemaVersion: 2 })
    expect(files.find((b) => b.id === result.viaBackupId)).toMatchObject({ reason: 'in-store-export', schemaVersion: 1 })
    const last = (await manager.history()).at(-1)
    expect(last).toMatchObject({ status: 'restored', success: true, name: `Restore in-store backup ${LEGACY_BACKUP_KEY}`, backup_key: result.viaBackupId })

    await manager.restoreBackup(result.preRestoreBackupId)
    const undone = await snapshotDb(store.db)
    expect(outside(undone, '_migration_history')).toEqual(outside(before, '_migration_history'))
  })

  it('keeps the store’s version when the backup’s prefix is not one the migrations version', async () => {
    const store = await stores.newStore()
    await populateDemoStore(store, { count: 20, version: 2 })
    await writeInStoreBackup(store, '_backup_20240101_000000', { prefix: 'episode:' })
    await putRaw(store.db, 'episode:zz-new', { schema_version: 1 })
    const manager = new MigrationManager(store)
    await manager.restoreBackup('_backup_20240101_000000')
    expect(await readJson(store.db, '_schema_version')).toBe(2)
    expect(await readJson(store.db, 'episode:zz-new')).toBeUndefined()
  })
})

describe('exporting an in-store backup to a backup file', () => {
  it('writes a file that verifies and restores to the same content as the in-store restore', async () => {
    const { store, manager } = await migratedDemo()
    const exported = await manager.exportInStoreBackup(LEGACY_BACKUP_KEY)
    expect(exported).toMatchObject({ reason: 'in-store-export', schemaVersion: 1 })
    expect(await manager.verifyBackup(exported.id)).toMatchObject({ ok: true, records: exported.records })

    const beforeRestores = await snapshotDb(store.db)
    await manager.restoreBackup(exported.id)
    const viaFile = await snapshotDb(store.db)
    await manager.restoreBackup((await manager.listBackups()).find((b) => b.reason === 'pre-restore')?.id ?? '')
    expect(outside(await snapshotDb(store.db), '_migration_history')).toEqual(outside(beforeRestores, '_migration_history'))
    await manager.restoreBackup(LEGACY_BACKUP_KEY)
    expect(outside(await snapshotDb(store.db), '_migration_history')).toEqual(outside(viaFile, '_migration_history'))
  })

  it('stops when cancelled (CANCELLED): no backup file is left, the store is unchanged, and a restore does not start', async () => {
    const { store, manager } = await migratedDemo()
    const before = await snapshotDb(store.db)
    const files = (await manager.listBackups()).map((b) => b.id)
    expect((await rejectionOf(manager.exportInStoreBackup(LEGACY_BACKUP_KEY, { signal: AbortSignal.abort() }))).code).toBe('CANCELLED')
    expect((await rejectionOf(manager.restoreBackup(LEGACY_BACKUP_KEY, { signal: AbortSignal.abort() }))).code).toBe('CANCELLED')
    expect((await manager.listBackups()).map((b) => b.id)).toEqual(files)
    expect(await snapshotDb(store.db)).toEqual(before)
  })

  it('does not change the store', async () => {
    const { store, manager } = await migratedDemo()
    const before = await snapshotDb(store.db)
    await manager.exportInStoreBackup(LEGACY_BACKUP_KEY)
    expect(await snapshotDb(store.db)).toEqual(before)
  })
})

describe('removing in-store backups', () => {
  async function twoBackups(): Promise<{ store: MeridianStore; manager: MigrationManager }> {
    const store = await stores.newStore()
    await populateDemoStore(store, { count: 40, version: 1, withLegacyBackup: true })
    await writeInStoreBackup(store, '_backup_20240301_000000', { metadata: '{damaged' })
    return { store, manager: new MigrationManager(store) }
  }

  it('removes one: its metadata and entries go, every other key stays byte for byte', async () => {
    const { store, manager } = await twoBackups()
    const before = await snapshotDb(store.db)
    const result = await manager.removeInStoreBackups({ id: LEGACY_BACKUP_KEY })
    expect(result).toMatchObject({ removed: [LEGACY_BACKUP_KEY], keysDeleted: 6 })
    const after = await snapshotDb(store.db)
    expect(after).toEqual(outside(before, LEGACY_BACKUP_KEY))
    expect(result.bytesDeleted).toBe(Object.entries(under(before, LEGACY_BACKUP_KEY)).reduce((sum, [k, v]) => sum + (k.length + v.length) / 2, 0))
    expect((await manager.listInStoreBackups()).map((b) => b.id)).toEqual(['_backup_20240301_000000'])
  })

  it('removes all, damaged ones included, and nothing else', async () => {
    const { store, manager } = await twoBackups()
    const before = await snapshotDb(store.db)
    const result = await manager.removeInStoreBackups({ all: true })
    expect(result.removed.sort()).toEqual([LEGACY_BACKUP_KEY, '_backup_20240301_000000'])
    expect(await snapshotDb(store.db)).toEqual(outside(before, '_backup_2'))
    expect(await manager.listInStoreBackups()).toEqual([])
  })

  it('refuses an id the store does not hold (BACKUP_NOT_FOUND), deleting nothing', async () => {
    const { store, manager } = await twoBackups()
    const before = await snapshotDb(store.db)
    expect((await rejectionOf(manager.removeInStoreBackups({ id: '_backup_20991231_000000' }))).code).toBe('BACKUP_NOT_FOUND')
    expect(await snapshotDb(store.db)).toEqual(before)
  })

  it('stops when cancelled before it starts (CANCELLED), deleting nothing', async () => {
    const { store, manager } = await twoBackups()
    const before = await snapshotDb(store.db)
    const error = await rejectionOf(manager.removeInStoreBackups({ all: true }, { signal: AbortSignal.abort() }))
    expect(error.code).toBe('CANCELLED')
    expect(await snapshotDb(store.db)).toEqual(before)
  })

  it('reclaims the space on disk: the store folder shrinks once the removed range is compacted', async () => {
    const store = await stores.newStore()
    await populateDemoStore(store, { count: 3000, version: 1 })
    await writeInStoreBackup(store, '_backup_20240101_000000')
    await store.db.compactRange?.(Buffer.from(''), Buffer.from('\xff'))
    const manager = new MigrationManager(store)
    // Flushed to table files, its size is LevelDB's estimate (compressed), not a sum of its entries.
    const [listed] = await manager.listInStoreBackups()
    expect(listed?.bytes).toBeGreaterThan(200_000)
    const result = await manager.removeInStoreBackups({ all: true })
    expect(listed?.bytes).toBeLessThan(result.bytesDeleted)
    expect(result.keysDeleted).toBe(3001)
    expect(result.bytesDeleted).toBeGreaterThan(1_000_000)
    expect(result.storeBytesAfter).toBeLessThan(result.storeBytesBefore - result.bytesDeleted / 4)
  })
})
