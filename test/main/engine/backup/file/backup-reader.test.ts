import { readFile, truncate, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { BACKUP_EXTENSION, START_MAGIC } from '../../../../../src/main/engine/backup/file/backup-format.ts'
import { readBackupLayout } from '../../../../../src/main/engine/backup/file/backup-reader.ts'
import { MigrationManager } from '../../../../../src/main/engine/operations/migration-manager.ts'
import { populateDemoStore } from '../../../../../src/main/demo/demo-store.ts'
import { listDir, rejectionOf, snapshotDb, useTempStores } from '../../../../helpers/temp-store.ts'

const stores = useTempStores()

/** A store with a verified manual backup, then changed (migrated) so a restore would have work to do. */
async function backedUpStore(): Promise<{
  manager: MigrationManager
  id: string
  file: string
  storeParent: string
  snapshot: () => Promise<Record<string, string>>
}> {
  const store = await stores.newStore()
  await populateDemoStore(store, { count: 150, version: 1 })
  const manager = new MigrationManager(store)
  const { id } = await manager.createBackup()
  await manager.migrate()
  const file = path.join(manager.backupDir, `${id}${BACKUP_EXTENSION}`)
  return { manager, id, file, storeParent: path.dirname(store.dataDir), snapshot: () => snapshotDb(store.db) }
}

async function flipByteAt(file: string, position: number): Promise<void> {
  const bytes = await readFile(file)
  bytes[position] = (bytes[position] ?? 0) ^ 0x01
  await writeFile(file, bytes)
}

/**
 * verify says not ok; restore refuses with BACKUP_CORRUPT, takes no pre-restore backup, changes nothing and leaves
 * nothing beside the store (the store it began to write from the archive is removed).
 */
async function expectRefused(setup: Awaited<ReturnType<typeof backedUpStore>>): Promise<string> {
  const { manager, id, snapshot } = setup
  const before = await snapshot()
  const backupsBefore = await listDir(manager.backupDir)
  const besideBefore = await listDir(setup.storeParent)
  const report = await manager.verifyBackup(id)
  expect(report).toMatchObject({ id, ok: false })
  expect(report.problem).toContain(id)
  const error = await rejectionOf(manager.restoreBackup(id))
  expect(error.code).toBe('BACKUP_CORRUPT')
  expect(await snapshot()).toEqual(before)
  expect(await listDir(manager.backupDir)).toEqual(backupsBefore)
  expect(await listDir(setup.storeParent)).toEqual(besideBefore)
  return report.problem ?? ''
}

describe('a damaged backup file', () => {
  it('with one byte flipped in the compressed body is caught by verify and refused by restore', async () => {
    const setup = await backedUpStore()
    const layout = await readBackupLayout(setup.file, setup.id)
    await flipByteAt(setup.file, Math.floor((layout.bodyStart + layout.bodyEnd) / 2))
    await expectRefused(setup)
  })

  it('with one byte flipped at every tenth position of the body is caught each time', async () => {
    const setup = await backedUpStore()
    const layout = await readBackupLayout(setup.file, setup.id)
    const original = await readFile(setup.file)
    const positions = Array.from({ length: 10 }, (_, i) => layout.bodyStart + Math.floor(((layout.bodyEnd - layout.bodyStart) * i) / 10))
    for (const position of positions) {
      await flipByteAt(setup.file, position)
      expect((await setup.manager.verifyBackup(setup.id)).ok, `byte ${position}`).toBe(false)
      await writeFile(setup.file, original)
    }
    expect((await setup.manager.verifyBackup(setup.id)).ok).toBe(true)
  })

  it('with a digit changed in the header (still valid JSON) fails its checksum', async () => {
    const setup = await backedUpStore()
    const bytes = await readFile(setup.file)
    const at = bytes.indexOf('"createdAt":"') + '"createdAt":"'.length
    bytes[at] = bytes[at] === 0x31 ? 0x32 : 0x31
    await writeFile(setup.file, bytes)
    const problem = await expectRefused(setup)
    expect(problem).toContain('checksum')
  })

  it('with a byte flipped in the magic or the header JSON is caught', async () => {
    const setup = await backedUpStore()
    const original = await readFile(setup.file)
    for (const position of [0, START_MAGIC.length + 4, START_MAGIC.length + 8]) {
      await flipByteAt(setup.file, position)
      await expectRefused(setup)
      await writeFile(setup.file, original)
    }
  })

  it('with a byte flipped in the footer is caught', async () => {
    const setup = await backedUpStore()
    const layout = await readBackupLayout(setup.file, setup.id)
    await flipByteAt(setup.file, layout.bodyEnd + 20)
    await expectRefused(setup)
  })

  it('truncated by one byte is caught', async () => {
    const setup = await backedUpStore()
    await truncate(setup.file, (await readFile(setup.file)).length - 1)
    const problem = await expectRefused(setup)
    expect(problem).toContain('truncated')
  })

  it('truncated to half is caught', async () => {
    const setup = await backedUpStore()
    await truncate(setup.file, Math.floor((await readFile(setup.file)).length / 2))
    await expectRefused(setup)
  })

  it('truncated to nothing is caught', async () => {
    const setup = await backedUpStore()
    await truncate(setup.file, 0)
    await expectRefused(setup)
  })

  it('is not listed among the backups when its ends are damaged', async () => {
    const setup = await backedUpStore()
    await truncate(setup.file, 10)
    const listed = await setup.manager.listBackups()
    expect(listed.map((b) => b.id)).not.toContain(setup.id)
    expect(listed.map((b) => b.reason)).toEqual(['pre-migration'])
  })
})

describe('backup ids', () => {
  it.each(['../backup_20240101_120000', 'backup_20240101_120000/../x', 'sub/backup_20240101_120000', '..', 'backup_2024', ''])(
    'refuses %j with INVALID_INPUT for verify and restore',
    async (id) => {
      const store = await stores.newStore()
      const manager = new MigrationManager(store)
      expect((await rejectionOf(manager.verifyBackup(id))).code).toBe('INVALID_INPUT')
      expect((await rejectionOf(manager.restoreBackup(id))).code).toBe('INVALID_INPUT')
    }
  )

  it('answers an unknown id with BACKUP_NOT_FOUND, for verify and restore', async () => {
    const store = await stores.newStore()
    const manager = new MigrationManager(store)
    await manager.createBackup()
    expect((await rejectionOf(manager.verifyBackup('backup_19990101_000000'))).code).toBe('BACKUP_NOT_FOUND')
    expect((await rejectionOf(manager.restoreBackup('backup_19990101_000000'))).code).toBe('BACKUP_NOT_FOUND')
  })
})
