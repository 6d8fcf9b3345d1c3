import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { MigrationManager } from '../../../../src/main/engine/operations/migration-manager.ts'
import { seedV1Store } from '../../../helpers/fixture-stores.ts'
import { putRaw, readJson, rejectionOf, snapshotDb, useTempStores } from '../../../helpers/temp-store.ts'
import { taskV1 } from '../../../helpers/tasks.ts'

const stores = useTempStores()

async function storeWithOneBadTask() {
  const store = await stores.newStore()
  await seedV1Store(store, 10)
  await putRaw(store.db, 'task:bad-json', '{"id": "bad", "title": ')
  return { store, manager: new MigrationManager(store) }
}

describe("the store's set-aside folder, as a host lists and restores it", () => {
  it('lists nothing before the first set-aside, then each archive with its keys and how many the store holds again', async () => {
    const { store, manager } = await storeWithOneBadTask()
    expect(await manager.repair.listSetAside()).toEqual([])

    const { archive, backupId } = await manager.repair.setAside()
    const [listed, ...rest] = await manager.repair.listSetAside()
    expect(rest).toEqual([])
    expect(listed).toMatchObject({
      path: archive,
      name: path.basename(archive!),
      schemaVersion: 1,
      backupId,
      keys: ['task:bad-json'],
      inStore: 0,
      problem: null
    })

    // Fixed in the archive as a person would in an editor, then put back by its name: the store holds its key again.
    const [header] = (await readFile(archive!, 'utf8')).split('\n')
    await writeFile(archive!, `${header}\n${JSON.stringify({ key: 'task:bad-json', value: JSON.stringify(taskV1({ id: 'bad-json' })), problems: [] })}\n`)
    expect(await manager.repair.restoreSetAsideNamed(listed!.name)).toMatchObject({ restored: 1, archive })
    expect(await readJson(store.db, 'task:bad-json')).toMatchObject({ id: 'bad-json' })
    expect((await manager.repair.listSetAside())[0]).toMatchObject({ inStore: 1 })
  })

  it('lists a file in the folder that is not an archive with the reason, instead of hiding it', async () => {
    const { store, manager } = await storeWithOneBadTask()
    await mkdir(`${store.dataDir}.set-aside`)
    await writeFile(path.join(`${store.dataDir}.set-aside`, 'set-aside_broken.jsonl'), 'not json\n')

    const [listed] = await manager.repair.listSetAside()
    expect(listed).toMatchObject({ name: 'set-aside_broken.jsonl', createdAt: null, keys: [], problem: expect.stringContaining('line 1') })
  })

  it('refuses a name that is a path, or names another folder, with INVALID_INPUT, writing nothing', async () => {
    const { store, manager } = await storeWithOneBadTask()
    await manager.repair.setAside()
    const before = await snapshotDb(store.db)
    for (const name of ['../aside.jsonl', '/etc/passwd', 'sub/dir.jsonl', '.hidden.jsonl', 'set-aside.txt']) {
      const error = await rejectionOf(manager.repair.restoreSetAsideNamed(name))
      expect(error.code, name).toBe('INVALID_INPUT')
      expect(error.message, name).toContain('not a set-aside archive')
    }
    expect(await snapshotDb(store.db)).toEqual(before)
  })

  it('refuses an archive whose record still fails with RECORD_INVALID naming it, writing nothing', async () => {
    const { store, manager } = await storeWithOneBadTask()
    const { archive } = await manager.repair.setAside()
    const before = await snapshotDb(store.db)

    const error = await rejectionOf(manager.repair.restoreSetAsideNamed(path.basename(archive!)))
    expect(error.code).toBe('RECORD_INVALID')
    expect(error.message).toContain('task:bad-json')
    expect(await snapshotDb(store.db)).toEqual(before)
  })
})
