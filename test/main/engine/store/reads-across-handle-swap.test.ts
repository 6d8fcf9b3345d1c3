import { describe, expect, it } from 'vitest'
import { countRecords } from '../../../../src/main/engine/store/store-counts.ts'
import { putAll, useTempStores } from '../../../helpers/temp-store.ts'

const stores = useTempStores()

/** A promise and the function that settles it: the read below waits on it, so the swap happens mid-read. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = (): void => undefined
  const opened = new Promise<void>((resolve) => (open = resolve))
  return { opened, open }
}

/** A store of `count` tasks, written and closed, then opened for reading as the app opens one. */
async function storeOfTasks(count: number) {
  const created = await stores.newStore()
  await putAll(
    created.db,
    Array.from({ length: count }, (_, i) => [`task:${String(i).padStart(4, '0')}`, { id: i }] as const)
  )
  const dataDir = created.dataDir
  await created.close()
  return { dataDir, store: await stores.open(dataDir) }
}

describe('a read that began before the store swapped its handle', () => {
  it('finishes on the write handle it began on: going back to a snapshot waits for it before closing that handle', async () => {
    const { store } = await storeOfTasks(500)
    await store.beginWrite()

    const released = gate()
    const read = store.reading(async () => {
      const db = store.db // the write handle, as a status asked during a migration holds it
      await released.opened
      return countRecords(db, ['task:'])
    })
    let ended = false
    const backToReading = store.endWrite().then(() => (ended = true))
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(ended).toBe(false) // the write handle stays open while the read runs on it
    released.open()

    const counts = await read
    await backToReading
    expect(counts.keys).toBe(500)
    expect(store.access).toBe('read')
  })

  it('finishes on the snapshot it began on when another process wrote the store and a fresh snapshot replaced it', async () => {
    const { dataDir, store } = await storeOfTasks(200)
    const released = gate()
    // `store.db` is asked for only after the swaps: inside a read it is still the handle the read began on.
    const read = store.reading(async () => {
      await released.opened
      return countRecords(store.db, ['task:'])
    })

    const other = await stores.open(dataDir, { access: 'write' })
    await putAll(other.db, [['task:9999', { id: 9999 }]])
    await other.close()
    expect(await store.refreshSnapshot()).toBe(true)
    // A second write and swap: the handle between the two has no read of its own and is closed.
    const again = await stores.open(dataDir, { access: 'write' })
    await putAll(again.db, [['task:9998', { id: 9998 }]])
    await again.close()
    expect(await store.refreshSnapshot()).toBe(true)
    released.open()

    expect((await read).keys).toBe(200) // the store as that snapshot held it
    expect((await store.reading(() => countRecords(store.db, ['task:']))).keys).toBe(202)
  })
})
