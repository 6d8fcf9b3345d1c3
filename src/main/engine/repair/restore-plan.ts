import { MeridianError } from '../../../shared/errors.ts'
import type { MigrationRegistry } from '../migration/registry.ts'
import type { MeridianStore } from '../store/store.ts'
import { namedList, reasons } from './problem-text.ts'
import { prefixOf, RecordChecker } from './record-check.ts'
import type { ArchivedRecord } from './set-aside-archive.ts'

export interface RestorePlan {
  writes: Array<{ key: string; value: Buffer }>
  /** Records brought to the store's version on the way. */
  migrated: number
  /** Records that still fail their check, each `key (reasons)`: written only when forced. */
  invalid: string[]
  /** Keys the store holds again: replaced only when forced. */
  conflicts: string[]
}

/**
 * What putting archived records back would write: each record checked against the store as it is now and, when
 * set aside at an older version, migrated to the store's. RECORD_INVALID or INVALID_INPUT unless `force`. Reads only.
 */
export async function planRestore(store: MeridianStore, registry: MigrationRegistry, records: readonly ArchivedRecord[], force: boolean): Promise<RestorePlan> {
  const storeVersion = await store.readVersion()
  const checker = new RecordChecker(registry, storeVersion)
  const plan: RestorePlan = { writes: [], migrated: 0, invalid: [], conflicts: [] }
  for (const record of records) {
    const check = checker.check(record.key, record.value)
    if ((await store.db.get(Buffer.from(record.key, 'utf8'))) !== undefined) plan.conflicts.push(record.key)
    if (check.status === 'invalid') {
      plan.invalid.push(`${record.key} (${reasons(check.problems)})`)
      plan.writes.push({ key: record.key, value: record.value })
      continue
    }
    const prefix = prefixOf(registry, record.key)
    const outcome =
      prefix !== undefined && check.version !== null && check.version < storeVersion ? checker.migratorFor(prefix).migrate(record.key, record.value) : null
    if (outcome?.kind === 'migrated') plan.migrated++
    plan.writes.push({ key: record.key, value: outcome?.kind === 'migrated' ? outcome.value : record.value })
  }
  const { invalid, conflicts } = plan
  if (!force && invalid.length > 0) {
    throw new MeridianError(
      'RECORD_INVALID',
      `${invalid.length === 1 ? '1 record' : `${invalid.length} records`} of the archive still fail their check: ${namedList(invalid)}. Fix them in the archive, or pass --force to put them back as they are`
    )
  }
  if (!force && conflicts.length > 0) {
    throw new MeridianError(
      'INVALID_INPUT',
      `The store holds records under ${conflicts.length === 1 ? '1 key' : `${conflicts.length} keys`} of the archive again: ${namedList(conflicts)}. Pass --force to replace them`
    )
  }
  return plan
}
