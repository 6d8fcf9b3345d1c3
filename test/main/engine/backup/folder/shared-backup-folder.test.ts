import { cp } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { populateDemoStore } from '../../../../../src/main/demo/demo-store.ts'
import { MigrationManager } from '../../../../../src/main/engine/operations/migration-manager.ts'
import { pinBackups, unpinBackups } from '../../../../../src/main/engine/backup/folder/backup-pins.ts'
import { writeOperationRecord } from '../../../../../src/main/engine/operations/operation-record.ts'
import type { MeridianStore } from '../../../../../src/main/engine/store/store.ts'
import { writeV1Backup } from '../../../../fixtures/v1-backup-writer.ts'
import { listDir, rejectionOf, snapshotDb, useTempStores, without } from '../../../../helpers/temp-store.ts'

const HISTORY = Buffer.from('_migration_history').toString('hex')

describe('two stores sharing one backup folder', () => {
  const temp = useTempStores()

  /** Stores A and B (different content), both with --backup-dir pointing at one folder. */
  async function twoStores(): Promise<{ a: MeridianStore; b: MeridianStore; shared: string }> {
    const shared = path.join(await temp.root(), 'all-backups')
    const a = await temp.newStore()
    const b = await temp.newStore()
    await populateDemoStore(a, { count: 30, version: 1, seed: 1 })
    await populateDemoStore(b, { count: 50, version: 1, seed: 2 })
    return { a, b, shared }
  }

  it('will not delete by id a backup another store’s interrupted operation pinned (BUSY), and deletes it once unpinned', async () => {
    const { a, b, shared } = await twoStores()
    const managerA = new MigrationManager(a, { backupDir: shared })
    const ofA = await managerA.createBackup()
    const ref = { id: ofA.id, path: managerA.backups.repository.pathFor(ofA.id) }
    await pinBackups([ref], 'b0b0b0b0b0b0', { store: b.dataDir })
    const refusal = await rejectionOf(managerA.deleteBackup(ofA.id))
    expect({ code: refusal.code, message: refusal.message }).toEqual({ code: 'BUSY', message: expect.stringContaining('an interrupted operation needs it') })
    expect((await managerA.listBackups()).map((backup) => backup.id)).toEqual([ofA.id])
    await unpinBackups([ref], 'b0b0b0b0b0b0')
    await managerA.deleteBackup(ofA.id)
    expect(await managerA.listBackups()).toEqual([])
  })

  it('lists only its own backups, and counts the other store’s it left out', async () => {
    const { a, b, shared } = await twoStores()
    const managerA = new MigrationManager(a, { backupDir: shared })
    const managerB = new MigrationManager(b, { backupDir: shared })
    const ofA = await managerA.createBackup()
    const ofB = await managerB.createBackup()
    const ofB2 = await managerB.createBackup()
    expect((await managerA.listBackups()).map((backup) => backup.id)).toEqual([ofA.id])
    expect(await managerA.backups.listScoped()).toMatchObject({ otherStores: 2 })
    expect((await managerB.listBackups()).map((backup) => backup.id).sort()).toEqual([ofB.id, ofB2.id].sort())
  })

  it('refuses to restore the other store’s backup with BACKUP_OF_ANOTHER_STORE, changing nothing, unless asked for any store', async () => {
    const { a, b, shared } = await twoStores()
    const managerA = new MigrationManager(a, { backupDir: shared })
    const ofB = await new MigrationManager(b, { backupDir: shared }).createBackup()
    const before = await snapshotDb(a.db)
    const refusal = await rejectionOf(managerA.restoreBackup(ofB.id))
    expect(refusal).toMatchObject({ code: 'BACKUP_OF_ANOTHER_STORE' })
    expect(refusal.message).toContain(b.dataDir)
    expect(await snapshotDb(a.db)).toEqual(before)
    expect(await managerA.listBackups()).toEqual([])

    await managerA.restoreBackup(ofB.id, { anyStore: true })
    expect(without(await snapshotDb(a.db), '_migration_history')).toEqual(without(await snapshotDb(b.db), '_migration_history'))
  })

  it('counts a backup written before headers named their store as the store’s its dataDir names', async () => {
    const { a, b, shared } = await twoStores()
    const managerA = new MigrationManager(a, { backupDir: shared })
    const id = await managerA.backups.repository.allocateId()
    await writeV1Backup({ db: a.db, dataDir: a.dataDir, finalPath: managerA.backups.repository.pathFor(id), id, schemaVersion: 1 })
    expect((await managerA.listBackups()).map((backup) => backup.id)).toEqual([id])
    expect(await new MigrationManager(b, { backupDir: shared }).listBackups()).toEqual([])
  })

  it('recovery never merges the other store’s backup its note names, and its advice names only its own', async () => {
    const { a, b, shared } = await twoStores()
    const managerA = new MigrationManager(a, { backupDir: shared })
    const managerB = new MigrationManager(b, { backupDir: shared })
    const ofA = await managerA.createBackup()
    // The newest backup in the folder, and intact: the advice used to name it.
    const ofB = await managerB.createBackup()
    const before = await snapshotDb(a.db)
    await writeOperationRecord(a, {
      kind: 'migrate',
      phase: 'applying',
      startedAt: '2026-01-01T00:00:00.000Z',
      name: 'Migrate v1 → v2',
      fromVersion: 1,
      toVersion: 2,
      revertTo: { id: ofB.id, path: managerB.backups.repository.pathFor(ofB.id) },
      source: null
    })
    const refusal = await rejectionOf(new MigrationManager(a, { backupDir: shared }).recoverFirst())
    expect(refusal).toMatchObject({ code: 'CORRUPT_DATABASE' })
    expect(refusal.message).toContain(`Restore the newest verified backup, ${ofA.id}.`)
    expect(without(await snapshotDb(a.db), '_admin:operation')).toEqual(without(before, '_admin:operation'))
  })

  it('prune of one store keeps the backup the other store’s interrupted restore pinned, which that store’s recovery then completes from', async () => {
    const { a, b, shared } = await twoStores()
    const managerA = new MigrationManager(a, { backupDir: shared })
    const managerB = new MigrationManager(b, { backupDir: shared })
    const [oldest, needed] = [await managerB.createBackup(), await managerB.createBackup(), await managerB.createBackup()]
    if (!oldest || !needed) throw new Error('no backups')
    const safety = await managerA.createBackup()
    // A restore of B's backup into A (asked for with --any-store), cut off after its note: what a SIGKILL leaves.
    const record = {
      kind: 'restore' as const,
      phase: 'applying' as const,
      startedAt: '2026-01-01T00:00:00.000Z',
      name: `Restore ${needed.id}`,
      fromVersion: 1,
      toVersion: 1,
      revertTo: { id: safety.id, path: managerA.backups.repository.pathFor(safety.id) },
      source: { id: needed.id, path: managerB.backups.repository.pathFor(needed.id) },
      sourceOfAnotherStore: true
    }
    await managerA.backups.pin(record)
    await writeOperationRecord(a, record)

    const pruned = await managerB.pruneBackups({ keepNewest: 0, olderThanDays: 0, now: new Date(Date.now() + 86_400_000) })
    expect(pruned.deleted.map((backup) => backup.id)).toEqual([oldest.id])
    expect(pruned.reasons[needed.id]).toBe('needed by an interrupted operation')

    expect(await new MigrationManager(a, { backupDir: shared }).recoverFirst()).toMatchObject({ outcome: 'completed' })
    const content = (store: MeridianStore): Promise<Record<string, string>> => snapshotDb(store.db).then((s) => without(s, '_migration_history'))
    expect(await content(a)).toEqual(await content(b))
    expect((await listDir(shared)).filter((name) => name.endsWith('.needed'))).toEqual([])
  })
})

describe('a store moved or copied together with its default backup folder', () => {
  const temp = useTempStores()

  it('still owns the backups in it and restores them', async () => {
    const original = await temp.newStore()
    await populateDemoStore(original, { count: 20, version: 1 })
    const backup = await new MigrationManager(original).createBackup()
    const content = await snapshotDb(original.db)
    await original.close()
    const moved = path.join(await temp.root(), 'moved')
    await cp(original.dataDir, moved, { recursive: true })
    await cp(`${original.dataDir}.backups`, `${moved}.backups`, { recursive: true })

    const store = await temp.open(moved)
    const manager = new MigrationManager(store)
    expect((await manager.listBackups()).map((info) => info.id)).toEqual([backup.id])
    await manager.migrate()
    await manager.restoreBackup(backup.id)
    const restored = await snapshotDb(store.db)
    delete restored[HISTORY]
    delete content[HISTORY]
    expect(restored).toEqual(content)
  })
})
