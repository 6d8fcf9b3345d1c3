import { expect, it } from 'vitest'
import type { ProgressEvent } from '../../../../src/shared/progress.ts'
import { recordVersion } from '../../../../src/shared/record-version.ts'
import type { StoreCounts } from '../../../../src/shared/store-status.ts'
import { listKeyGroups } from '../../../../src/main/engine/store/key-groups.ts'
import { countRecords, keyPrefixOf } from '../../../../src/main/engine/store/store-counts.ts'
import type { Db } from '../../../../src/main/engine/store/store.ts'
import { scanBatches } from '../../../../src/main/engine/store/store-scan.ts'
import { describeEachStoreKind } from '../../../helpers/store-kinds.ts'
import { putAll, rejectionOf, useTempStores } from '../../../helpers/temp-store.ts'
import { taskV1 } from '../../../helpers/tasks.ts'

/** The plain way: every key read with its value and grouped one by one (what status did before it sought). */
async function countByReadingEverything(db: Db, versioned: readonly string[]): Promise<StoreCounts> {
  const groups = new Map<string, { records: number; versions: Map<string, number> | null }>()
  let keys = 0
  for await (const batch of scanBatches(db)) {
    for (const [key, value] of batch) {
      keys++
      const prefix = keyPrefixOf(key.toString('utf8'))
      const group = groups.get(prefix) ?? { records: 0, versions: versioned.includes(prefix) ? new Map<string, number>() : null }
      groups.set(prefix, group)
      group.records++
      if (!group.versions) continue
      let label = 'invalid'
      try {
        const record: unknown = JSON.parse(value.toString('utf8'))
        const version = typeof record === 'object' && record !== null && !Array.isArray(record) ? recordVersion(record) : null
        label = version === null ? 'invalid' : String(version)
      } catch {
        // stays invalid
      }
      group.versions.set(label, (group.versions.get(label) ?? 0) + 1)
    }
  }
  return {
    keys,
    prefixes: [...groups.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([prefix, g]) => ({ prefix, records: g.records, versions: g.versions ? Object.fromEntries([...g.versions.entries()].sort()) : null }))
  }
}

/** Keys at every edge of the grouping: names that are whole keys, one the prefix of another, binary and non-UTF-8 keys. */
const EDGE_KEYS: Array<[string | Buffer, string]> = [
  ['_schema_version', '2'],
  ['_schema_version2', '"not ours"'],
  ['_schema_versioo', '"after the range"'],
  ['_migration_history', '{"migrations":[]}'],
  ['_backup_20240101_120000', '{}'],
  ['_backup_20240101_120000:task:a', '{}'],
  ['episode:e1', '{}'],
  ['idx_status:done:t1', '1'],
  ['idx_status:todo:t2', '1'],
  ['idx_statusx', '1'],
  ['task:t1', JSON.stringify(taskV1({ id: 't1' }))],
  ['task:t2', JSON.stringify({ ...taskV1({ id: 't2' }), schema_version: 2 })],
  ['task:t3', '{not json'],
  ['task:t4', '[1,2]'],
  ['task;', 'just past task:'],
  ['/*ns\0*db\0a', 'binary'],
  ['/*ns\0*db\0b', 'binary'],
  [Buffer.from([0x74, 0xc3, 0x28, 0x01]), 'not UTF-8 after the name'],
  [Buffer.from([0x74, 0xc3, 0x28, 0x02]), 'not UTF-8 after the name'],
  [Buffer.from([0xff, 0xff]), 'the last bytes there are'],
  [Buffer.from([0xff, 0xff, 0x00]), 'past the last bytes'],
  ['', 'the empty key']
]

