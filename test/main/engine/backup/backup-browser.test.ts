import { describe, expect, it } from 'vitest'
import { MigrationManager } from '../../../../src/main/engine/operations/migration-manager.ts'
import type { MeridianStore } from '../../../../src/main/engine/store/store.ts'
import { recordsPageSchema } from '../../../../src/shared/api.contract.ts'
import { seedV1Store } from '../../../helpers/fixture-stores.ts'
import { putRaw, rejectionOf, snapshotDb, useTempStores } from '../../../helpers/temp-store.ts'
import { flipMiddleByte } from '../../cli/run-cli.ts'

const stores = useTempStores()

/** A v1 store of `tasks` tasks plus the foreign entries, and a manual backup of it. */
async function backedUpStore(tasks: number): Promise<{ store: MeridianStore; manager: MigrationManager; id: string }> {
  const store = await stores.newStore()
  await seedV1Store(store, tasks)
  const manager = new MigrationManager(store)
  const { id } = await manager.createBackup()
  return { store, manager, id }
}

async function allPages(manager: MigrationManager, id: string, prefix: string, limit: number): Promise<string[][]> {
  const pages: string[][] = []
  let after: string | undefined
  for (;;) {
    const page = await manager.backupRecords(id, { prefix, after, limit })
    pages.push(page.records.map((record) => record.key))
    if (page.nextAfter === null) return pages
    after = page.nextAfter
  }
}

describe("browsing a backup's records", () => {
  it('pages through a prefix in key order, every page full but the last, with no phantom empty page', async () => {
    const { manager, id } = await backedUpStore(25)
    const pages = await allPages(manager, id, 'task:', 10)
    expect(pages.map((page) => page.length)).toEqual([10, 10, 5])
    const keys = pages.flat()
    expect(keys).toEqual(Array.from({ length: 25 }, (_, i) => `task:t${String(i).padStart(5, '0')}`))

    // A limit that divides the count exactly ends on a full page whose nextAfter is null.
    expect((await allPages(manager, id, 'task:', 5)).map((page) => page.length)).toEqual([5, 5, 5, 5, 5])
    expect((await allPages(manager, id, 'task:', 25)).map((page) => page.length)).toEqual([25])
  })

  it('gives the same record summaries as store.records gives for the same content', async () => {
    const { manager, id } = await backedUpStore(12)
    const fromBackup = await manager.backupRecords(id, { prefix: 'task:', limit: 7 })
    const fromStore = await manager.records({ prefix: 'task:', limit: 7 })
    expect(recordsPageSchema.parse(fromBackup)).toEqual(fromStore)
    expect(fromBackup.records[0]).toMatchObject({ key: 'task:t00000', version: 1 })
    expect(fromBackup.records[0]?.bytes).toBeGreaterThan(100)
  })

  it("shows the backup's content, not the store's, after the store has changed", async () => {
    const { store, manager, id } = await backedUpStore(6)
    await manager.migrate()
    await putRaw(store.db, 'task:t00000', { replaced: true })
    const page = await manager.backupRecords(id, { prefix: 'task:', limit: 10 })
    expect(page.records.map((record) => record.version)).toEqual([1, 1, 1, 1, 1, 1])
    expect(page.records[0]?.value).toMatchObject({ id: 't00000', title: 'Task 0' })
    expect((await manager.records({ prefix: 'task:', limit: 10 })).records[1]?.version).toBe(2)
  })

  it("an empty prefix pages every key, the store's own and the foreign ones included", async () => {
    const { manager, id, store } = await backedUpStore(3)
    const all = (await allPages(manager, id, '', 4)).flat()
    const stored = Object.keys(await snapshotDb(store.db)).map((hex) => Buffer.from(hex, 'hex').toString('utf8'))
    expect(all).toEqual(stored)
    expect(all).toContain('_schema_version')
    expect(all).toContain('episode:ep-1')
  })

  it('an after-key at or beyond the last key, or a prefix with no keys, gives an empty last page', async () => {
    const { manager, id } = await backedUpStore(5)
    expect(await manager.backupRecords(id, { prefix: 'task:', after: 'task:t00004', limit: 10 })).toEqual({ records: [], nextAfter: null })
    expect(await manager.backupRecords(id, { prefix: 'task:', after: 'task:zzz', limit: 10 })).toEqual({ records: [], nextAfter: null })
    expect(await manager.backupRecords(id, { prefix: 'nothing:', limit: 10 })).toEqual({ records: [], nextAfter: null })
    // A cursor between two keys starts at the next one.
    const page = await manager.backupRecords(id, { prefix: 'task:', after: 'task:t00001x', limit: 10 })
    expect(page.records.map((record) => record.key)).toEqual(['task:t00002', 'task:t00003', 'task:t00004'])
  })

  it('refuses bad input with a coded error naming it, and leaves the store untouched', async () => {
    const { store, manager, id } = await backedUpStore(5)
    const before = await snapshotDb(store.db)
    const cases: Array<[Promise<unknown>, string, RegExp]> = [
      [manager.backupRecords('../etc/passwd', { prefix: '', limit: 5 }), 'INVALID_INPUT', /is not a backup id/],
      [manager.backupRecords('backup_20000101_000000', { prefix: '', limit: 5 }), 'BACKUP_NOT_FOUND', /No backup backup_20000101_000000/],
      [manager.backupRecords(id, { prefix: 'task:', after: 'episode:ep-1', limit: 5 }), 'INVALID_INPUT', /not under the prefix "task:"/],
      [manager.backupRecords(id, { prefix: 'x'.repeat(257), limit: 5 }), 'INVALID_INPUT', /prefix: a prefix of at most 256 characters/],
      [manager.backupRecords(id, { prefix: 'task:', limit: 0 }), 'INVALID_INPUT', /limit: at least 1/],
      [manager.backupRecords(id, { prefix: 'task:', limit: 2.5 }), 'INVALID_INPUT', /limit: a whole number/]
    ]
    for (const [promise, code, message] of cases) {
      const error = await rejectionOf(promise)
      expect(error.code, error.message).toBe(code)
      expect(error.message).toMatch(message)
    }
    expect(await snapshotDb(store.db)).toEqual(before)
  })

  it('refuses a damaged backup with the code verify reports, even for a page that lies before the damage', async () => {
    const { manager, id } = await backedUpStore(200)
    await flipMiddleByte(manager.backups.repository.pathFor(id))
    const report = await manager.verifyBackup(id)
    expect(report.ok).toBe(false)
    const error = await rejectionOf(manager.backupRecords(id, { prefix: '', limit: 1 }))
    expect(error.code).toBe('BACKUP_CORRUPT')
    // Verify meets the damage while decompressing; the checksum, checked first here, names it its own way.
    expect(report.problem).toMatch(new RegExp(`^Backup ${id} is damaged: `))
    expect(error.message).toBe(`Backup ${id} is damaged: its checksum does not match`)
  })

  it('does not change the store or the backup', async () => {
    const { store, manager, id } = await backedUpStore(30)
    const before = await snapshotDb(store.db)
    await allPages(manager, id, 'task:', 7)
    expect(await snapshotDb(store.db)).toEqual(before)
    expect(await manager.verifyBackup(id)).toMatchObject({ ok: true })
  })
})
