import path from 'node:path'
import { SPEC_REFS_SET } from '../../helpers/example-set.ts'
import { describe, expect, it, vi } from 'vitest'
import { createApiHandlers } from '../../../src/main/api/api.handlers.ts'
import { type AnyApiResult, createDispatch } from '../../../src/main/api/dispatch.ts'
import type { StoreChoice, StoreSession } from '../../../src/main/api/store-session.ts'
import { type ApiEvent, type ApiMethod, apiResultSchema } from '../../../src/shared/api.contract.ts'
import { useDemoSessions } from './demo-sessions.ts'

const demo = useDemoSessions()

function dispatchFor(session: StoreSession, log = vi.fn()) {
  return createDispatch(createApiHandlers(session), { log })
}

/** The value of a successful result, checked against the contract's output schema. */
function valueOf(method: ApiMethod, result: AnyApiResult): unknown {
  expect(result, JSON.stringify(result)).toMatchObject({ ok: true })
  const parsed = apiResultSchema(method).safeParse(result)
  expect(parsed.success, parsed.error?.message).toBe(true)
  return (result as { value: unknown }).value
}

function errorOf(result: AnyApiResult): { code: string; message: string } {
  expect(result.ok, JSON.stringify(result)).toBe(false)
  return (result as { error: { code: string; message: string } }).error
}

