import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { MigrationManager } from '../../../../src/main/engine/operations/migration-manager.ts'
import { seedV1Store } from '../../../helpers/fixture-stores.ts'
import { listDir, putRaw, readJson, rejectionOf, snapshotDb, useTempStores, without } from '../../../helpers/temp-store.ts'
import { taskV1, taskV2 } from '../../../helpers/tasks.ts'

const stores = useTempStores()

async function storeWithBadTasks() {
  const store = await stores.newStore()
  await seedV1Store(store, 30)
  await putRaw(store.db, 'task:bad-json', '{"id": "bad", "title": ')
  await putRaw(store.db, 'task:bad-status', taskV1({ id: 'bad-status', status: 'finished', priority: 'urgent' }))
  return { store, manager: new MigrationManager(store) }
}

describe('checking a record', () => {
  it('says a record that is not JSON is "not valid JSON", and names every schema issue by path', async () => {
    const { manager } = await storeWithBadTasks()

    expect(await manager.repair.check('task:bad-json')).toEqual({
      key: 'task:bad-json',
      status: 'invalid',
      version: null,
      problems: [{ path: [], message: 'not valid JSON' }]
    })
    const check = await manager.repair.check('task:bad-status')
    expect(check.status).toBe('invalid')
    expect(check.version).toBe(1)
    expect(check.problems.map((p) => p.path)).toEqual([['status'], ['priority']])
    expect((await manager.repair.check('task:t00001')).status).toBe('valid')
  })

  it('leaves keys no migration knows unchecked, and answers RECORD_NOT_FOUND for a missing key', async () => {
    const { store, manager } = await storeWithBadTasks()
    await putRaw(store.db, 'other:x', 'anything')

    expect((await manager.repair.check('other:x')).status).toBe('unchecked')
    expect((await rejectionOf(manager.repair.check('task:nope'))).code).toBe('RECORD_NOT_FOUND')
  })
})

describe('putting a record', () => {
  it('refuses an invalid value with RECORD_INVALID, naming the field, and writes nothing (no backup either)', async () => {
    const { store, manager } = await storeWithBadTasks()
    const before = await snapshotDb(store.db)

    const error = await rejectionOf(manager.repair.put('task:bad-status', JSON.stringify(taskV1({ status: 'finished' }))))

    expect(error.code).toBe('RECORD_INVALID')
    expect(error.message).toContain('status:')
    expect(await snapshotDb(store.db)).toEqual(before)
    expect(await manager.listBackups()).toEqual([])
  })

  it('replaces a record with a valid value after a pre-repair backup, recorded as repaired', async () => {
    const { store, manager } = await storeWithBadTasks()
    const fixed = taskV1({ id: 'bad-json', title: 'Fixed' })

    const result = await manager.repair.put('task:bad-json', JSON.stringify(fixed))

    expect(result).toMatchObject({ key: 'task:bad-json', replaced: true, check: { status: 'valid' } })
    expect(await readJson(store.db, 'task:bad-json')).toEqual(fixed)
    const backups = await manager.listBackups()
    expect(backups.map((b) => [b.id, b.reason])).toEqual([[result.backupId, 'pre-repair']])
    expect((await manager.history()).at(-1)).toMatchObject({ status: 'repaired', success: true, name: 'Repair: put task:bad-json', items_migrated: 1 })
  })

  it('writes an invalid value when forced', async () => {
    const { store, manager } = await storeWithBadTasks()

    const result = await manager.repair.put('task:new', 'not json', { force: true })

    expect(result).toMatchObject({ replaced: false, check: { status: 'invalid' } })
    expect((await store.db.get(Buffer.from('task:new')))?.toString()).toBe('not json')
  })

  it('refuses to put or delete the store’s bookkeeping keys', async () => {
    const { manager } = await storeWithBadTasks()

    expect((await rejectionOf(manager.repair.put('_schema_version', '2', { force: true }))).code).toBe('INVALID_INPUT')
    expect((await rejectionOf(manager.repair.delete('_migration_history'))).code).toBe('INVALID_INPUT')
  })
})

describe('deleting a record', () => {
  it('removes exactly that key after a backup; RECORD_NOT_FOUND before any write when absent', async () => {
    const { store, manager } = await storeWithBadTasks()
    const before = await snapshotDb(store.db)

    await manager.repair.delete('task:bad-json')

    expect(without(await snapshotDb(store.db), '_migration_history')).toEqual(without(before, 'task:bad-json'))
    const backups = await manager.listBackups()
    expect((await rejectionOf(manager.repair.delete('task:bad-json'))).code).toBe('RECORD_NOT_FOUND')
    expect(await manager.listBackups()).toEqual(backups)
  })
})

