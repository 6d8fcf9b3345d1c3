import { describe, expect, it } from 'vitest'
import { createApiHandlers } from '../../../src/main/api/api.handlers.ts'
import { type AnyApiResult, createDispatch } from '../../../src/main/api/dispatch.ts'
import { type ApiEvent, apiEventSchema } from '../../../src/shared/api.contract.ts'
import { useDemoSessions } from './demo-sessions.ts'

const demo = useDemoSessions()

describe('a long call past its commit', () => {
  it('says so with a committed event carrying its id, after its last progress; a cancel then is refused and the run succeeds', async () => {
    const session = await demo.session({ count: 2_000 })
    const dispatch = createDispatch(createApiHandlers(session))
    const events: ApiEvent[] = []
    let cancelAtCommit: Promise<AnyApiResult> | null = null
    session.events.subscribe((event) => {
      events.push(event)
      if (event.type === 'committed') cancelAtCommit = dispatch('operation.cancel', { id: event.operationId })
    })

    const migration = await dispatch('migration.run', {})

    expect(migration).toMatchObject({ ok: true, value: { status: 'migrated' } })
    const committed = events.filter((event) => event.type === 'committed')
    expect(committed).toHaveLength(1)
    expect(apiEventSchema.safeParse(committed[0]).success).toBe(true)
    const progressIds = new Set(events.flatMap((event) => (event.type === 'progress' ? [event.operationId] : [])))
    expect([...progressIds]).toEqual([committed[0]?.type === 'committed' ? committed[0].operationId : 'none'])
    expect(events.findIndex((event) => event.type === 'committed')).toBeGreaterThan(events.findLastIndex((event) => event.type === 'progress'))
    expect(await (cancelAtCommit as unknown as Promise<AnyApiResult>)).toEqual({ ok: true, value: { cancelled: false } })
    const history = await dispatch('history.list', {})
    expect(history).toMatchObject({ ok: true })
    expect((history as unknown as { value: Array<{ status: string }> }).value.at(-1)?.status).toBe('success')
  })

  it('is not said by a call that writes no commit (a backup)', async () => {
    const session = await demo.session({ count: 200 })
    const dispatch = createDispatch(createApiHandlers(session))
    const events: ApiEvent[] = []
    session.events.subscribe((event) => events.push(event))
    expect((await dispatch('backups.create', {})).ok).toBe(true)
    expect(events.some((event) => event.type === 'committed')).toBe(false)
  })
})
