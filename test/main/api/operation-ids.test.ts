import { describe, expect, it } from 'vitest'
import { createApiHandlers } from '../../../src/main/api/api.handlers.ts'
import { type AnyApiResult, createDispatch } from '../../../src/main/api/dispatch.ts'
import { type ApiEvent, apiResultSchema, type RunningOperationInfo } from '../../../src/shared/api.contract.ts'
import { useDemoSessions } from './demo-sessions.ts'

const demo = useDemoSessions()

function okValue<T>(method: 'store.info' | 'operation.cancel', result: AnyApiResult): T {
  expect(apiResultSchema(method).safeParse(result).success, JSON.stringify(result)).toBe(true)
  expect(result.ok).toBe(true)
  return (result as unknown as { value: T }).value
}

describe('long operations have ids a reloaded page re-attaches by', () => {
  it('names the run in store.info with its id, says "started here" only to the client that started it, and cancels by that id alone', async () => {
    const session = await demo.session({ count: 2_000 })
    const dispatch = createDispatch(createApiHandlers(session))
    const events: ApiEvent[] = []
    let during: { mine: RunningOperationInfo | null; other: RunningOperationInfo | null; anonymous: RunningOperationInfo | null } | null = null
    let cancels: Promise<[AnyApiResult, AnyApiResult]> | null = null
    session.events.subscribe((event) => {
      events.push(event)
      if (cancels || event.type !== 'progress' || event.event.phase !== 'migrate') return
      const info = (clientId?: string) =>
        dispatch('store.info', {}, clientId ? { clientId } : {}).then(
          (result) => okValue<{ operation: RunningOperationInfo | null }>('store.info', result).operation
        )
      cancels = (async () => {
        during = { mine: await info('page-one-1234'), other: await info('page-two-5678'), anonymous: await info() }
        const wrong = await dispatch('operation.cancel', { id: 'op-not-this-one' })
        return [wrong, await dispatch('operation.cancel', { id: during.mine?.id ?? '' })]
      })()
    })

    const migration = await dispatch('migration.run', {}, { clientId: 'page-one-1234' })
    expect(migration).toMatchObject({ ok: false, error: { code: 'CANCELLED' } })
    const [wrong, right] = await (cancels as unknown as Promise<[AnyApiResult, AnyApiResult]>)
    expect(okValue('operation.cancel', wrong)).toEqual({ cancelled: false })
    expect(okValue('operation.cancel', right)).toEqual({ cancelled: true })

    const seen = during as unknown as { mine: RunningOperationInfo; other: RunningOperationInfo; anonymous: RunningOperationInfo }
    expect(seen.mine).toMatchObject({ id: expect.stringMatching(/^op-/), name: 'migration.run', startedHere: true })
    expect(seen.other).toEqual({ ...seen.mine, startedHere: false })
    expect(seen.anonymous.startedHere).toBe(false)
    // Every progress event of the run carries its id.
    const progress = events.filter((event) => event.type === 'progress')
    expect(progress.length).toBeGreaterThan(0)
    expect(progress.every((event) => event.operationId === seen.mine.id)).toBe(true)
    // Once over, nothing runs; the next run has an id of its own.
    expect(okValue<{ operation: unknown }>('store.info', await dispatch('store.info', {})).operation).toBeNull()
    const backup = dispatch('backups.create', {}, { clientId: 'page-one-1234' })
    const next = okValue<{ operation: RunningOperationInfo | null }>('store.info', await dispatch('store.info', {}, { clientId: 'page-one-1234' })).operation
    expect(next).toMatchObject({ name: 'backups.create', startedHere: true })
    expect(next?.id).not.toBe(seen.mine.id)
    expect((await backup).ok).toBe(true)
  })
})
