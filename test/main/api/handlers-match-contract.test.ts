import { readFile, writeFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { createApiHandlers } from '../../../src/main/api/api.handlers.ts'
import type { StoreChoice, StoreSession } from '../../../src/main/api/store-session.ts'
import { apiContract, apiMethods, type ApiInput, type ApiMethod, type ApiOutput } from '../../../src/shared/api.contract.ts'
import { writeInStoreBackup } from '../../helpers/in-store-backups.ts'
import { putRaw } from '../../helpers/temp-store.ts'
import { useDemoSessions } from './demo-sessions.ts'

const demo = useDemoSessions()
const IN_STORE_ID = '_backup_20240101_120000'

/** A desktop whose folder picker answers `choice`, so store.open and store.chooseDirectory are served too. */
function desktopChoosing(choice: () => string | null): StoreChoice {
  const remembered: string[] = []
  return {
    chooseDirectory: async () => choice(),
    recent: {
      list: () => remembered,
      remember: async (dir) => {
        remembered.unshift(dir)
      }
    }
  }
}

/**
 * Calls handlers as a transport does (the input parsed by the contract) and checks each answer, as it crosses
 * JSON, against the call's output schema: it parses, and it carries nothing the contract does not declare.
 */
function contractCaller(session: StoreSession) {
  const handlers = createApiHandlers(session)
  const checked = new Set<ApiMethod>()
  async function call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
    const handler = handlers[method] as (input: unknown) => Promise<unknown>
    const value = await handler(apiContract[method].input.parse(input))
    const wire: unknown = value === undefined ? undefined : JSON.parse(JSON.stringify(value))
    const parsed = apiContract[method].output.safeParse(wire)
    expect(parsed.success, `${method}: ${parsed.error?.message ?? ''}`).toBe(true)
    expect(parsed.data, `${method} answers only what the contract declares`).toEqual(wire)
    checked.add(method)
    return parsed.data as ApiOutput<M>
  }
  return { call, checked }
}

describe("every API handler's answer, against the contract", () => {
  it('matches its output schema for every call, on a real store taken through a whole session', async () => {
    const other = await demo.demoDir(10, 2)
    let choice: string | null = null
    const session = await demo.session({ count: 30, choice: desktopChoosing(() => choice) })
    await writeInStoreBackup(session.store, IN_STORE_ID)
    await session.store.endWrite()
    const first = session.store.dataDir
    const { call, checked } = contractCaller(session)

    await call('store.info', {})
    await call('store.status', {})
    await call('store.counts', {})
    const page = await call('store.records', { prefix: 'task:', limit: 5 })
    const key = page.records[0]?.key ?? 'task:missing'
    expect(await call('records.check', { key })).toMatchObject({ status: 'valid' })
    expect(await call('records.checkValue', { key, value: '{"oops"' })).toMatchObject({ status: 'invalid' })
    // One invalid record, set aside, fixed in its archive (a valid task's text) and put back.
    await call('records.put', { key: 'task:zz-set-aside', value: '{"note":"not a task"}', force: true })
    await call('records.findInvalid', {})
    const { archive } = await call('records.setAside', {})
    const [listed] = await call('records.listSetAside', {})
    expect(listed).toMatchObject({ path: archive, keys: ['task:zz-set-aside'], inStore: 0, problem: null })
    const lines = (await readFile(archive!, 'utf8')).trimEnd().split('\n')
    const fixed = { ...(JSON.parse(lines[1]!) as object), value: (await session.store.getText(key))! }
    await writeFile(archive!, `${[lines[0], JSON.stringify(fixed)].join('\n')}\n`)
    expect(await call('records.restoreSetAside', { name: listed!.name })).toMatchObject({ restored: 1 })
    await call('history.list', {})
    expect(await call('migration.plan', {})).toMatchObject({ from: 1, to: 2 })
    await call('migration.dryRun', {})
    const backup = await call('backups.create', {})
    await call('backups.list', {})
    const checkpoint = await call('backups.create', { kind: 'checkpoint' })
    expect(await call('backups.archive', { id: checkpoint.id })).toMatchObject({ kind: 'archive', reason: 'manual' })
    await call('backups.verify', { id: backup.id })
    await call('backups.records', { id: backup.id, prefix: 'task:', limit: 5 })
    await call('backups.compare', { id: backup.id })
    await call('backups.listInStore', {})
    const exported = await call('backups.exportInStore', { id: IN_STORE_ID })
    expect(await call('migration.run', {})).toMatchObject({ status: 'migrated', from: 1, to: 2 })
    expect(await call('history.list', {})).toHaveLength(4) // the three repairs above, then the migration
    expect(await call('migration.plan', {})).toEqual({ from: 2, to: 2, steps: [] })
    await call('backups.compare', { id: backup.id, prefix: 'task:' })
    await call('backups.restore', { id: backup.id })
    await call('records.put', { key: 'task:zz-repaired', value: '{"note":"not a task"}', force: true })
    await call('records.delete', { key: 'task:zz-repaired' })
    await call('backups.prune', { dryRun: true })
    await call('backups.delete', { id: exported.id })
    await call('backups.prune', { keep: 100 })
    await call('backups.removeInStore', { all: true })
    await call('operation.cancel', {})
    expect(await call('backups.stopArchive', {})).toEqual({ stopped: false })
    expect(await call('store.chooseDirectory', {})).toBeNull()
    choice = other
    expect(await call('store.chooseDirectory', {})).toMatchObject({ dataDir: other })
    expect(await call('store.open', { dataDir: first })).toMatchObject({ dataDir: first, access: 'read' })
    expect(await call('store.close', {})).toMatchObject({ dataDir: null, backupDir: null, access: null, recentStores: [first, other] })
    expect(await call('store.info', {})).toMatchObject({ dataDir: null })
    expect(await call('store.open', { dataDir: first })).toMatchObject({ dataDir: first })

    expect(apiMethods.filter((method) => !checked.has(method))).toEqual([])
  })

  it('gives a record with no version by the shared rule a null version, in the store and in its backup', async () => {
    const session = await demo.session({ count: 5 })
    await session.store.beginWrite()
    for (const [key, version] of [
      ['task:zz-half', 2.5],
      ['task:zz-huge', 1e300],
      ['task:zz-text', '2'],
      ['task:zz-zero', 0]
    ] as const) {
      await putRaw(session.store.db, key, { id: key, schema_version: version })
    }
    await session.store.endWrite()
    const { call } = contractCaller(session)

    const page = await call('store.records', { prefix: 'task:zz-', limit: 10 })
    expect(page.records.map((record) => record.version)).toEqual([null, null, null, null])
    const backup = await call('backups.create', {})
    expect((await call('backups.records', { id: backup.id, prefix: 'task:zz-', limit: 10 })).records).toEqual(page.records)
    expect((await call('store.counts', {})).prefixes.find((group) => group.prefix === 'task:')?.versions).toMatchObject({ invalid: 4 })
  })
})
