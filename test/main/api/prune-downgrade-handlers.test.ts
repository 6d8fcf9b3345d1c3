import { describe, expect, it, vi } from 'vitest'
import { createApiHandlers } from '../../../src/main/api/api.handlers.ts'
import { type AnyApiResult, createDispatch } from '../../../src/main/api/dispatch.ts'
import type { StoreSession } from '../../../src/main/api/store-session.ts'
import { type ApiEvent, type ApiMethod, type ApiOutput, apiContract, apiResultSchema } from '../../../src/shared/api.contract.ts'
import { snapshotDir } from '../../helpers/temp-store.ts'
import { useDemoSessions } from './demo-sessions.ts'

const demo = useDemoSessions()

const dispatchFor = (session: StoreSession) => createDispatch(createApiHandlers(session), { log: vi.fn() })

function valueOf<M extends ApiMethod>(method: M, result: AnyApiResult) {
  expect(result, JSON.stringify(result)).toMatchObject({ ok: true })
  return apiResultSchema(method).parse(result) as { ok: true; value: ApiOutput<M> }
}

function errorOf(result: AnyApiResult): { code: string; message: string } {
  expect(result.ok, JSON.stringify(result)).toBe(false)
  return (result as { error: { code: string; message: string } }).error
}

async function backupsOf(session: StoreSession, count: number): Promise<string[]> {
  for (let i = 0; i < count; i++) await session.manager.createBackup()
  return (await session.manager.listBackups()).map((b) => b.id)
}

describe('the contract for backups.prune and migration.run allowDataLoss', () => {
  it('reads olderThan as days or as the CLI reads --older-than, and refuses anything else', () => {
    const input = apiContract['backups.prune'].input
    expect(input.parse({ olderThan: '12h' })).toEqual({ olderThan: 0.5 })
    expect(input.parse({ olderThan: '30d', keep: 2, dryRun: true })).toEqual({ olderThan: 30, keep: 2, dryRun: true })
    expect(input.parse({ olderThan: 1.5 })).toEqual({ olderThan: 1.5 })
    for (const bad of [{ olderThan: '2w' }, { olderThan: -1 }, { keep: -1 }, { keep: 1.5 }, { only: ['../x'] }, { force: true }]) {
      expect(input.safeParse(bad).success, JSON.stringify(bad)).toBe(false)
    }
  })

  it('takes allowDataLoss as an optional boolean on migration.run only', () => {
    expect(apiContract['migration.run'].input.parse({ to: 1, allowDataLoss: true })).toEqual({ to: 1, allowDataLoss: true })
    expect(apiContract['migration.run'].input.safeParse({ allowDataLoss: 'yes' }).success).toBe(false)
    expect(apiContract['migration.dryRun'].input.safeParse({ allowDataLoss: true }).success).toBe(false)
  })
})

describe('backups.prune on a real store', () => {
  it('a dry run lists what would go and why, and deletes nothing', async () => {
    const session = await demo.session({ count: 20 })
    const ids = await backupsOf(session, 3)
    const { value } = valueOf('backups.prune', await dispatchFor(session)('backups.prune', { keep: 0, olderThan: 0, dryRun: true }))
    expect(value.dryRun).toBe(true)
    expect(value.deleted.map((b) => b.id)).toEqual(ids.slice(1))
    expect(value.kept.map((b) => b.id)).toEqual([ids[0]])
    expect(value.reasons[ids[0] ?? '']).toBe('the newest backup that verifies')
    expect((await session.manager.listBackups()).map((b) => b.id)).toEqual(ids)
  })

  it('deletes exactly the confirmed backups the policy selects, and announces the change', async () => {
    const session = await demo.session({ count: 20 })
    const ids = await backupsOf(session, 4)
    const events: ApiEvent[] = []
    session.events.subscribe((event) => events.push(event))
    const dispatch = dispatchFor(session)
    const { value } = valueOf('backups.prune', await dispatch('backups.prune', { keep: 0, olderThan: '0h', only: [ids[2], ids[3]] }))
    expect(value.dryRun).toBe(false)
    expect(value.deleted.map((b) => b.id)).toEqual([ids[2], ids[3]])
    expect((await session.manager.listBackups()).map((b) => b.id)).toEqual([ids[0], ids[1]])
    expect(events).toContainEqual({ type: 'store-changed' })
  })

  it('keeps fresh backups under the default policy', async () => {
    const session = await demo.session({ count: 20 })
    const ids = await backupsOf(session, 2)
    const { value } = valueOf('backups.prune', await dispatchFor(session)('backups.prune', {}))
    expect(value.deleted).toEqual([])
    expect((await session.manager.listBackups()).map((b) => b.id)).toEqual(ids)
  })

  it('refuses a bad age with INVALID_INPUT naming olderThan, deleting nothing', async () => {
    const session = await demo.session({ count: 20 })
    const ids = await backupsOf(session, 2)
    const error = errorOf(await dispatchFor(session)('backups.prune', { keep: 0, olderThan: '2 weeks' }))
    expect(error.code).toBe('INVALID_INPUT')
    expect(error.message).toMatch(/backups\.prune.*olderThan/)
    expect((await session.manager.listBackups()).map((b) => b.id)).toEqual(ids)
  })
})

describe('migration.run downgrades only with allowDataLoss', () => {
  it('refuses a lossy downgrade with DATA_LOSS_REFUSED and the count, leaving the store and backups untouched', async () => {
    const session = await demo.session({ count: 30, version: 2 })
    const dispatch = dispatchFor(session)
    const dry = valueOf('migration.dryRun', await dispatch('migration.dryRun', { to: 1 })).value
    expect(dry.losses?.records).toBeGreaterThan(0)
    await session.close()
    const before = await snapshotDir(session.store.dataDir)
    const reopened = await demo.session({ dataDir: session.store.dataDir })
    const error = errorOf(await dispatchFor(reopened)('migration.run', { to: 1 }))
    expect(error.code).toBe('DATA_LOSS_REFUSED')
    expect(error.message).toContain(`would lose data in ${dry.losses?.records} of 30 records`)
    expect(await reopened.manager.listBackups()).toEqual([])
    await reopened.close()
    expect(await snapshotDir(session.store.dataDir)).toEqual(before)
  })

  it('with allowDataLoss, backs up, downgrades to v1, and history records v2 → v1', async () => {
    const session = await demo.session({ count: 30, version: 2 })
    const dispatch = dispatchFor(session)
    const { value } = valueOf('migration.run', await dispatch('migration.run', { to: 1, allowDataLoss: true }))
    expect(value).toMatchObject({ status: 'migrated', from: 2, to: 1, itemsMigrated: 30 })
    expect(value.backupId).not.toBeNull()
    expect(await session.store.readVersion()).toBe(1)
    const history = valueOf('history.list', await dispatch('history.list', {})).value
    expect(history.at(-1)).toMatchObject({ from_version: 2, to_version: 1, success: true })
  })
})
