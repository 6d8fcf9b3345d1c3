import { describe, expect, it } from 'vitest'
import { BatchWriter, WRITE_BATCH_OPS } from '../../../../src/main/engine/store/batch-writer.ts'
import { scanBatches } from '../../../../src/main/engine/store/store-scan.ts'
import { rejectionOf, snapshotDb, useTempStores } from '../../../helpers/temp-store.ts'

const stores = useTempStores()
const key = (i: number): Buffer => Buffer.from(`k:${String(i).padStart(6, '0')}`)

describe('BatchWriter, with one batch in flight while the next fills', () => {
  it('writes every put, later puts of a key winning, once flush resolves', async () => {
    const store = await stores.newStore()
    const writer = new BatchWriter(store.db)
    const n = WRITE_BATCH_OPS * 3 + 17
    for (let i = 0; i < n; i++) await writer.put(key(i), Buffer.from(`first ${i}`))
    for (let i = 0; i < n; i += 2) await writer.put(key(i), Buffer.from(`second ${i}`))
    await writer.flush()
    const snapshot = await snapshotDb(store.db)
    expect(Object.keys(snapshot)).toHaveLength(n)
    expect(Buffer.from(snapshot[key(0).toString('hex')]!, 'hex').toString()).toBe('second 0')
    expect(Buffer.from(snapshot[key(1).toString('hex')]!, 'hex').toString()).toBe('first 1')
  })

  it('reports a batch that failed in flight from the next flush, not as an unhandled rejection', async () => {
    const store = await stores.newStore()
    const writer = new BatchWriter(store.db)
    await store.db.close()
    for (let i = 0; i < WRITE_BATCH_OPS; i++) await writer.put(key(i), Buffer.from('v'))
    const error = await rejectionOf(writer.flush())
    expect(String(error.code ?? error.message)).toMatch(/NOT_OPEN|not open/i)
  })

  it('settle waits for the batch in flight and swallows its error, for cleanup paths', async () => {
    const store = await stores.newStore()
    const writer = new BatchWriter(store.db)
    for (let i = 0; i < WRITE_BATCH_OPS; i++) await writer.put(key(i), Buffer.from('v'))
    await writer.settle()
    expect(Object.keys(await snapshotDb(store.db))).toHaveLength(WRITE_BATCH_OPS)
  })
})

describe('scanBatches, reading one batch ahead', () => {
  it('yields every entry once, in key order', async () => {
    const store = await stores.newStore()
    const writer = new BatchWriter(store.db)
    for (let i = 2500; i-- > 0;) await writer.put(key(i), Buffer.from(String(i)))
    await writer.flush()
    const seen: string[] = []
    for await (const batch of scanBatches(store.db, { batchSize: 1000 })) seen.push(...batch.map(([k]) => k.toString()))
    expect(seen).toEqual(Array.from({ length: 2500 }, (_, i) => key(i).toString()))
  })

  it('closes cleanly when the caller stops early with a read still in flight', async () => {
    const store = await stores.newStore()
    const writer = new BatchWriter(store.db)
    for (let i = 0; i < 3000; i++) await writer.put(key(i), Buffer.from('v'))
    await writer.flush()
    for await (const batch of scanBatches(store.db, { batchSize: 1000 })) {
      expect(batch).toHaveLength(1000)
      break
    }
    await store.close()
    expect(store.db.status).toBe('closed')
  })
})

describe('scanBatches when a read ahead fails', () => {
  it('throws the read-ahead’s error where the batch is awaited, not as an unhandled rejection', async () => {
    const store = await stores.newStore()
    const writer = new BatchWriter(store.db)
    for (let i = 0; i < 3000; i++) await writer.put(key(i), Buffer.from('v'))
    await writer.flush()
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    try {
      const scan = scanBatches(store.db, { batchSize: 1000 })
      const first = await scan.next()
      expect(first.done).toBe(false)
      await store.db.close() // the read already in flight, or the next one, now fails
      // The batch read ahead before the close still arrives; the read started after it fails while this test
      // sleeps, and must surface from the next call.
      expect((await scan.next()).done).toBe(false)
      await new Promise((resolve) => setTimeout(resolve, 50))
      const error = await rejectionOf(scan.next())
      expect(error).toBeInstanceOf(Error)
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(unhandled).toEqual([])
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
  })
})
