import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createApiHandlers } from '../../../src/main/api/api.handlers.ts'
import { StoreSession } from '../../../src/main/api/store-session.ts'
import { fsState } from '../../helpers/fs-state.ts'
import { holdFilesInAnotherProcess, storeFlavours } from '../../helpers/store-flavours.ts'
import { rejectionOf } from '../../helpers/temp-store.ts'
import { runCli } from '../cli/run-cli.ts'
import { useDemoSessions } from './demo-sessions.ts'

const demo = useDemoSessions()

async function sessionOn(build: (dataDir: string) => Promise<void>) {
  const root = await demo.root()
  const dataDir = path.join(root, 'meridian-data')
  await build(dataDir)
  const session = demo.track(await StoreSession.open({ dataDir, backupDir: path.join(root, 'backups') }))
  return { dataDir, session, api: createApiHandlers(session) }
}

describe.each(storeFlavours)("the app's browsing on a $name", (flavour) => {
  it.skipIf(flavour.unavailable !== null)(
    `leaves every file of the directory byte-identical, from opening to closing${flavour.unavailable ? ` (skipped: ${flavour.unavailable})` : ''}`,
    async () => {
      const root = await demo.root()
      const dataDir = path.join(root, 'meridian-data')
      await flavour.build(dataDir)
      const before = await fsState(dataDir)
      const session = demo.track(await StoreSession.open({ dataDir, backupDir: path.join(root, 'backups') }))
      const api = createApiHandlers(session)

      const status = await api['store.status']()
      const backup = await api['backups.create']({}) // writes a file beside the store, not into it
      const page = await api['store.records']({ prefix: 'task:', limit: 5 })
      const next = await api['store.records']({ prefix: 'task:', limit: 5, after: page.nextAfter ?? undefined })
      await api['history.list']()
      await api['migration.plan']({})
      await api['migration.dryRun']({})
      await api['backups.list']()
      await api['backups.listInStore']()
      expect((await api['backups.verify']({ id: backup.id })).ok).toBe(true)
      await api['backups.records']({ id: backup.id, prefix: 'task:', limit: 5 })
      await api['backups.compare']({ id: backup.id, prefix: '' })
      expect(session.store.access).toBe('read')
      await session.close()

      expect(await fsState(dataDir)).toEqual(before)
      expect(status).toMatchObject({ currentVersion: 1, inUseBy: [] })
      expect(page.records).toHaveLength(5)
      expect(next.records[0]?.key).not.toBe(page.records[0]?.key)
    }
  )
})

describe('the app around a write', () => {
  it('opens the store itself only for the migration, then reads a fresh snapshot again: browsing after it changes nothing', async () => {
    const { dataDir, session, api } = await sessionOn(storeFlavours[0]!.build)
    const migrated = await api['migration.run']({})
    expect(migrated.status).toBe('migrated')
    expect(session.store.access).toBe('read')
    const after = await fsState(dataDir)
    const status = await api['store.status']()
    expect(status).toMatchObject({ upToDate: true, currentVersion: status.targetVersion })
    await api['store.records']({ prefix: 'task:', limit: 5 })
    expect(await fsState(dataDir)).toEqual(after)
  })

  it('shows another process holding the store in the status, and refuses migration and restore with STORE_IN_USE naming it; nothing is written', async () => {
    const { dataDir, session, api } = await sessionOn(storeFlavours[0]!.build)
    const backup = await api['backups.create']({})
    const before = await fsState(dataDir)
    const holder = await holdFilesInAnotherProcess(dataDir)
    try {
      const status = await api['store.status']()
      expect(status.inUseBy).toEqual([{ pid: holder.pid, command: expect.stringContaining('meridian-stand-in') }])
      for (const refused of [await rejectionOf(api['migration.run']({})), await rejectionOf(api['backups.restore']({ id: backup.id }))]) {
        expect({ code: refused.code, message: refused.message }).toEqual({ code: 'STORE_IN_USE', message: expect.stringContaining(`pid ${holder.pid} (`) })
      }
      expect(session.store.access).toBe('read')
    } finally {
      await holder.release()
    }
    expect(await fsState(dataDir)).toEqual(before)
    expect((await api['store.status']()).inUseBy).toEqual([])
  })
})

describe('the app after another process wrote the store', () => {
  it('shows what it wrote at the next status (a fresh snapshot), and a migration planned on the old one is refused with BUSY', async () => {
    const { dataDir, session, api } = await sessionOn(storeFlavours[0]!.build)
    expect(await api['store.status']()).toMatchObject({ currentVersion: 1 })
    const stale = session.manager
    // The CLI, in its own process, migrates the store the app is showing: the app holds none of its files.
    const migrated = await runCli(['migrate', dataDir, '--json'])
    expect(migrated.code, migrated.stderr).toBe(0)
    const status = await api['store.status']()
    expect(status).toMatchObject({ currentVersion: status.targetVersion, upToDate: true })
    expect(session.manager).toBe(stale)
  })
})
