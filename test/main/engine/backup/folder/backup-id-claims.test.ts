import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { AtomicFile } from '../../../../../src/main/engine/backup/file/atomic-file.ts'
import { BackupRepository } from '../../../../../src/main/engine/backup/folder/backup-repository.ts'
import { MigrationManager } from '../../../../../src/main/engine/operations/migration-manager.ts'
import { seedV1Store } from '../../../../helpers/fixture-stores.ts'
import { listDir, rejectionOf, useTempStores } from '../../../../helpers/temp-store.ts'

const NOON = new Date(Date.UTC(2024, 0, 1, 12, 0, 0))

describe('backup ids in a folder shared by several writers', () => {
  const stores = useTempStores()

  it('never hands out an id another writer has claimed and not yet written, whatever store it is of', async () => {
    const dir = path.join(await stores.root(), 'shared')
    const first = await new BackupRepository(dir).allocateId(NOON, 'aaaaaaaaaaaa')
    const second = await new BackupRepository(dir).allocateId(NOON, 'bbbbbbbbbbbb')
    expect([first, second]).toEqual(['backup_20240101_120000', 'backup_20240101_120000_2'])
  })

  it('gives the claim up once the backup is in place, leaving the backup alone in the folder', async () => {
    const store = await stores.newStore()
    await seedV1Store(store, 3)
    const manager = new MigrationManager(store)
    const info = await manager.createBackup()
    expect(await listDir(manager.backupDir)).toEqual([`${info.id}.mbak`])
  })

  it('fails a commit with BUSY, replacing nothing, when another writer put a file at the final name meanwhile', async () => {
    const dir = await stores.root()
    const final = path.join(dir, 'backup_20240101_120000.mbak')
    const file = await AtomicFile.create(final, path.join(dir, '.backup_20240101_120000.mine.mbak.tmp'))
    await file.write(Buffer.from('mine'))
    await writeFile(final, 'theirs')
    expect(await rejectionOf(file.commit())).toMatchObject({ code: 'BUSY' })
    expect(await readFile(final, 'utf8')).toBe('theirs')
  })
})
