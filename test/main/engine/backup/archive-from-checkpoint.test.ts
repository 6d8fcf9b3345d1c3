import { appendFile, readdir } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { STORE_FOLDER } from '../../../../src/main/engine/checkpoint/checkpoint-manifest.ts'
import { MigrationManager } from '../../../../src/main/engine/operations/migration-manager.ts'
import { seedV1Store } from '../../../helpers/fixture-stores.ts'
import { describeEachStoreKind } from '../../../helpers/store-kinds.ts'
import { fsState } from '../../../helpers/fs-state.ts'
import { listDir, rejectionOf, snapshotDb, useTempStores, without } from '../../../helpers/temp-store.ts'

describeEachStoreKind((kind) => {
  const stores = useTempStores(kind)

  async function migratedWithCheckpoint(count = 120) {
    const store = await stores.newStore()
    await seedV1Store(store, count)
    const before = await snapshotDb(store.db)
    const manager = new MigrationManager(store)
    const result = await manager.migrate()
    return { store, manager, before, checkpointId: result.backupId ?? '' }
  }

  describe('an archive made from a checkpoint', () => {
    it('holds the store as the checkpoint saw it, dated and named as the checkpoint, with progress, while the store has moved on', async () => {
      const { store, manager, before, checkpointId } = await migratedWithCheckpoint()
      const phases = new Set<string>()
      const archive = await manager.archiveCheckpoint(checkpointId, { onProgress: (event) => phases.add(event.phase) })
      const checkpoint = (await manager.listBackups()).find((backup) => backup.id === checkpointId)
      expect(archive).toMatchObject({ kind: 'archive', reason: 'pre-migration', schemaVersion: 1, createdAt: checkpoint?.createdAt })
      expect(archive.id.startsWith(checkpointId)).toBe(true)
      expect(phases).toContain('backup')
      // Both kinds are kept, listed side by side.
      expect((await manager.listBackups()).map((backup) => backup.kind).sort()).toEqual(['archive', 'checkpoint'])
      expect((await manager.verifyBackup(archive.id)).ok).toBe(true)
      // What it holds is the pre-migration store: restoring it (a merge) brings every record back to v1.
      await manager.restoreBackup(archive.id)
      expect(without(await snapshotDb(store.db), '_migration_history')).toEqual(without(before, '_migration_history'))
    })

    it('leaves the checkpoint byte for byte as it was (it reads a private snapshot of it)', async () => {
      const { manager, checkpointId } = await migratedWithCheckpoint(30)
      const checkpointDir = path.join(manager.backupDir, `${checkpointId}.checkpoint`)
      const bytesBefore = await fsState(checkpointDir)
      await manager.archiveCheckpoint(checkpointId)
      expect(await fsState(checkpointDir)).toEqual(bytesBefore)
      expect((await manager.verifyBackup(checkpointId)).ok).toBe(true)
    })

    it('is refused for an archive (INVALID_INPUT), an unknown id (BACKUP_NOT_FOUND) and a damaged checkpoint (BACKUP_CORRUPT), writing nothing', async () => {
      const { manager, checkpointId } = await migratedWithCheckpoint(30)
      const archive = await manager.archiveCheckpoint(checkpointId)
      const backupDir = manager.backupDir
      const listed = await listDir(backupDir)
      expect((await rejectionOf(manager.archiveCheckpoint(archive.id))).code).toBe('INVALID_INPUT')
      expect((await rejectionOf(manager.archiveCheckpoint('backup_20200101_000000'))).code).toBe('BACKUP_NOT_FOUND')
      // A store this small may be all log: any of its files, grown, no longer matches the manifest.
      const storeFolder = path.join(backupDir, `${checkpointId}.checkpoint`, STORE_FOLDER)
      const file = (await readdir(storeFolder)).find((name) => /\.(ldb|sst|log)$/.test(name))
      expect(file).toBeDefined()
      await appendFile(path.join(storeFolder, file ?? ''), 'garbage')
      const damaged = await rejectionOf(manager.archiveCheckpoint(checkpointId))
      expect(damaged.code).toBe('BACKUP_CORRUPT')
      expect(damaged.message).toContain(checkpointId)
      expect(await listDir(backupDir)).toEqual(listed)
    })

    it('is cancelled by its signal, leaving no file and no temporary behind', async () => {
      const { manager, checkpointId } = await migratedWithCheckpoint(3000)
      const backupDir = manager.backupDir
      const listed = await listDir(backupDir)
      const controller = new AbortController()
      // Cancelled at its first progress event, once it has begun writing the file.
      const error = await rejectionOf(manager.archiveCheckpoint(checkpointId, { signal: controller.signal, onProgress: () => controller.abort() }))
      expect(error.code).toBe('CANCELLED')
      expect(await listDir(backupDir)).toEqual(listed)
    })

    it('is refused for another store’s checkpoint in a shared folder (BACKUP_OF_ANOTHER_STORE)', async () => {
      const shared = path.join(await stores.root(), 'shared')
      const first = await stores.newStore()
      await seedV1Store(first, 10)
      const ofFirst = await new MigrationManager(first, { backupDir: shared }).createBackup({ kind: 'checkpoint' })
      const second = await stores.newStore()
      const other = new MigrationManager(second, { backupDir: shared })
      const listed = await listDir(shared)
      expect((await rejectionOf(other.archiveCheckpoint(ofFirst.id))).code).toBe('BACKUP_OF_ANOTHER_STORE')
      expect(await listDir(shared)).toEqual(listed)
    })
  })
})
