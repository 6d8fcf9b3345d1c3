import { describe, expect, it } from 'vitest'
import type { ApiEvent } from '../../../src/shared/api.contract.ts'
import { MeridianError } from '../../../src/shared/errors.ts'
import { StoreMemory } from '../../../src/main/api/store-memory.ts'
import { useDemoSessions } from './demo-sessions.ts'
import path from 'node:path'

const demo = useDemoSessions()

async function failureOf(promise: Promise<unknown>): Promise<MeridianError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught
  )
  expect(error).toBeInstanceOf(MeridianError)
  return error as MeridianError
}

describe('store.counts, the record count apart from the status', () => {
  it('answers the status with the prefixes and no count, then counts with progress and the counts so far as events', async () => {
    const session = await demo.session({ count: 300 })
    const events: ApiEvent[] = []
    session.events.subscribe((event) => events.push(event))
    const status = await session.manager.status()
    expect(status.prefixes).toEqual(expect.arrayContaining(['_schema_version', 'episode:', 'task:']))
    expect(status).not.toHaveProperty('counts')
    const counts = await session.counts()
    expect(counts.prefixes.find((group) => group.prefix === 'task:')).toEqual({ prefix: 'task:', records: 300, versions: { '1': 300 } })
    const countEvents = events.filter((event) => event.type === 'counts-progress')
    const partials = countEvents.flatMap((event) => (event.partial ? [event.partial] : []))
    expect(partials.length).toBe(status.prefixes.length)
    expect(partials.at(-1)).toEqual(counts)
    expect(countEvents.some((event) => event.progress?.phase === 'count')).toBe(true)
    // Not an operation: nothing the progress panel or the busy state hears.
    expect(events.filter((event) => event.type === 'progress')).toEqual([])
  })

  it('joins a count in flight instead of starting a second; operation.cancel leaves it running', async () => {
    const session = await demo.session({ count: 2000 })
    const first = session.counts()
    expect(session.counts()).toBe(first)
    expect(session.info().runningOperation).toBeNull()
    expect(session.cancel()).toBe(false)
    expect((await first).prefixes.find((group) => group.prefix === 'task:')?.records).toBe(2000)
    // Once it ended, the next call counts afresh.
    expect(session.counts()).not.toBe(first)
  })

  it('is stopped with CANCELLED by a write starting, which it neither delays nor blocks, and counts afresh after', async () => {
    const session = await demo.session({ count: 2000 })
    const counting = session.counts()
    const backup = session.run('backups.create', (options) => session.manager.createBackup(options), { writes: true })
    expect((await failureOf(counting)).code).toBe('CANCELLED')
    expect((await backup).records).toBeGreaterThan(2000)
    expect((await session.counts()).prefixes.find((group) => group.prefix === 'task:')?.records).toBe(2000)
  })

  it('is stopped by closing the store, and answers NO_STORE_OPEN while none is open', async () => {
    const root = await demo.root()
    const session = await demo.session({ count: 2000, choice: { recent: await StoreMemory.load(path.join(root, 'recent.json')) } })
    const counting = session.counts()
    await session.closeStore()
    expect((await failureOf(counting)).code).toBe('CANCELLED')
    expect((await failureOf((async () => session.counts())())).code).toBe('NO_STORE_OPEN')
  })
})