describe('dispatch on a real demo store', () => {
  it('answers store.status with the store as the contract describes it', async () => {
    const session = await demo.session({ count: 50 })
    const status = valueOf('store.status', await dispatchFor(session)('store.status', {})) as { currentVersion: number; targetVersion: number }
    expect(status).toMatchObject({ currentVersion: 1, targetVersion: 2, upToDate: false, tooNew: false })
  })

  it('treats an absent input as {}', async () => {
    const session = await demo.session({ count: 10 })
    valueOf('history.list', await dispatchFor(session)('history.list', undefined))
  })

  it('describes a session without a store choice as serving one store, read through its snapshot', async () => {
    const session = await demo.session({ count: 10 })
    const info = valueOf('store.info', await dispatchFor(session)('store.info', {}))
    expect(info).toEqual({
      dataDir: session.store.dataDir,
      backupDir: `${session.store.dataDir}.backups`,
      access: 'read',
      runningOperation: null,
      operation: null,
      canOpenOtherStores: false,
      canChooseFolder: false,
      recentStores: [session.store.dataDir]
    })
  })

  it('refuses a wrongly typed field with INVALID_INPUT naming it', async () => {
    const dispatch = dispatchFor(await demo.session({ count: 10 }))
    const error = errorOf(await dispatch('migration.run', { to: '3' }))
    expect(error.code).toBe('INVALID_INPUT')
    expect(error.message).toMatch(/migration\.run.*\bto\b/)
    expect(errorOf(await dispatch('store.records', { prefix: 42 })).message).toMatch(/prefix/)
    expect(errorOf(await dispatch('backups.verify', { id: '../../etc/passwd' })).message).toMatch(/\bid\b/)
  })

  it('refuses extra keys, naming them', async () => {
    const dispatch = dispatchFor(await demo.session({ count: 10 }))
    const error = errorOf(await dispatch('store.status', { evil: true }))
    expect(error).toMatchObject({ code: 'INVALID_INPUT' })
    expect(error.message).toContain('evil')
    expect(errorOf(await dispatch('migration.dryRun', { to: 3, force: 1 })).message).toContain('force')
  })

  it('refuses inputs that are not objects', async () => {
    const dispatch = dispatchFor(await demo.session({ count: 10 }))
    for (const input of [null, 'to=3', 42, [], true]) {
      expect(errorOf(await dispatch('store.status', input)).code).toBe('INVALID_INPUT')
    }
  })

  it('refuses unknown methods, prototype names included, with INVALID_INPUT', async () => {
    const dispatch = dispatchFor(await demo.session({ count: 10 }))
    for (const method of ['store.drop', '', 'constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const error = errorOf(await dispatch(method, {}))
      expect(error.code).toBe('INVALID_INPUT')
      expect(error.message).toMatch(/Unknown API method/)
    }
  })

  it('keeps the code of a MeridianError from the engine', async () => {
    const dispatch = dispatchFor(await demo.session({ count: 10 }))
    expect(errorOf(await dispatch('backups.restore', { id: 'backup_20240101_120000' })).code).toBe('BACKUP_NOT_FOUND')
    expect(errorOf(await dispatch('migration.plan', { to: 7 })).code).toBe('INVALID_INPUT')
  })

  it('turns any other thrown error into INTERNAL and logs its stack', async () => {
    const session = await demo.session({ count: 10 })
    const log = vi.fn()
    const broken = new TypeError('cannot read properties of undefined')
    const handlers = {
      ...createApiHandlers(session),
      'store.status': async (): Promise<never> => {
        throw broken
      }
    }
    const error = errorOf(await createDispatch(handlers, { log })('store.status', {}))
    expect(error.code).toBe('INTERNAL')
    expect(error.message).toContain('cannot read properties of undefined')
    expect(log).toHaveBeenCalledWith(expect.stringContaining('store.status'), broken)
  })

  it('answers INVALID_INPUT to opening, choosing or closing a store in a session that serves one store only', async () => {
    const session = await demo.session({ count: 10 })
    const dispatch = dispatchFor(session)
    expect(errorOf(await dispatch('store.open', { dataDir: '/tmp' })).code).toBe('INVALID_INPUT')
    expect(errorOf(await dispatch('store.chooseDirectory', {})).code).toBe('INVALID_INPUT')
    expect(errorOf(await dispatch('store.close', {})).code).toBe('INVALID_INPUT')
    expect(session.store.dataDir).toBeTruthy()
  })

  it('pages through records under a prefix', async () => {
    const dispatch = dispatchFor(await demo.session({ count: 12 }))
    const first = valueOf('store.records', await dispatch('store.records', { prefix: 'task:', limit: 5 })) as {
      records: { key: string; version: number }[]
      nextAfter: string
    }
    expect(first.records).toHaveLength(5)
    expect(first.records.every((record) => record.key.startsWith('task:') && record.version === 1)).toBe(true)
    const second = valueOf('store.records', await dispatch('store.records', { prefix: 'task:', after: first.nextAfter, limit: 10 })) as {
      records: unknown[]
      nextAfter: string | null
    }
    expect(second.records).toHaveLength(7)
    expect(second.nextAfter).toBeNull()
  })

  it('plans, dry-runs and migrates, with progress events and store-changed, then lists the success and its backup', async () => {
    // With the example set loaded into the session (as `serve --migrations` does): the plan has both steps.
    const session = await demo.session({ count: 300, migrationsDir: SPEC_REFS_SET })
    const dispatch = dispatchFor(session)
    const events: ApiEvent[] = []
    session.events.subscribe((event) => events.push(event))

    const plan = valueOf('migration.plan', await dispatch('migration.plan', {})) as { steps: unknown[] }
    expect(plan).toMatchObject({ from: 1, to: 3 })
    expect(plan.steps).toHaveLength(2)
    const dry = valueOf('migration.dryRun', await dispatch('migration.dryRun', {}))
    expect(dry).toMatchObject({ from: 1, to: 3, itemsToMigrate: 300, failures: [] })
    expect(events.some((event) => event.type === 'store-changed')).toBe(false)

    const result = valueOf('migration.run', await dispatch('migration.run', {})) as { backupId: string }
    expect(result).toMatchObject({ status: 'migrated', from: 1, to: 3, itemsMigrated: 300 })
    const phases = events.flatMap((event) => (event.type === 'progress' && event.operation === 'migration.run' ? [event.event.phase] : []))
    // The safety net is a checkpoint, which has no phase of its own: the pass is the whole bar.
    expect([...new Set(phases)]).toEqual(['migrate'])
    expect(events.at(-1)).toEqual({ type: 'store-changed' })

    const history = valueOf('history.list', await dispatch('history.list', {})) as { status: string; backup_key: string }[]
    expect(history.at(-1)).toMatchObject({ status: 'success', backup_key: result.backupId })
    const backups = valueOf('backups.list', await dispatch('backups.list', {})) as { id: string; reason: string }[]
    expect(backups).toContainEqual(expect.objectContaining({ id: result.backupId, reason: 'pre-migration' }))
  })

  it('answers BUSY at once to a second long call started during a migration', async () => {
    const session = await demo.session({ count: 500 })
    const dispatch = dispatchFor(session)
    let second: Promise<AnyApiResult> | undefined
    let infoDuring: unknown
    session.events.subscribe((event) => {
      if (!second && event.type === 'progress') {
        second = dispatch('backups.create', {})
        infoDuring = session.info().runningOperation
      }
    })
    const migration = await dispatch('migration.run', {})
    expect(second).toBeDefined()
    const busy = errorOf(await (second as Promise<AnyApiResult>))
    expect(busy.code).toBe('BUSY')
    expect(infoDuring).toBe('migration')
    expect(valueOf('migration.run', migration)).toMatchObject({ status: 'migrated' })
    expect(valueOf('backups.list', await dispatch('backups.list', {}))).toHaveLength(1)
  })

  it('cancels a running migration with operation.cancel; the store is left as it was', async () => {
    const session = await demo.session({ count: 2_000 })
    const dispatch = dispatchFor(session)
    let cancel: Promise<AnyApiResult> | undefined
    session.events.subscribe((event) => {
      if (!cancel && event.type === 'progress' && event.event.phase === 'migrate') cancel = dispatch('operation.cancel', {})
    })
    const migration = await dispatch('migration.run', {})
    expect(errorOf(migration).code).toBe('CANCELLED')
    expect(valueOf('operation.cancel', await (cancel as Promise<AnyApiResult>))).toEqual({ cancelled: true })
    expect(valueOf('store.status', await dispatch('store.status', {}))).toMatchObject({ currentVersion: 1 })
    const history = valueOf('history.list', await dispatch('history.list', {})) as { status: string }[]
    expect(history.at(-1)).toMatchObject({ status: 'cancelled' })
    expect(valueOf('operation.cancel', await dispatch('operation.cancel', {}))).toEqual({ cancelled: false })
  })

  it('backs up, verifies, restores and deletes through the contract', async () => {
    const session = await demo.session({ count: 100 })
    const dispatch = dispatchFor(session)
    const backup = valueOf('backups.create', await dispatch('backups.create', {})) as { id: string }
    expect(valueOf('backups.verify', await dispatch('backups.verify', { id: backup.id }))).toMatchObject({ id: backup.id, ok: true })
    valueOf('migration.run', await dispatch('migration.run', {}))
    const restored = valueOf('backups.restore', await dispatch('backups.restore', { id: backup.id }))
    expect(restored).toMatchObject({ backupId: backup.id, fromVersion: 2, toVersion: 1 })
    expect(valueOf('store.status', await dispatch('store.status', {}))).toMatchObject({ currentVersion: 1 })
    expect(valueOf('backups.delete', await dispatch('backups.delete', { id: backup.id }))).toEqual({ deleted: backup.id })
    expect(errorOf(await dispatch('backups.verify', { id: backup.id })).code).toBe('BACKUP_NOT_FOUND')
  })

  it('refuses to plan or migrate a store newer than this build supports', async () => {
    const session = await demo.session({ count: 20, version: 2, targetVersion: 1 })
    const dispatch = dispatchFor(session)
    expect(valueOf('store.status', await dispatch('store.status', {}))).toMatchObject({ tooNew: true })
    expect(errorOf(await dispatch('migration.plan', {})).code).toBe('VERSION_TOO_NEW')
    expect(errorOf(await dispatch('migration.run', {})).code).toBe('VERSION_TOO_NEW')
  })
})

describe('dispatch on the desktop (store switching)', () => {
  function desktopWith(choice: string | null): StoreChoice & { remembered: string[] } {
    const remembered: string[] = []
    return {
      remembered,
      chooseDirectory: async () => choice,
      recent: {
        list: () => remembered,
        remember: async (dir) => {
          remembered.unshift(dir)
        }
      }
    }
  }

  it('opens another store, remembers it and announces store-changed', async () => {
    const other = await demo.demoDir(30, 2)
    const desktop = desktopWith(null)
    const session = await demo.session({ count: 10, choice: desktop })
    const dispatch = dispatchFor(session)
    const events: ApiEvent[] = []
    session.events.subscribe((event) => events.push(event))
    const info = valueOf('store.open', await dispatch('store.open', { dataDir: other }))
    expect(info).toMatchObject({ dataDir: path.resolve(other), canOpenOtherStores: true, recentStores: [path.resolve(other)] })
    expect(events).toEqual([{ type: 'store-changed' }])
    expect(valueOf('store.status', await dispatch('store.status', {}))).toMatchObject({ currentVersion: 2 })
  })

  it('keeps serving the current store when the other cannot be opened', async () => {
    const session = await demo.session({ count: 10, choice: desktopWith(null) })
    const dispatch = dispatchFor(session)
    const missing = path.join(await demo.root(), 'nothing-here')
    expect(errorOf(await dispatch('store.open', { dataDir: missing })).code).toBe('DATA_DIR_NOT_FOUND')
    expect(valueOf('store.status', await dispatch('store.status', {}))).toMatchObject({ dataDir: session.store.dataDir })
  })

  it('answers null when the folder dialog is cancelled, and opens the chosen folder otherwise', async () => {
    expect(
      valueOf('store.chooseDirectory', await dispatchFor(await demo.session({ count: 10, choice: desktopWith(null) }))('store.chooseDirectory', {}))
    ).toBeNull()
    const other = await demo.demoDir(10)
    const session = await demo.session({ count: 10, choice: desktopWith(other) })
    expect(valueOf('store.chooseDirectory', await dispatchFor(session)('store.chooseDirectory', {}))).toMatchObject({ dataDir: path.resolve(other) })
  })
})
