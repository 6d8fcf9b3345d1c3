import { readdirSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { MigrationManager } from '../../../../src/main/engine/operations/migration-manager.ts'
import { writeV1Backup } from '../../../fixtures/v1-backup-writer.ts'
import { readBackupLayout } from '../../../../src/main/engine/backup/file/backup-reader.ts'
import { populateDemoStore } from '../../../../src/main/demo/demo-store.ts'
import { restoreResultSchema } from '../../../../src/shared/backup.ts'
import { seedV1Store } from '../../../helpers/fixture-stores.ts'
import { foreignPart, foreignSnapshot } from '../../../helpers/foreign-keys.ts'
import { putRaw, readJson, rejectionOf, snapshotDb, useTempStores, without } from '../../../helpers/temp-store.ts'
import { describeEachStoreKind } from '../../../helpers/store-kinds.ts'

const hexOf = (text: string): string => Buffer.from(text, 'utf8').toString('hex')

describeEachStoreKind((kind) => {
  const stores = useTempStores(kind)

  describe('taking a backup', () => {
    it('holds every key of the store, with its schema version, and is listed as manual', async () => {
      const store = await stores.newStore()
      await seedV1Store(store, 25)
      const keys = Object.keys(await snapshotDb(store.db)).length
      const manager = new MigrationManager(store)
      const info = await manager.createBackup()
      expect(info).toMatchObject({ reason: 'manual', records: keys, schemaVersion: 1 })
      expect(info.bytes).toBeGreaterThan(0)
      expect(await manager.listBackups()).toEqual([info])
      expect(await manager.verifyBackup(info.id)).toEqual({ id: info.id, ok: true, records: keys, problem: null })
    })

    it('compresses: a demo store’s backup is smaller than its raw content', async () => {
      const store = await stores.newStore()
      await populateDemoStore(store, { count: 300, version: 1 })
      const snapshot = await snapshotDb(store.db)
      const rawBytes = Object.entries(snapshot).reduce((sum, [k, v]) => sum + (k.length + v.length) / 2, 0)
      const info = await new MigrationManager(store).createBackup()
      expect(info.bytes).toBeLessThan(rawBytes / 2)
    })

    it('does not change the store', async () => {
      const store = await stores.newStore()
      await seedV1Store(store, 10)
      const before = await snapshotDb(store.db)
      await new MigrationManager(store).createBackup()
      expect(await snapshotDb(store.db)).toEqual(before)
    })
  })

  describe('restoring a backup', () => {
    it('returns the store to the exact content of the backup after a migration, except the history', async () => {
      const store = await stores.newStore()
      await populateDemoStore(store, { count: 200, version: 1, withLegacyBackup: true })
      await seedV1Store(store, 5)
      const manager = new MigrationManager(store)
      const backup = await manager.createBackup()
      const before = await snapshotDb(store.db)
      await manager.migrate()
      await putRaw(store.db, 'task:added-later', { id: 'x' })
      await putRaw(store.db, 'episode:added-later', 'y')
      expect(without(await snapshotDb(store.db), '_migration_history')).not.toEqual(without(before, '_migration_history'))

      const result = await manager.restoreBackup(backup.id)

      const after = await snapshotDb(store.db)
      expect(without(after, '_migration_history')).toEqual(without(before, '_migration_history'))
      expect(foreignPart(after)).toEqual(foreignSnapshot())
      expect(restoreResultSchema.safeParse(result).success).toBe(true)
      // Written out whole as a new store: every key of the backup but the history and `_admin:` ones, which stay the store's.
      const preserved = Object.keys(before).filter((key) => key === hexOf('_migration_history') || key.startsWith(hexOf('_admin:')))
      expect(result).toMatchObject({ backupId: backup.id, fromVersion: 2, toVersion: 1, method: 'rebuild', keysDeleted: 0 })
      expect(result.keysWritten).toBe((backup.records ?? 0) - preserved.length)
      expect(await store.readVersion()).toBe(1)
    })

    it('builds the new store beside the live one and leaves nothing of it there once swapped in', async () => {
      const store = await stores.newStore()
      await seedV1Store(store, 30)
      const manager = new MigrationManager(store)
      const backup = await manager.createBackup()
      const beside = async (): Promise<string[]> =>
        (await readdir(path.dirname(store.dataDir))).filter((name) => name.startsWith(`.${path.basename(store.dataDir)}.`))
      let seenBuilding: string[] = []
      await manager.restoreBackup(backup.id, {
        onProgress: (e) => void (e.phase === 'restore' && e.done > 0 && (seenBuilding = readdirSync(path.dirname(store.dataDir))))
      })
      expect(seenBuilding).toContain(`.${path.basename(store.dataDir)}.prebuilt-${process.pid}`)
      expect(await beside()).toEqual([])
    })

    it('keeps the history and appends a restored entry', async () => {
      const store = await stores.newStore()
      await seedV1Store(store, 5)
      const manager = new MigrationManager(store)
      const backup = await manager.createBackup()
      await manager.migrate()
      await manager.restoreBackup(backup.id)
      const history = await manager.history()
      expect(history.map((e) => e.status)).toEqual(['success', 'restored'])
      expect(history[1]).toMatchObject({ from_version: 2, to_version: 1, success: true, error: null, backup_key: backup.id })
      expect(history[1]?.name).toContain(backup.id)
    })

    it('first takes a pre-restore backup holding the state it replaces', async () => {
      const store = await stores.newStore()
      await seedV1Store(store, 5)
      const manager = new MigrationManager(store)
      const backup = await manager.createBackup()
      await manager.migrate()
      const migrated = await snapshotDb(store.db)
      const result = await manager.restoreBackup(backup.id)

      const listed = await manager.listBackups()
      expect(listed.find((b) => b.id === result.preRestoreBackupId)).toMatchObject({ reason: 'pre-restore', schemaVersion: 2 })
      expect(listed.map((b) => b.reason).sort()).toEqual(['manual', 'pre-migration', 'pre-restore'])
      // Restoring the pre-restore backup undoes the restore.
      await manager.restoreBackup(result.preRestoreBackupId)
      expect(without(await snapshotDb(store.db), '_migration_history')).toEqual(without(migrated, '_migration_history'))
    })

    it('restores a pre-migration backup taken by migrate, undoing the migration', async () => {
      const store = await stores.newStore()
      await seedV1Store(store, 12)
      const before = await snapshotDb(store.db)
      const manager = new MigrationManager(store)
      const { backupId } = await manager.migrate()
      await manager.restoreBackup(backupId ?? '')
      expect(without(await snapshotDb(store.db), '_migration_history')).toEqual(without(before, '_migration_history'))
    })

    it('leaves _admin: keys as they are', async () => {
      const store = await stores.newStore()
      await seedV1Store(store, 3)
      await putRaw(store.db, '_admin:note', 'before')
      const manager = new MigrationManager(store)
      const backup = await manager.createBackup()
      await putRaw(store.db, '_admin:note', 'after')
      await putRaw(store.db, '_admin:other', 'new')
      await manager.restoreBackup(backup.id)
      expect(await store.getText('_admin:note')).toBe('after')
      expect(await store.getText('_admin:other')).toBe('new')
    })

    it('reports restore progress with the backup’s record count as total', async () => {
      const store = await stores.newStore()
      await seedV1Store(store, 20)
      const manager = new MigrationManager(store)
      const backup = await manager.createBackup()
      const firsts = new Map<string, number>()
      await manager.restoreBackup(backup.id, { onProgress: (e) => void (firsts.has(e.phase) || firsts.set(e.phase, e.total)) })
      // No verify pass of its own: the entries are checked as the new store is written, which nothing uses until the swap.
      expect(firsts.has('verify')).toBe(false)
      expect(firsts.get('restore')).toBe(backup.records)
      // The pre-restore safety net is a checkpoint: milliseconds, no phase of its own.
      expect(firsts.has('backup')).toBe(false)
      expect(await readJson(store.db, '_schema_version')).toBe(1)
    })

    it('when cancelled while the new store is written, leaves the store, its history and the backup folder as they were', async () => {
      const store = await stores.newStore()
      await seedV1Store(store, 2500)
      const manager = new MigrationManager(store)
      const backup = await manager.createBackup()
      await manager.migrate()
      const migrated = await snapshotDb(store.db)
      const controller = new AbortController()
      const phases = new Set<string>()
      const error = await rejectionOf(
        manager.restoreBackup(backup.id, {
          signal: controller.signal,
          onProgress: (e) => {
            phases.add(e.phase)
            if (e.phase === 'restore') controller.abort()
          }
        })
      )
      expect(error.code).toBe('CANCELLED')
      // Nothing of the store had changed, so nothing is put back and nothing is recorded.
      expect(phases).not.toContain('rollback')
      expect(await snapshotDb(store.db)).toEqual(migrated)
      expect((await manager.listBackups()).map((b) => b.reason).sort()).toEqual(['manual', 'pre-migration'])
      expect((await readdir(path.dirname(store.dataDir))).filter((name) => name.includes('.prebuilt-'))).toEqual([])
    })
  })
})

describe('format-1 backups written with gzip, before new backups switched to brotli', () => {
  const stores = useTempStores()

  it('still list, verify and restore byte for byte', async () => {
    const store = await stores.newStore()
    await populateDemoStore(store, { count: 120, version: 1 })
    const manager = new MigrationManager(store)
    const before = await snapshotDb(store.db)
    const id = await manager.backups.repository.allocateId()
    const info = await writeV1Backup({
      db: store.db,
      dataDir: store.dataDir,
      finalPath: manager.backups.repository.pathFor(id),
      id,
      schemaVersion: 1,
      compression: 'gzip'
    })
    const layout = await readBackupLayout(manager.backups.repository.pathFor(id), id)
    expect(layout.header.compression).toBe('gzip')
    expect(await manager.verifyBackup(id)).toMatchObject({ ok: true, records: info.records })
    await manager.migrate()
    expect(await snapshotDb(store.db)).not.toEqual(before)
    await manager.restoreBackup(id)
    expect(without(await snapshotDb(store.db), '_migration_history')).toEqual(without(before, '_migration_history'))
  })

  it('new backups are brotli', async () => {
    const store = await stores.newStore()
    await seedV1Store(store, 3)
    const manager = new MigrationManager(store)
    const info = await manager.createBackup()
    expect((await readBackupLayout(manager.backups.repository.pathFor(info.id), info.id)).header.compression).toBe('br')
  })
})
