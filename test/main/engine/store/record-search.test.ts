import { describe, expect, it } from 'vitest'
import { searchRecords } from '../../../../src/main/engine/store/record-search.ts'
import type { MeridianStore } from '../../../../src/main/engine/store/store.ts'
import { rejectionOf, useTempStores } from '../../../helpers/temp-store.ts'

const temp = useTempStores()

const key = (n: number): string => `task:${String(n).padStart(4, '0')}`

/** task:0000 … task:(n-1), every tenth one v2, task:0013 not JSON; a few keys of other prefixes on either side. */
async function storeOf(count: number): Promise<MeridianStore> {
  const store = await temp.newStore()
  const ops = Array.from({ length: count }, (_, n) => {
    const value =
      n === 13
        ? '{"title": '
        : JSON.stringify({ id: String(n), title: n === 7 ? 'Needle in the hay' : `Task ${n}`, ...(n % 10 === 0 ? { schema_version: 2 } : {}) })
    return { type: 'put' as const, key: Buffer.from(key(n)), value: Buffer.from(value) }
  })
  for (const other of ['episode:1', 'idx:1', 'zeta:1']) ops.push({ type: 'put', key: Buffer.from(other), value: Buffer.from('{}') })
  await store.db.batch(ops)
  return store
}

const keysOf = (page: { records: Array<{ key: string }> }): string[] => page.records.map((record) => record.key)

describe('searching the store for records', () => {
  it('jumps to the first key at or after the one typed, and pages on and back from there by cursor', async () => {
    const store = await storeOf(200)
    const page = await searchRecords(store.db, { prefix: 'task:', from: 'task:0042x', limit: 5 })
    expect(keysOf(page)).toEqual([key(43), key(44), key(45), key(46), key(47)])
    expect(page.previousBefore).toBe(key(43))
    expect(page.nextAfter).toBe(key(47))

    const back = await searchRecords(store.db, { prefix: 'task:', before: page.previousBefore ?? '', limit: 5 })
    expect(keysOf(back)).toEqual([key(38), key(39), key(40), key(41), key(42)])
    const onAgain = await searchRecords(store.db, { prefix: 'task:', after: back.nextAfter ?? '', limit: 5 })
    expect(keysOf(onAgain)).toEqual(keysOf(page))

    // The first page has nothing before it; the last nothing after.
    const first = await searchRecords(store.db, { prefix: 'task:', before: key(3), limit: 5 })
    expect(keysOf(first)).toEqual([key(0), key(1), key(2)])
    expect(first.previousBefore).toBeNull()
    const last = await searchRecords(store.db, { prefix: 'task:', from: key(198), limit: 5 })
    expect(keysOf(last)).toEqual([key(198), key(199)])
    expect(last.nextAfter).toBeNull()
  })

  it('keeps a jump inside the prefix: before it lands on the first record, past it on an empty page with Previous', async () => {
    const store = await storeOf(30)
    expect(keysOf(await searchRecords(store.db, { prefix: 'task:', from: 'a', limit: 2 }))).toEqual([key(0), key(1)])
    const past = await searchRecords(store.db, { prefix: 'task:', from: 'task:zzz', limit: 2 })
    expect(past.records).toEqual([])
    expect(past.previousBefore).toBe('task:zzz')
    expect(keysOf(await searchRecords(store.db, { prefix: 'task:', before: 'task:zzz', limit: 2 }))).toEqual([key(28), key(29)])
  })

  it('filters by key substring, value substring (either case), version and "invalid"', async () => {
    const store = await storeOf(200)
    expect(keysOf(await searchRecords(store.db, { prefix: 'task:', keyContains: '019', limit: 10 }))).toEqual([
      key(19),
      key(190),
      key(191),
      key(192),
      key(193),
      key(194),
      key(195),
      key(196),
      key(197),
      key(198)
    ])
    expect(keysOf(await searchRecords(store.db, { prefix: 'task:', valueContains: 'NEEDLE', limit: 10 }))).toEqual([key(7)])
    const v2 = await searchRecords(store.db, { prefix: 'task:', version: 2, limit: 3 })
    expect(keysOf(v2)).toEqual([key(0), key(10), key(20)])
    expect(v2.nextAfter).toBe(key(20))
    expect(keysOf(await searchRecords(store.db, { prefix: 'task:', version: 'invalid', limit: 10 }))).toEqual([key(13)])
    expect(keysOf(await searchRecords(store.db, { prefix: 'task:', version: 1, keyContains: '001', limit: 3 }))).toEqual([key(1), key(11), key(12)])
  })

  it('stops a filter that finds too little after its scan limit, says so, and goes on from where it stopped', async () => {
    const store = await storeOf(1_000)
    const page = await searchRecords(store.db, { prefix: 'task:', valueContains: 'no such text', limit: 5, scanLimit: 300 })
    expect(page).toMatchObject({ records: [], scanned: 300, scanStopped: true, nextAfter: key(299) })
    const on = await searchRecords(store.db, { prefix: 'task:', valueContains: 'task 950', after: page.nextAfter ?? '', limit: 5, scanLimit: 300 })
    expect(on).toMatchObject({ records: [], scanned: 300, scanStopped: true, nextAfter: key(599) })
    const found = await searchRecords(store.db, { prefix: 'task:', valueContains: 'task 950', from: key(900), limit: 5, scanLimit: 300 })
    expect(keysOf(found)).toEqual([key(950)])
    expect(found.scanStopped).toBe(false)
    expect(found.scanned).toBe(100)
  })

  it('is cancelled by its signal, and refuses two cursors or an `after` outside the prefix', async () => {
    const store = await storeOf(50)
    const controller = new AbortController()
    controller.abort()
    expect((await rejectionOf(searchRecords(store.db, { prefix: 'task:', keyContains: 'x', limit: 5, signal: controller.signal }))).code).toBe('CANCELLED')
    expect((await rejectionOf(searchRecords(store.db, { prefix: 'task:', after: key(1), from: key(2), limit: 5 }))).code).toBe('INVALID_INPUT')
    expect((await rejectionOf(searchRecords(store.db, { prefix: 'task:', after: 'episode:1', limit: 5 }))).message).toMatch(/not under the prefix "task:"/)
  })
})
