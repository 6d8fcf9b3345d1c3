import { describe, expect, it } from 'vitest'
import { createApiHandlers } from '../../../src/main/api/api.handlers.ts'
import { createDispatch } from '../../../src/main/api/dispatch.ts'
import { useDemoSessions } from './demo-sessions.ts'

const demo = useDemoSessions()

describe('a session tells when a long call starts and when the last one has ended', () => {
  it('names a migration when it starts, and says null once it is over and the store is back to reading', async () => {
    const session = await demo.session({ count: 300 })
    const seen: (string | null)[] = []
    const busyDuring: (string | null)[] = []
    session.onActivityChange((busyWith) => {
      seen.push(busyWith)
      busyDuring.push(session.busyWith())
    })
    expect(session.busyWith()).toBeNull()
    const result = await createDispatch(createApiHandlers(session))('migration.run', {})
    expect(result).toMatchObject({ ok: true })
    expect(seen).toEqual(['migration.run', null])
    expect(busyDuring).toEqual(['migration.run', null])
  })

  it('ends with null for a cancelled call too, and no longer tells an unsubscribed listener', async () => {
    const session = await demo.session({ count: 300 })
    const seen: (string | null)[] = []
    const unsubscribe = session.onActivityChange((busyWith) => seen.push(busyWith))
    const running = session.run(
      'slow',
      (options) => new Promise((_resolve, reject) => options.signal?.addEventListener('abort', () => reject(new Error('aborted')))),
      { writes: false }
    )
    expect(session.busyWith()).toBe('slow')
    expect(session.cancel()).toBe(true)
    await expect(running).rejects.toThrow('aborted')
    expect(seen).toEqual(['slow', null])
    unsubscribe()
    await session.run('quick', async () => 1, { writes: false })
    expect(seen).toEqual(['slow', null])
  })
})
