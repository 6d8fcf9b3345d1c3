import { describe, expect, it } from 'vitest'
import { MeridianError } from '../../src/shared/errors.ts'
import { recordVersion, recordVersionSchema } from '../../src/shared/record-version.ts'
import { describeRecord } from '../../src/main/engine/store/record-browser.ts'
import { countRecords } from '../../src/main/engine/store/store-counts.ts'
import { recordVersion as migratorVersion } from '../../src/main/engine/migration/record-migrator.ts'
import { putRaw, useTempStores } from '../helpers/temp-store.ts'

const stores = useTempStores()

/** The `schema_version` texts that are no version, and the ones that are (absent counts as v1). */
const noVersion = ['2.5', '0', '-1', '"2"', 'null', '1e300', String(2 ** 53)]
const versions: Array<[string | undefined, number]> = [
  [undefined, 1],
  ['1', 1],
  ['2', 2],
  ['7', 7]
]

const recordText = (version: string | undefined): string => (version === undefined ? '{"id":"a"}' : `{"id":"a","schema_version":${version}}`)

/** What the migrator makes of the record: its version, or null when it refuses it as having none. */
function migratorAnswer(text: string): number | null {
  try {
    return migratorVersion('task:a', JSON.parse(text) as Record<string, unknown>)
  } catch (error) {
    if (error instanceof MeridianError && error.code === 'MIGRATION_FAILED') return null
    throw error
  }
}

describe("a record's version, by the one rule", () => {
  it('is the same for the rule, the contract, the record browser and the migrator', () => {
    for (const [text, expected] of [...versions, ...noVersion.map((text) => [text, null] as const)]) {
      const record = JSON.parse(recordText(text)) as Record<string, unknown>
      expect(recordVersion(record), text).toBe(expected)
      expect(describeRecord('task:a', Buffer.from(recordText(text))).version, text).toBe(expected)
      expect(migratorAnswer(recordText(text)), text).toBe(expected)
      if (record.schema_version !== undefined) expect(recordVersionSchema.safeParse(record.schema_version).success, text).toBe(expected !== null)
    }
  })

  it("is what the store's counts label each record with ('invalid' when it has none)", async () => {
    const store = await stores.newStore()
    const all: Array<[string | undefined, number | null]> = [...versions, ...noVersion.map((text) => [text, null] as [string, null])]
    for (const [index, [text]] of all.entries()) await putRaw(store.db, `task:${String(index).padStart(2, '0')}`, recordText(text))
    const counts = await countRecords(store.db, ['task:'])
    const expected: Record<string, number> = {}
    for (const [, version] of all) {
      const label = version === null ? 'invalid' : String(version)
      expected[label] = (expected[label] ?? 0) + 1
    }
    expect(counts.prefixes.find((group) => group.prefix === 'task:')?.versions).toEqual(expected)
  })
})