describeEachStoreKind((kind) => {
  const temp = useTempStores(kind)

  it('lists the key groups by seeking, in key order, each whole key that is a name its own group', async () => {
    const store = await temp.newStore()
    await putAll(store.db, EDGE_KEYS)
    const { groups, restFrom } = await listKeyGroups(store.db)
    expect(restFrom).toBeNull()
    const prefixes = groups.map((group) => group.prefix)
    expect(prefixes).toEqual(
      expect.arrayContaining(['_schema_version', '_schema_version2', '_schema_versioo', 'task:', 'task;', 'idx_status:', 'idx_statusx', '/'])
    )
    // Every key belongs to exactly one listed group, as a full read groups it.
    const expected = (await countByReadingEverything(store.db, [])).prefixes.map((group) => group.prefix)
    expect([...new Set(prefixes)].sort()).toEqual(expected)
  })

  it('counts exactly what reading every key and value counts, on keys at every edge of the grouping', async () => {
    const store = await temp.newStore()
    await putAll(store.db, EDGE_KEYS)
    expect(await countRecords(store.db, ['task:'])).toEqual(await countByReadingEverything(store.db, ['task:']))
    expect((await countRecords(store.db, ['task:'])).prefixes.find((group) => group.prefix === 'task:')).toEqual({
      prefix: 'task:',
      records: 4,
      versions: { '1': 1, '2': 1, invalid: 2 }
    })
  })

  it('lists at most the limit of groups and says where the rest starts; the count still covers every key', async () => {
    const store = await temp.newStore()
    // A foreign store whose every key is a name of its own: a group per key.
    await putAll(
      store.db,
      Array.from({ length: 30 }, (_, i) => [`name${String(i).padStart(2, '0')}`, '{}'] as [string, string])
    )
    const { groups, restFrom } = await listKeyGroups(store.db, 10)
    expect(groups.map((group) => group.prefix)).toEqual(Array.from({ length: 10 }, (_, i) => `name${String(i).padStart(2, '0')}`))
    expect(restFrom?.toString('utf8')).toBe('name09\0')
    const counts = await countRecords(store.db, [])
    expect(counts.keys).toBe(30)
    expect(counts.prefixes).toHaveLength(30)
  })

  it('fills the counts in a group at a time and reports its progress in keys, ending at every key counted', async () => {
    const store = await temp.newStore()
    const tasks = Array.from({ length: 1500 }, (_, i) => [`task:${String(i).padStart(4, '0')}`, taskV1({ id: String(i) })] as [string, object])
    const index = Array.from({ length: 6000 }, (_, i) => [`idx_status:todo:${String(i).padStart(4, '0')}`, '1'] as [string, string])
    await putAll(store.db, [...tasks, ...index, ['_schema_version', '1']])
    const partials: StoreCounts[] = []
    const events: ProgressEvent[] = []
    const counts = await countRecords(store.db, ['task:'], { onPartial: (partial) => partials.push(partial), onProgress: (event) => events.push(event) })
    expect(partials.map((partial) => partial.prefixes.map((group) => group.prefix))).toEqual([
      ['_schema_version'],
      ['_schema_version', 'idx_status:'],
      ['_schema_version', 'idx_status:', 'task:']
    ])
    expect(partials.map((partial) => partial.keys)).toEqual([1, 6001, 7501])
    expect(partials.at(-1)).toEqual(counts)
    expect(events.every((event) => event.phase === 'count')).toBe(true)
    expect(events.at(-1)).toMatchObject({ done: 7501, total: 7501 })
  })

  it('stops with CANCELLED when its signal is aborted midway, not counting the groups after', async () => {
    const store = await temp.newStore()
    await putAll(store.db, [
      ['_schema_version', '1'],
      ...Array.from({ length: 3000 }, (_, i) => [`task:${String(i).padStart(4, '0')}`, taskV1({ id: String(i) })] as [string, object])
    ])
    const controller = new AbortController()
    const partials: StoreCounts[] = []
    const failure = await rejectionOf(
      countRecords(store.db, ['task:'], {
        signal: controller.signal,
        onPartial: (partial) => {
          partials.push(partial)
          controller.abort()
        }
      })
    )
    expect(failure).toMatchObject({ code: 'CANCELLED' })
    expect(partials.map((partial) => partial.keys)).toEqual([1])
  })
})
