import { describe, expect, it } from 'vitest'
import { LEGACY_BACKUP_KEY, populateDemoStore } from '../../../../src/main/demo/demo-store.ts'
import { MigrationManager } from '../../../../src/main/engine/operations/migration-manager.ts'
import { inStoreBackupInfoSchema } from '../../../../src/shared/in-store-backup.ts'
import { writeInStoreBackup } from '../../../helpers/in-store-backups.ts'
import { putRaw, rejectionOf, snapshotDb, useTempStores } from '../../../helpers/temp-store.ts'

const stores = useTempStores()

async function demoWithLegacy(count = 40): Promise<MigrationManager> {
  const store = await stores.newStore()
  await populateDemoStore(store, { count, version: 1, withLegacyBackup: true })
  return new MigrationManager(store)
}

describe('listing in-store backups', () => {
  it('finds the demo generator’s legacy backup with its prefix, item count and size', async () => {
    const manager = await demoWithLegacy()
    const listed = await manager.listInStoreBackups()
    expect(listed).toHaveLength(1)
    expect(inStoreBackupInfoSchema.parse(listed[0])).toMatchObject({
      kind: 'in-store',
      id: LEGACY_BACKUP_KEY,
      createdAt: '2024-01-01T12:00:00Z',
      prefix: 'task:',
      records: 5,
      damaged: null
    })
    expect(listed[0]?.bytes).toBeGreaterThan(500)
  })

  it('lists none on a store without any, and several newest first', async () => {
    const store = await stores.newStore()
    await populateDemoStore(store, { count: 10, version: 1 })
    const manager = new MigrationManager(store)
    expect(await manager.listInStoreBackups()).toEqual([])
    await writeInStoreBackup(store, '_backup_20240101_000000')
    await writeInStoreBackup(store, '_backup_20250101_000000')
    expect((await manager.listInStoreBackups()).map((b) => b.id)).toEqual(['_backup_20250101_000000', '_backup_20240101_000000'])
  })

  it('lists malformed metadata and entries without metadata as damaged, ignores other _backup_ keys, and changes nothing', async () => {
    const store = await stores.newStore()
    await populateDemoStore(store, { count: 10, version: 1 })
    await writeInStoreBackup(store, '_backup_20240102_000000', { metadata: '{not json' })
    await writeInStoreBackup(store, '_backup_20240103_000000', { metadata: { timestamp: 'x', prefix: 'task:', item_count: '5', keys: [] } })
    await writeInStoreBackup(store, '_backup_20240104_000000', { metadata: { timestamp: 'x', item_count: 0, keys: [] } })
    await writeInStoreBackup(store, '_backup_20240105_000000', { metadata: { timestamp: 'x', prefix: '_schema', item_count: 0, keys: [] } })
    await putRaw(store.db, '_backup_20240106_000000:task:orphan', { id: 'orphan' })
    await putRaw(store.db, '_backup_notes', 'not a backup')
    const before = await snapshotDb(store.db)
    const listed = await new MigrationManager(store).listInStoreBackups()
    const damaged = Object.fromEntries(listed.map((b) => [b.id, b.damaged]))
    expect(damaged).toEqual({
      _backup_20240106_000000: 'it has entries but no metadata key',
      _backup_20240105_000000: expect.stringContaining('field prefix'),
      _backup_20240104_000000: expect.stringContaining('field prefix'),
      _backup_20240103_000000: expect.stringContaining('field item_count'),
      _backup_20240102_000000: 'its metadata is not JSON'
    })
    expect(listed.find((b) => b.id === '_backup_20240106_000000')).toMatchObject({ createdAt: '2024-01-06T00:00:00Z', prefix: null, records: null })
    expect(await snapshotDb(store.db)).toEqual(before)
  })
})

describe('verifying an in-store backup', () => {
  it('reports an intact one: every named key present, item_count matching', async () => {
    const manager = await demoWithLegacy()
    expect(await manager.verifyBackup(LEGACY_BACKUP_KEY)).toEqual({ id: LEGACY_BACKUP_KEY, ok: true, records: 5, problem: null })
  })

  it('reports missing entries with their count and a sample of the keys', async () => {
    const store = await stores.newStore()
    await populateDemoStore(store, { count: 30, version: 1 })
    const keys = await writeInStoreBackup(store, '_backup_20240201_080000')
    const gone = [keys[3], keys[7]] as string[]
    for (const key of gone) await store.db.del(Buffer.from(`_backup_20240201_080000:${key}`))
    const report = await new MigrationManager(store).verifyBackup('_backup_20240201_080000')
    expect(report).toMatchObject({ ok: false, records: keys.length - 2, missingKeys: { count: 2, sample: gone } })
    expect(report.problem).toContain(`2 of the ${keys.length} keys`)
    expect(report.problem).toContain(gone[0])
  })

  it('reports an item_count that disagrees with the keys named, and entries the metadata does not name', async () => {
    const store = await stores.newStore()
    await populateDemoStore(store, { count: 5, version: 1 })
    await writeInStoreBackup(store, '_backup_20240301_000000', { metadata: { timestamp: 't', prefix: 'task:', item_count: 9, keys: [] } })
    const keys = await writeInStoreBackup(store, '_backup_20240302_000000')
    await putRaw(store.db, '_backup_20240302_000000:task:zz-extra', { id: 'zz' })
    const manager = new MigrationManager(store)
    expect((await manager.verifyBackup('_backup_20240301_000000')).problem).toContain('item_count 9 but names 0 keys')
    expect(await manager.verifyBackup('_backup_20240302_000000')).toMatchObject({
      ok: false,
      records: keys.length,
      problem: expect.stringContaining('1 of its entries are not named')
    })
  })

  it('answers BACKUP_NOT_FOUND for an id the store does not hold, and BACKUP_CORRUPT when a damaged one is used', async () => {
    const store = await stores.newStore()
    await populateDemoStore(store, { count: 5, version: 1 })
    await writeInStoreBackup(store, '_backup_20240102_000000', { metadata: '{not json' })
    const manager = new MigrationManager(store)
    const before = await snapshotDb(store.db)
    expect((await rejectionOf(manager.verifyBackup('_backup_20991231_235959'))).code).toBe('BACKUP_NOT_FOUND')
    expect(await manager.verifyBackup('_backup_20240102_000000')).toMatchObject({ ok: false, problem: expect.stringContaining('not JSON') })
    expect((await rejectionOf(manager.restoreBackup('_backup_20240102_000000'))).code).toBe('BACKUP_CORRUPT')
    expect((await rejectionOf(manager.exportInStoreBackup('_backup_20240102_000000'))).code).toBe('BACKUP_CORRUPT')
    expect(await snapshotDb(store.db)).toEqual(before)
    expect(await manager.listBackups()).toEqual([])
  })
})
