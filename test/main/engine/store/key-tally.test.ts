import { describe, expect, it } from 'vitest'
import { populateDemoStore } from '../../../../src/main/demo/demo-store.ts'
import { KeyTally } from '../../../../src/main/engine/store/key-tally.ts'
import { MigrationManager } from '../../../../src/main/engine/operations/migration-manager.ts'
import { countKeys, scanBatches } from '../../../../src/main/engine/store/store-scan.ts'
import { prefixRange } from '../../../../src/main/engine/store/store-keys.ts'
import type { ProgressEvent } from '../../../../src/shared/progress.ts'
import { useTempStores } from '../../../helpers/temp-store.ts'

const stores = useTempStores()

describe('KeyTally', () => {
  it('counts exactly the keys under each prefix it was asked about, across batch boundaries', async () => {
    const store = await stores.newStore()
    await populateDemoStore(store, { count: 1234, version: 1 })
    const tally = new KeyTally(['task:', 'episode:'])
    for await (const batch of scanBatches(store.db, { batchSize: 100 })) tally.observe(batch)
    expect(tally.countOf('task:')).toBe(await countKeys(store.db, prefixRange('task:')))
    expect(tally.countOf('episode:')).toBe(await countKeys(store.db, prefixRange('episode:')))
    expect(tally.countOf('session:')).toBeUndefined()
  })

  it('gives a migration’s pass its progress total from the backup that precedes it', async () => {
    const store = await stores.newStore()
    await populateDemoStore(store, { count: 700, version: 1 })
    const tasks = await countKeys(store.db, prefixRange('task:'))
    const events: ProgressEvent[] = []
    await new MigrationManager(store).migrate({ onProgress: (event) => events.push(event) })
    const migrate = events.filter((event) => event.phase === 'migrate')
    expect(migrate[0]).toMatchObject({ done: 0, total: tasks })
    expect(migrate.at(-1)).toMatchObject({ done: tasks, total: tasks })
  })
})
