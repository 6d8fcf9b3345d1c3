import { describe, expect, it, vi } from 'vitest'
import { createApiHandlers } from '../../../src/main/api/api.handlers.ts'
import { type AnyApiResult, createDispatch } from '../../../src/main/api/dispatch.ts'
import type { StoreSession } from '../../../src/main/api/store-session.ts'
import { type ApiEvent, type ApiMethod, apiResultSchema, type ApiOutput } from '../../../src/shared/api.contract.ts'
import { useDemoSessions } from './demo-sessions.ts'

const demo = useDemoSessions()

const dispatchFor = (session: StoreSession) => createDispatch(createApiHandlers(session), { log: vi.fn() })

function valueOf<M extends ApiMethod>(method: M, result: AnyApiResult): ApiOutput<M> {
  const parsed = apiResultSchema(method).safeParse(result)
  expect(parsed.success, JSON.stringify(result)).toBe(true)
  expect(result.ok, JSON.stringify(result)).toBe(true)
  return (result as unknown as { value: ApiOutput<M> }).value
}

const errorOf = (result: AnyApiResult): { code: string; message: string } => {
  expect(result.ok, JSON.stringify(result)).toBe(false)
  return (result as { error: { code: string; message: string } }).error
}

describe('backups.records and backups.compare through the contract', () => {
  it('takes a checkpoint when asked, and pages and compares it as it does an archive', async () => {
    const session = await demo.session({ count: 12 })
    const dispatch = dispatchFor(session)
    const checkpoint = valueOf('backups.create', await dispatch('backups.create', { kind: 'checkpoint' }))
    expect(checkpoint).toMatchObject({ kind: 'checkpoint', reason: 'manual', records: null })
    const first = valueOf('backups.records', await dispatch('backups.records', { id: checkpoint.id, prefix: 'task:', limit: 5 }))
    expect(first.records.map((record) => record.version)).toEqual([1, 1, 1, 1, 1])
    const rest = valueOf('backups.records', await dispatch('backups.records', { id: checkpoint.id, prefix: 'task:', after: first.nextAfter ?? '', limit: 50 }))
    expect(rest.records).toHaveLength(7)
    const comparison = valueOf('backups.compare', await dispatch('backups.compare', { id: checkpoint.id, prefix: 'task:' }))
    expect(comparison.counts).toEqual({ added: 0, removed: 0, changed: 0, unchanged: 12 })
    expect(errorOf(await dispatch('backups.create', { kind: 'zip' })).code).toBe('INVALID_INPUT')
  })

  it('pages a backup by prefix and cursor, and refuses bad input naming the field', async () => {
    const session = await demo.session({ count: 12 })
    const dispatch = dispatchFor(session)
    const { id } = valueOf('backups.create', await dispatch('backups.create', {}))
    const first = valueOf('backups.records', await dispatch('backups.records', { id, prefix: 'task:', limit: 5 }))
    expect(first.records.map((record) => record.version)).toEqual([1, 1, 1, 1, 1])
    const rest = valueOf('backups.records', await dispatch('backups.records', { id, prefix: 'task:', after: first.nextAfter ?? '', limit: 50 }))
    expect(rest.records).toHaveLength(7)
    expect(rest.nextAfter).toBeNull()

    expect(errorOf(await dispatch('backups.records', { id, prefix: 'task:', limit: 500 })).message).toMatch(/limit/)
    expect(errorOf(await dispatch('backups.records', { id: '../x', prefix: '' })).message).toMatch(/^Invalid input for backups.records: id:/)
    expect(errorOf(await dispatch('backups.compare', { id, prefix: 'task:', extra: 1 })).code).toBe('INVALID_INPUT')
    expect(errorOf(await dispatch('backups.records', { id: 'backup_20000101_000000', prefix: '' })).code).toBe('BACKUP_NOT_FOUND')
  })

  it('compares with progress events named backups.compare and no store-changed, since it writes nothing', async () => {
    const session = await demo.session({ count: 300 })
    const dispatch = dispatchFor(session)
    const { backupId } = valueOf('migration.run', await dispatch('migration.run', {}))
    const events: ApiEvent[] = []
    session.events.subscribe((event) => events.push(event))
    const result = valueOf('backups.compare', await dispatch('backups.compare', { id: backupId ?? '', prefix: 'task:' }))
    expect(result.counts).toEqual({ added: 0, removed: 0, changed: 300, unchanged: 0 })
    expect(result.changed).toHaveLength(20)
    expect(events.length).toBeGreaterThan(0)
    expect(events.every((event) => event.type === 'progress' && event.operation === 'backups.compare' && event.event.phase === 'compare')).toBe(true)
  })

  it('is cancelled by operation.cancel with CANCELLED', async () => {
    const session = await demo.session({ count: 3000 })
    const dispatch = dispatchFor(session)
    const { id } = valueOf('backups.create', await dispatch('backups.create', {}))
    let cancel: Promise<AnyApiResult> | undefined
    session.events.subscribe((event) => {
      if (!cancel && event.type === 'progress' && event.operation === 'backups.compare') cancel = dispatch('operation.cancel', {})
    })
    expect(errorOf(await dispatch('backups.compare', { id })).code).toBe('CANCELLED')
    expect(valueOf('operation.cancel', await (cancel as Promise<AnyApiResult>))).toEqual({ cancelled: true })
  })
})
