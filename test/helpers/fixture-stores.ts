import type { MeridianStore } from '../../src/main/engine/store/store.ts'
import { writeForeignEntries } from './foreign-keys.ts'
import { putAll } from './temp-store.ts'
import { manyV1Tasks, taskV1, taskV2, taskV3, type Json } from './tasks.ts'

/** A v1 store: `count` v1 tasks (half without schema_version), `_schema_version` 1, plus the foreign keys. */
export async function seedV1Store(store: MeridianStore, count: number, options: { foreign?: boolean } = {}): Promise<void> {
  await putAll(store.db, [...manyV1Tasks(count), ['_schema_version', '1']])
  if (options.foreign !== false) await writeForeignEntries(store)
}

/** The records of the hand-written mixed store, by key, with the version each starts at. */
export const MIXED_RECORDS: ReadonlyArray<readonly [string, Json, 1 | 2 | 3]> = [
  ['task:a-v1-bare', taskV1({ id: 'a' }), 1],
  ['task:b-v1-bare', taskV1({ id: 'b', spec_ref: null }), 1],
  ['task:c-v1-explicit', taskV1({ id: 'c', schema_version: 1 }), 1],
  ['task:d-v2', taskV2({ id: 'd' }), 2],
  ['task:e-v2', taskV2({ id: 'e', spec_ref: null, depends_on: ['a', 'b'] }), 2],
  ['task:f-v3', taskV3({ id: 'f' }), 3],
  ['task:g-v3', taskV3({ id: 'g', spec_refs: [] }), 3]
]

/** A store claiming v1 whose records are at v1 (with and without schema_version), v2 and v3. */
export async function seedMixedStore(store: MeridianStore): Promise<void> {
  await putAll(store.db, [...MIXED_RECORDS.map(([key, value]) => [key, value] as const), ['_schema_version', '1']])
  await writeForeignEntries(store)
}
