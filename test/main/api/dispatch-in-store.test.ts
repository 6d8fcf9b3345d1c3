import { describe, expect, it, vi } from 'vitest'
import { createApiHandlers } from '../../../src/main/api/api.handlers.ts'
import { type AnyApiResult, createDispatch } from '../../../src/main/api/dispatch.ts'
import { type ApiEvent, type ApiMethod, apiResultSchema } from '../../../src/shared/api.contract.ts'
import { writeInStoreBackup } from '../../helpers/in-store-backups.ts'
import { snapshotDb } from '../../helpers/temp-store.ts'
import { useDemoSessions } from './demo-sessions.ts'

const demo = useDemoSessions()
const ID = '_backup_20240101_120000'

function valueOf(method: ApiMethod, result: AnyApiResult): unknown {
  expect(result, JSON.stringify(result)).toMatchObject({ ok: true })
  const parsed = apiResultSchema(method).safeParse(result)
  expect(parsed.success, parsed.error?.message).toBe(true)
  return (result as { value: unknown }).value
}

async function served() {
  const session = await demo.session({ count: 30 })
  await writeInStoreBackup(session.store, ID)
  return { session, dispatch: createDispatch(createApiHandlers(session), { log: vi.fn() }) }
}

describe('the contract’s in-store backup calls, on a real store', () => {
  it('lists, verifies, exports, restores and removes an in-store backup, announcing each change', async () => {
    const { session, dispatch } = await served()
    const events: ApiEvent[] = []
    session.events.subscribe((event) => events.push(event))
    expect(valueOf('backups.listInStore', await dispatch('backups.listInStore', {}))).toMatchObject([{ kind: 'in-store', id: ID, records: 30, damaged: null }])
    expect(valueOf('backups.verify', await dispatch('backups.verify', { id: ID }))).toMatchObject({ ok: true, records: 30 })
    const exported = valueOf('backups.exportInStore', await dispatch('backups.exportInStore', { id: ID })) as { id: string; reason: string }
    expect(exported.reason).toBe('in-store-export')
    expect(valueOf('backups.restore', await dispatch('backups.restore', { id: ID }))).toMatchObject({ backupId: ID, toVersion: 1 })
    expect(valueOf('backups.removeInStore', await dispatch('backups.removeInStore', { id: ID }))).toMatchObject({ removed: [ID], keysDeleted: 31 })
    expect(valueOf('backups.listInStore', await dispatch('backups.listInStore', {}))).toEqual([])
    expect(events.filter((event) => event.type === 'store-changed')).toHaveLength(3)
  })

  it.each([
    ['a file id to exportInStore', 'backups.exportInStore', { id: 'backup_20240101_120000' }, 'INVALID_INPUT'],
    ['a path to removeInStore', 'backups.removeInStore', { id: '_backup_../x' }, 'INVALID_INPUT'],
    ['all: false to removeInStore', 'backups.removeInStore', { all: false }, 'INVALID_INPUT'],
    ['an id and all together', 'backups.removeInStore', { id: ID, all: true }, 'INVALID_INPUT'],
    ['an unknown in-store id to restore', 'backups.restore', { id: '_backup_20991231_000000' }, 'BACKUP_NOT_FOUND'],
    ['an unknown in-store id to removeInStore', 'backups.removeInStore', { id: '_backup_20991231_000000' }, 'BACKUP_NOT_FOUND']
  ] as const)('refuses %s with %s, changing nothing', async (_name, method, input, code) => {
    const { session, dispatch } = await served()
    const before = await snapshotDb(session.store.db)
    const result = await dispatch(method, input)
    expect(result.ok).toBe(false)
    expect((result as { error: { code: string } }).error.code).toBe(code)
    expect(await snapshotDb(session.store.db)).toEqual(before)
  })
})
