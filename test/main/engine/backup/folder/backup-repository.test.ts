import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { mkdir, symlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { BackupRepository, backupStamp, defaultBackupDir } from '../../../../../src/main/engine/backup/folder/backup-repository.ts'
import { temporaryPathFor } from '../../../../../src/main/engine/backup/folder/backup-temporaries.ts'
import { storeIdOf } from '../../../../../src/main/engine/backup/folder/backup-owner.ts'
import { MigrationManager } from '../../../../../src/main/engine/operations/migration-manager.ts'
import { seedV1Store } from '../../../../helpers/fixture-stores.ts'
import { fsState } from '../../../../helpers/fs-state.ts'
import { listDir, rejectionOf, useTempStores } from '../../../../helpers/temp-store.ts'

const stores = useTempStores()

/** The pid of a child that has exited (and been reaped), so no process has it until the system reuses it. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
  await once(child, 'exit')
  if (child.pid === undefined) throw new Error('the child did not start')
  return child.pid
}
const NOON = new Date(Date.UTC(2024, 0, 1, 12, 0, 0))

describe('backup ids and files', () => {
  it('stamps ids as backup_YYYYMMDD_HHMMSS in UTC', () => {
    expect(backupStamp(new Date(Date.UTC(2024, 11, 31, 23, 59, 7)))).toBe('backup_20241231_235907')
  })

  it('suffixes _2, _3… when the second is taken, also by a temporary file being written', async () => {
    const repository = new BackupRepository(path.join(await stores.root(), 'backups'))
    expect(await repository.allocateId(NOON)).toBe('backup_20240101_120000')
    await writeFile(repository.pathFor('backup_20240101_120000'), '')
    expect(await repository.allocateId(NOON)).toBe('backup_20240101_120000_2')
    await writeFile(path.join(repository.dir, '.backup_20240101_120000_2.mbak.tmp'), '')
    expect(await repository.allocateId(NOON)).toBe('backup_20240101_120000_3')
    await writeFile(temporaryPathFor(repository.pathFor('backup_20240101_120000_3'), storeIdOf('/s'), 12345), '')
    expect(await repository.allocateId(NOON)).toBe('backup_20240101_120000_4')
  })

  it('lists ids newest first, _10 after _9, and ignores temporaries and other files', async () => {
    const repository = new BackupRepository(path.join(await stores.root(), 'backups'))
    await mkdir(repository.dir)
    for (const name of [
      'backup_20240101_120000.mbak',
      'backup_20240101_120000_9.mbak',
      'backup_20240101_120000_10.mbak',
      'backup_20231231_235959.mbak',
      '.backup_20250101_000000.mbak.tmp',
      'notes.txt',
      'backup_x.mbak'
    ]) {
      await writeFile(path.join(repository.dir, name), '')
    }
    expect(await repository.ids()).toEqual(['backup_20240101_120000_10', 'backup_20240101_120000_9', 'backup_20240101_120000', 'backup_20231231_235959'])
  })

  it('removes the temporaries a killed write of its own store left, and never lists them', async () => {
    const store = await stores.newStore()
    await seedV1Store(store, 3)
    const manager = new MigrationManager(store)
    await mkdir(manager.backupDir, { recursive: true })
    const dead = await deadPid()
    const stale = path.basename(temporaryPathFor(manager.backups.repository.pathFor('backup_20200101_000000'), storeIdOf(store.dataDir), dead))
    await writeFile(path.join(manager.backupDir, stale), 'half a backup')
    expect(await manager.listBackups()).toEqual([])
    const info = await manager.createBackup()
    expect(await listDir(manager.backupDir)).toEqual([`${info.id}.mbak`])
  })

  it('removes the temporaries a killed write of its own store left when the store is next opened, before any backup', async () => {
    const store = await stores.newStore()
    await seedV1Store(store, 3)
    const manager = new MigrationManager(store)
    await mkdir(manager.backupDir, { recursive: true })
    const mine = path.basename(temporaryPathFor(manager.backups.repository.pathFor('backup_20200101_000000'), storeIdOf(store.dataDir), await deadPid()))
    const others = path.basename(
      temporaryPathFor(manager.backups.repository.pathFor('backup_20200101_000000'), storeIdOf(`${store.dataDir}-other`), await deadPid())
    )
    for (const name of [mine, others]) await writeFile(path.join(manager.backupDir, name), 'half a backup')
    await manager.recoverFirst() // what a host does on open
    expect(await listDir(manager.backupDir)).toEqual([others])
  })

  it('leaves the temporaries of a live process, of another store and of the older naming in a shared folder', async () => {
    const store = await stores.newStore()
    await seedV1Store(store, 3)
    const manager = new MigrationManager(store)
    await mkdir(manager.backupDir, { recursive: true })
    const file = manager.backups.repository.pathFor('backup_20200101_000000')
    const dead = await deadPid()
    const kept = [
      // A live process (the test runner's parent) writing this store's backup.
      temporaryPathFor(file, storeIdOf(store.dataDir), process.ppid),
      // Another store's, whose writer is gone: that store's next backup removes it, not ours.
      temporaryPathFor(file, storeIdOf(`${store.dataDir}-other`), dead),
      // Written before temporaries named their store and process: whose it is cannot be told.
      path.join(manager.backupDir, '.backup_20200101_000000.mbak.tmp')
    ].map((name) => path.basename(name))
    for (const name of kept) await writeFile(path.join(manager.backupDir, name), 'half a backup')
    const info = await manager.createBackup()
    expect((await listDir(manager.backupDir)).sort()).toEqual([...kept, `${info.id}.mbak`].sort())
  })

  it('gives two backups taken in a row distinct ids, both listed', async () => {
    const store = await stores.newStore()
    const manager = new MigrationManager(store)
    const first = await manager.createBackup()
    const second = await manager.createBackup()
    expect(second.id).not.toBe(first.id)
    expect((await manager.listBackups()).map((b) => b.id).sort()).toEqual([first.id, second.id].sort())
  })

  it('refuses ids with path separators or .. with INVALID_INPUT', async () => {
    const repository = new BackupRepository(await stores.root())
    for (const id of ['../backup_20240101_120000', 'a/backup_20240101_120000', 'backup_20240101_120000/..', '..\\x']) {
      expect(() => repository.pathFor(id), id).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }))
    }
  })
})

describe('where backups go', () => {
  it('defaults to <dataDir>.backups beside the store, resolving relative paths and trailing slashes', () => {
    expect(defaultBackupDir('/data/meridian/db')).toBe('/data/meridian/db.backups')
    expect(defaultBackupDir('/data/meridian/db/')).toBe('/data/meridian/db.backups')
    expect(defaultBackupDir('db')).toBe(path.resolve('db.backups'))
  })

  it('writes a migration’s backup beside the store, never inside the LevelDB directory', async () => {
    const store = await stores.newStore()
    await seedV1Store(store, 5)
    const manager = new MigrationManager(store)
    expect(manager.backupDir).toBe(`${store.dataDir}.backups`)
    const { backupId } = await manager.migrate()
    expect(await listDir(`${store.dataDir}.backups`)).toEqual([`${backupId}.checkpoint`])
    const archived = await manager.migrate({ to: 1, allowDataLoss: true, safetyNetKind: 'archive' })
    expect(await listDir(`${store.dataDir}.backups`)).toContain(`${archived.backupId}.mbak`)
    expect((await listDir(store.dataDir)).filter((name) => name.includes('backup') || name.endsWith('.mbak'))).toEqual([])
  })

  it('creates no backup folder on reads: status, history, list, verify, dry run', async () => {
    const store = await stores.newStore()
    await seedV1Store(store, 3)
    const manager = new MigrationManager(store)
    await manager.status()
    await manager.history()
    expect(await manager.listBackups()).toEqual([])
    await rejectionOf(manager.verifyBackup('backup_20240101_120000'))
    await manager.dryRun()
    expect(existsSync(manager.backupDir)).toBe(false)
  })

  it('uses a backupDir option instead, creating it when needed', async () => {
    const store = await stores.newStore()
    const elsewhere = path.join(await stores.root(), 'nested', 'backups')
    const manager = new MigrationManager(store, { backupDir: elsewhere })
    const info = await manager.createBackup()
    expect(await listDir(elsewhere)).toEqual([`${info.id}.mbak`])
    expect(await listDir(`${store.dataDir}.backups`)).toEqual([])
  })

  it.each([
    ['inside', 'backups'],
    ['equal to', '']
  ])('refuses a backupDir %s the LevelDB directory with INVALID_INPUT, writing no backup there', async (_label, sub) => {
    const store = await stores.newStore()
    const inside = path.join(store.dataDir, sub)
    const attempt = Promise.resolve().then(() => new MigrationManager(store, { backupDir: inside }).createBackup())
    expect((await rejectionOf(attempt)).code).toBe('INVALID_INPUT')
    expect((await listDir(inside)).filter((name) => name.endsWith('.mbak'))).toEqual([])
  })

  it('refuses a backupDir that reaches into the store through a symbolic link, however deep and whether it exists yet', async () => {
    const store = await stores.newStore()
    const root = path.dirname(store.dataDir)
    const before = await fsState(store.dataDir)
    // A link outside the store pointing into it: written, the path is outside; followed, backups would land inside.
    await symlink(store.dataDir, path.join(root, 'linked-store'))
    for (const backupDir of [path.join(root, 'linked-store'), path.join(root, 'linked-store', 'backups', 'new')]) {
      const error = await rejectionOf(Promise.resolve().then(() => new MigrationManager(store, { backupDir }).createBackup()))
      expect({ code: error.code, message: error.message }, backupDir).toEqual({
        code: 'INVALID_INPUT',
        message: expect.stringContaining('through a symbolic link')
      })
    }
    expect(await fsState(store.dataDir)).toEqual(before)
  })
})
