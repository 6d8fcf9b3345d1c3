import { readdir, readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { MigrationManager } from '../../../../src/main/engine/operations/migration-manager.ts'
import { readCheckpointManifest, STORE_FOLDER } from '../../../../src/main/engine/checkpoint/checkpoint-manifest.ts'
import { seedV1Store } from '../../../helpers/fixture-stores.ts'
import { describeEachStoreKind } from '../../../helpers/store-kinds.ts'
import { listDir, putRaw, rejectionOf, snapshotDb, useTempStores, without } from '../../../helpers/temp-store.ts'
import { taskV1 } from '../../../helpers/tasks.ts'

describeEachStoreKind((kind) => {
  const stores = useTempStores(kind)

  /** A seeded v1 store and its manager; the store's folder holds nothing else but its default backup folder. */
  async function seeded(count = 40) {
    const store = await stores.newStore()
    await seedV1Store(store, count)
    return { store, manager: new MigrationManager(store), parent: path.dirname(store.dataDir) }
  }

  describe('a checkpoint as the safety net of a migration', () => {
    it('is what a migration takes by default, listed as a checkpoint, hashed by the time the run returns', async () => {
      const { manager } = await seeded()
      const result = await manager.migrate()
      const [backup, ...others] = await manager.listBackups()
      expect(others).toEqual([])
      expect(backup).toMatchObject({ id: result.backupId, kind: 'checkpoint', reason: 'pre-migration', schemaVersion: 1, verified: true, records: null })
      // What it shares with the store is not counted (a store this small may still be all log, copied whole).
      expect(backup?.diskBytes).toBeLessThanOrEqual(backup?.bytes ?? 0)
    })

    it('puts a failed run back by swapping directories: records as before, the failure recorded, nothing left beside the store', async () => {
      const { store, manager, parent } = await seeded()
      await putRaw(store.db, 'task:zz-bad', taskV1({ id: 'zz', created_at: 'never' }))
      const before = await snapshotDb(store.db)
      const phases = new Set<string>()
      const error = await rejectionOf(manager.migrate({ onProgress: (event) => phases.add(event.phase) }))
      expect(error.code).toBe('MIGRATION_FAILED')
      expect([...phases]).toEqual(['migrate', 'rollback'])
      expect(without(await snapshotDb(store.db), '_migration_history')).toEqual(without(before, '_migration_history'))
      expect((await manager.history()).map((entry) => entry.status)).toEqual(['failed'])
      expect(await store.readVersion()).toBe(1)
      expect(await listDir(parent)).toEqual(['store', 'store.backups'])
      // The store is open for writing again on the swapped-in directory.
      await putRaw(store.db, 'task:after', taskV1({ id: 'after' }))
      expect(await store.getText('task:after')).toContain('"after"')
    })

    it('keeps the runs recorded since the checkpoint when it puts the store back twice from it', async () => {
      const { store, manager } = await seeded(5)
      await putRaw(store.db, 'task:zz', 'not json')
      const first = await rejectionOf(manager.migrate())
      expect(first.code).toBe('MIGRATION_FAILED')
      const backupId = (await manager.listBackups())[0]?.id ?? ''
      await rejectionOf(manager.migrate({ safetyNet: backupId }))
      expect((await manager.history()).map((entry) => entry.status)).toEqual(['failed', 'failed'])
      expect((await manager.listBackups()).map((backup) => backup.id)).toEqual([backupId])
    })

    it('is an archive when asked for one', async () => {
      const { manager } = await seeded()
      await manager.migrate({ safetyNetKind: 'archive' })
      expect((await manager.listBackups()).map((backup) => backup.kind)).toEqual(['archive'])
    })
  })

  describe('restoring a checkpoint', () => {
    it('swaps its records in, keeps the history, and takes a checkpoint of the state before', async () => {
      const { store, manager } = await seeded()
      const before = await snapshotDb(store.db)
      const checkpoint = await manager.createBackup({ kind: 'checkpoint' })
      await manager.migrate()
      await putRaw(store.db, 'task:new', taskV1({ id: 'new' }))
      const result = await manager.restoreBackup(checkpoint.id)
      expect(result).toMatchObject({ backupId: checkpoint.id, method: 'swap', fromVersion: 2, toVersion: 1, keysWritten: 0, keysDeleted: 0 })
      expect(without(await snapshotDb(store.db), '_migration_history')).toEqual(without(before, '_migration_history'))
      expect((await manager.history()).map((entry) => entry.status)).toEqual(['success', 'restored'])
      const listed = await manager.listBackups()
      expect(listed.find((backup) => backup.id === result.preRestoreBackupId)).toMatchObject({ kind: 'checkpoint', reason: 'pre-restore' })
    })

    it('refuses a checkpoint whose table no longer matches its SHA-256, writing nothing (BACKUP_CORRUPT)', async () => {
      const { store, manager } = await seeded(200)
      const checkpoint = await manager.createBackup({ kind: 'checkpoint' })
      const folder = manager.backups.repository.checkpointPathFor(checkpoint.id)
      await manager.verifyBackup(checkpoint.id) // hashes it
      await damageOneFile(folder)
      const before = await snapshotDb(store.db)
      const backupsBefore = (await manager.listBackups()).map((backup) => backup.id)
      const error = await rejectionOf(manager.restoreBackup(checkpoint.id))
      expect(error.code).toBe('BACKUP_CORRUPT')
      expect(await snapshotDb(store.db)).toEqual(before)
      expect((await manager.listBackups()).map((backup) => backup.id)).toEqual(backupsBefore)
    })
  })

  describe('verifying and deleting a checkpoint', () => {
    it('verify reads every entry, counts them into the listing, and reports a changed file', async () => {
      const { store, manager } = await seeded(120)
      const keys = Object.keys(await snapshotDb(store.db)).length
      const checkpoint = await manager.createBackup({ kind: 'checkpoint' })
      expect(await manager.verifyBackup(checkpoint.id)).toEqual({ id: checkpoint.id, ok: true, records: keys, problem: null })
      expect((await manager.listBackups())[0]).toMatchObject({ records: keys, verified: true })
      await damageOneFile(manager.backups.repository.checkpointPathFor(checkpoint.id))
      const report = await manager.verifyBackup(checkpoint.id)
      expect(report.ok).toBe(false)
      expect(report.problem).toMatch(/SHA-256|bytes/)
    })

    it('delete removes the folder whole and leaves no temporary', async () => {
      const { manager } = await seeded()
      const checkpoint = await manager.createBackup({ kind: 'checkpoint' })
      await manager.backups.delete(checkpoint.id)
      expect(await manager.listBackups()).toEqual([])
      expect(await readdir(manager.backupDir)).toEqual([])
    })
  })
})

/**
 * Changes one byte of the checkpoint's largest file without touching the store: a linked table is replaced by a
 * changed copy (writing through the link would change the store's own table too).
 */
async function damageOneFile(folder: string): Promise<void> {
  const manifest = await readCheckpointManifest(folder)
  const largest = [...manifest.files].sort((a, b) => b.bytes - a.bytes)[0]
  if (!largest) throw new Error('an empty checkpoint')
  const file = path.join(folder, STORE_FOLDER, largest.name)
  const bytes = await readFile(file)
  bytes[Math.floor(bytes.length / 2)] = (bytes[Math.floor(bytes.length / 2)] ?? 0) ^ 0xff
  // A new file renamed over the link: the store's table (the link's other name) keeps its bytes.
  await writeFile(`${file}.changed`, bytes)
  await rename(`${file}.changed`, file)
}
