import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { archivePutMethod } from '../../../../src/main/engine/backup/archive-rebuild.ts'
import { readBackupLayout } from '../../../../src/main/engine/backup/file/backup-reader.ts'
import { MigrationManager } from '../../../../src/main/engine/operations/migration-manager.ts'
import { MeridianStore } from '../../../../src/main/engine/store/store.ts'
import { seedV1Store } from '../../../helpers/fixture-stores.ts'
import { mountSmallDisk, smallDiskUnavailable, type SmallDisk } from '../../../helpers/small-disk.ts'
import { rejectionOf, snapshotDb, useTempStores, without } from '../../../helpers/temp-store.ts'

const disks: SmallDisk[] = []
const opened: MeridianStore[] = []
const managers: MigrationManager[] = []
afterEach(async () => {
  // The pre-restore checkpoint is hashed in the background: its files stay open until that is done.
  for (const manager of managers.splice(0)) await manager.backups.idle()
  for (const store of opened.splice(0)) await store.close().catch(() => undefined)
  for (const disk of disks.splice(0)) await disk.unmount()
})

const skipped = smallDiskUnavailable ? ` (skipped: ${smallDiskUnavailable})` : ''

/** A store on a disk of its own, its archive taken, then the disk filled but `leaveMb`: too little for a second store. */
async function storeOnNearlyFullDisk(tasks: number, leaveMb: number): Promise<{ store: MeridianStore; manager: MigrationManager; backupId: string }> {
  const disk = await mountSmallDisk(128)
  disks.push(disk)
  const store = await MeridianStore.open(path.join(disk.dir, 'store'), { createIfMissing: true })
  opened.push(store)
  await seedV1Store(store, tasks)
  const manager = new MigrationManager(store, { backupDir: path.join(disk.dir, 'backups') })
  managers.push(manager)
  const backup = await manager.createBackup({ kind: 'archive' })
  await disk.fill(leaveMb * 1024 * 1024)
  return { store, manager, backupId: backup.id }
}

describe('restoring an archive', () => {
  const stores = useTempStores()

  it('writes a new store beside the live one when the disk has room for it', async () => {
    const store = await stores.newStore()
    await seedV1Store(store, 5)
    const manager = new MigrationManager(store)
    const backup = await manager.createBackup({ kind: 'archive' })
    const layout = await readBackupLayout(manager.backups.repository.existingPathFor(backup.id), backup.id)
    expect(await archivePutMethod(store.dataDir, layout)).toEqual({ method: 'rebuild' })
  })

  it.skipIf(smallDiskUnavailable !== null)(`merges into the live store, and says why, when the disk lacks the room for a second store${skipped}`, async () => {
    const { store, manager, backupId } = await storeOnNearlyFullDisk(200, 24)
    const before = await snapshotDb(store.db)
    await manager.migrate()

    const result = await manager.restoreBackup(backupId)

    expect(result).toMatchObject({
      method: 'merge',
      mergedBecause: expect.stringMatching(/free beside the store, where a store rebuilt from the archive needs about/)
    })
    // A merge rewrites only what differs: the 200 tasks back at v1 and _schema_version.
    expect(result).toMatchObject({ keysWritten: 201, keysDeleted: 0 })
    expect(without(await snapshotDb(store.db), '_migration_history')).toEqual(without(before, '_migration_history'))
  })

  it.skipIf(smallDiskUnavailable !== null)(`merging writes and deletes nothing when the store already equals the archive${skipped}`, async () => {
    const { manager, backupId } = await storeOnNearlyFullDisk(5, 24)
    expect(await manager.restoreBackup(backupId)).toMatchObject({ method: 'merge', keysWritten: 0, keysDeleted: 0 })
  })

  it.skipIf(smallDiskUnavailable !== null)(`a merge cancelled midway puts back the state from before it and records cancelled${skipped}`, async () => {
    const { store, manager, backupId } = await storeOnNearlyFullDisk(2500, 24)
    await manager.migrate()
    const migrated = await snapshotDb(store.db)
    const controller = new AbortController()
    const phases = new Set<string>()
    const error = await rejectionOf(
      manager.restoreBackup(backupId, {
        signal: controller.signal,
        onProgress: (e) => {
          phases.add(e.phase)
          if (e.phase === 'restore') controller.abort()
        }
      })
    )
    expect(error.code).toBe('CANCELLED')
    expect(phases).toContain('rollback')
    expect(without(await snapshotDb(store.db), '_migration_history')).toEqual(without(migrated, '_migration_history'))
    expect((await manager.history()).map((e) => e.status)).toEqual(['success', 'cancelled'])
  })
})