describe('setting invalid records aside', () => {
  it('moves every invalid record into an archive with its reasons, so the migration then succeeds', async () => {
    const { store, manager } = await storeWithBadTasks()
    const archive = path.join(path.dirname(store.dataDir), 'aside.jsonl')
    const bad = await store.db.get(Buffer.from('task:bad-json'))

    const result = await manager.repair.setAside({ archive })

    expect(result.archive).toBe(archive)
    expect(result.checked).toBe(32)
    expect(result.setAside.map((entry) => entry.key)).toEqual(['task:bad-json', 'task:bad-status'])
    expect(await store.db.get(Buffer.from('task:bad-json'))).toBeUndefined()
    const lines = (await readFile(archive, 'utf8')).trim().split('\n')
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ format: 'meridian-admin set-aside', records: 2, schemaVersion: 1, backupId: result.backupId })
    expect(JSON.parse(lines[1] ?? '')).toEqual({ key: 'task:bad-json', value: bad?.toString('utf8'), problems: [{ path: [], message: 'not valid JSON' }] })
    expect((await manager.migrate()).status).toBe('migrated')
  })

  it('writes nothing at all when every record holds', async () => {
    const store = await stores.newStore()
    await seedV1Store(store, 10)
    const manager = new MigrationManager(store)
    const before = await snapshotDb(store.db)

    const result = await manager.repair.setAside()

    expect(result).toMatchObject({ archive: null, checked: 10, setAside: [], backupId: null })
    expect(await snapshotDb(store.db)).toEqual(before)
    expect(await listDir(`${store.dataDir}.set-aside`)).toEqual([])
  })

  it('refuses an archive path that exists, before anything is written', async () => {
    const { store, manager } = await storeWithBadTasks()
    const archive = path.join(path.dirname(store.dataDir), 'taken.jsonl')
    await writeFile(archive, 'mine')
    const before = await snapshotDb(store.db)

    expect((await rejectionOf(manager.repair.setAside({ archive }))).code).toBe('INVALID_INPUT')
    expect(await snapshotDb(store.db)).toEqual(before)
    expect(await readFile(archive, 'utf8')).toBe('mine')
  })
})

describe('restoring records set aside', () => {
  it('refuses records still invalid unless forced, then brings fixed ones to the store’s version', async () => {
    const { store, manager } = await storeWithBadTasks()
    const archive = path.join(path.dirname(store.dataDir), 'aside.jsonl')
    await manager.repair.setAside({ archive })
    await manager.migrate()

    const refused = await rejectionOf(manager.repair.restoreSetAside(archive))
    expect(refused.code).toBe('RECORD_INVALID')
    expect(refused.message).toContain('task:bad-json')

    // Fix both lines in the archive, as a person would in an editor: still v1 records, the store is at v2.
    const lines = (await readFile(archive, 'utf8')).trim().split('\n')
    const fixedLine = (key: string, id: string) => JSON.stringify({ key, value: JSON.stringify(taskV1({ id })), problems: [] })
    await writeFile(archive, [lines[0], fixedLine('task:bad-json', 'bad-json'), fixedLine('task:bad-status', 'bad-status')].join('\n'))

    const result = await manager.repair.restoreSetAside(archive)

    expect(result).toMatchObject({ restored: 2, migrated: 2, forcedInvalid: 0, replaced: 0 })
    expect(await readJson(store.db, 'task:bad-json')).toMatchObject({ schema_version: 2, id: 'bad-json' })
    expect((await manager.repair.check('task:bad-status')).status).toBe('valid')
  })

  it('refuses to replace a record the store holds again unless forced', async () => {
    const { store, manager } = await storeWithBadTasks()
    const archive = path.join(path.dirname(store.dataDir), 'aside.jsonl')
    await manager.repair.setAside({ archive })
    await putRaw(store.db, 'task:bad-json', taskV2({ id: 'bad-json' }))

    expect((await rejectionOf(manager.repair.restoreSetAside(archive))).code).toBe('RECORD_INVALID')
    const forced = await manager.repair.restoreSetAside(archive, { force: true })
    expect(forced).toMatchObject({ restored: 2, forcedInvalid: 2, replaced: 1 })
    expect((await store.db.get(Buffer.from('task:bad-json')))?.toString()).toBe('{"id": "bad", "title": ')
  })

  it('names the line of an archive that is not one', async () => {
    const { store, manager } = await storeWithBadTasks()
    const archive = path.join(path.dirname(store.dataDir), 'broken.jsonl')
    await writeFile(archive, '{"format":"something else"}\n')

    const error = await rejectionOf(manager.repair.restoreSetAside(archive))
    expect(error.code).toBe('INVALID_INPUT')
    expect(error.message).toContain('line 1')
  })
})
