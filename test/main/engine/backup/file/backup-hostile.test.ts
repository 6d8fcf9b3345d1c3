import { readFile, writeFile } from 'node:fs/promises'
import { brotliCompressSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { encodeFrames } from '../../../../../src/main/engine/backup/file/backup-format.ts'
import { readBackupLayout } from '../../../../../src/main/engine/backup/file/backup-reader.ts'
import { MAX_BLOCK_RAW_BYTES } from '../../../../../src/main/engine/backup/file/backup-limits.ts'
import { MigrationManager } from '../../../../../src/main/engine/operations/migration-manager.ts'
import { seedV1Store } from '../../../../helpers/fixture-stores.ts'
import { brotliBomb, frameStart, v1File, v2File } from '../../../../helpers/hostile-backups.ts'
import { listDir, rejectionOf, snapshotDb, useTempStores } from '../../../../helpers/temp-store.ts'

const stores = useTempStores()
const ID = 'backup_20260101_000000'
const GB = 2 ** 30

/** A store of 5 tasks with `bytes` planted in its backup folder as backup ID. */
async function storeWithFile(bytes: Buffer): Promise<MigrationManager> {
  const store = await stores.newStore()
  await seedV1Store(store, 5)
  const manager = new MigrationManager(store)
  await manager.createBackup()
  await writeFile(manager.backups.repository.pathFor(ID), bytes)
  return manager
}

/** verify says not ok; show, compare and restore answer BACKUP_CORRUPT; the store and the backup folder stay as they were. */
async function expectRefusedEverywhere(bytes: Buffer): Promise<string> {
  const manager = await storeWithFile(bytes)
  const before = await snapshotDb(manager.store.db)
  const files = await listDir(manager.backupDir)
  const report = await manager.verifyBackup(ID)
  expect(report.ok, report.problem ?? '').toBe(false)
  expect((await rejectionOf(manager.backupRecords(ID, { prefix: '', limit: 20 }))).code).toBe('BACKUP_CORRUPT')
  expect((await rejectionOf(manager.compareBackup(ID))).code).toBe('BACKUP_CORRUPT')
  expect((await rejectionOf(manager.restoreBackup(ID))).code).toBe('BACKUP_CORRUPT')
  expect(await snapshotDb(manager.store.db)).toEqual(before)
  expect(await listDir(manager.backupDir)).toEqual(files)
  return report.problem ?? ''
}

const ENTRIES: Array<[Buffer, Buffer]> = [[Buffer.from('task:a'), Buffer.from('{"id":"a"}')]]
const RAW = encodeFrames(ENTRIES)

describe('crafted backup files with every checksum right', () => {
  it('a format-1 body of 1 KB expanding to 1 GB (one record of zeros) is refused from its footer, unread', async () => {
    const prefix = frameStart('k', GB)
    const bomb = await brotliBomb(prefix, GB)
    expect(bomb.length).toBeLessThan(2048)
    const problem = await expectRefusedEverywhere(v1File(ID, bomb, { records: 1, rawBytes: prefix.length + GB }))
    expect(problem).toContain('more than any backup expands')
  })

  it('a format-1 body whose footer understates what it expands to is stopped at the footer’s rawBytes', async () => {
    const bomb = await brotliBomb(frameStart('k', 200 << 20), 200 << 20)
    const problem = await expectRefusedEverywhere(v1File(ID, bomb, { records: 1, rawBytes: 1 << 20 }))
    expect(problem).toContain('expands past the 1048576 bytes its footer says')
  })

  it('a record declaring a 4 GB value is refused when its length field is read', async () => {
    const body = brotliCompressSync(Buffer.concat([frameStart('k', 0xffffffff), Buffer.alloc(64)]))
    const problem = await expectRefusedEverywhere(v2File(ID, [{ compressed: body, rawLength: 64 + 9 }], { records: 1, rawBytes: 64 + 9 }))
    expect(problem).toContain('a record declares a value of 4294967295 bytes')
  })

  it('a block declaring 16 KB whose bytes expand to 1 GB is stopped at 16 KB', async () => {
    const bomb = await brotliBomb(frameStart('k', GB), GB)
    const problem = await expectRefusedEverywhere(v2File(ID, [{ compressed: bomb, rawLength: 16 << 10 }], { records: 1, rawBytes: 16 << 10 }))
    expect(problem).toContain('cannot be decompressed to its 16384 bytes')
  })

  it('a block declaring more than the format’s raw or expansion bounds is refused before it is read', async () => {
    const compressed = brotliCompressSync(RAW)
    const huge = await expectRefusedEverywhere(v2File(ID, [{ compressed, rawLength: 0xffffffff }], { records: 1, rawBytes: 0 }))
    expect(huge).toContain('outside the format')
    const expanding = await expectRefusedEverywhere(v2File(ID, [{ compressed, rawLength: MAX_BLOCK_RAW_BYTES }], { records: 1, rawBytes: 0 }))
    expect(expanding).toContain('more than any block expands')
  })

  it('a block declaring 4 GB of compressed bytes is refused before anything is allocated for them', async () => {
    const file = v2File(ID, [{ compressed: brotliCompressSync(RAW), rawLength: RAW.length }], { records: 1, rawBytes: RAW.length })
    const at = file.indexOf(Buffer.from('}')) + 1
    file.writeUInt32BE(0xffffffff, at)
    expect((await expectRefusedEverywhere(file)).length).toBeGreaterThan(0)
  })
})

describe('the footer of a format-2 backup is covered by its checksum', () => {
  it('a record count changed in the footer is refused by show and compare as verify refuses it', async () => {
    const manager = await storeWithFile(Buffer.alloc(0))
    const [taken] = await manager.listBackups()
    const file = manager.backups.repository.pathFor(taken?.id ?? '')
    const bytes = await readFile(file)
    const at = bytes.lastIndexOf('"records":') + '"records":'.length
    bytes[at] = bytes[at] === 0x31 ? 0x32 : 0x31
    await writeFile(manager.backups.repository.pathFor(ID), bytes.toString('latin1').replace(taken?.id ?? '', ID), 'latin1')
    expect((await readBackupLayout(manager.backups.repository.pathFor(ID), ID)).footer.records).not.toBe(taken?.records)
    const problem = await expectRefusedEverywhere(await readFile(manager.backups.repository.pathFor(ID)))
    expect(problem).toContain('checksum')
  })
})
