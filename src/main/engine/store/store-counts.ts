import { recordVersion } from '../../../shared/record-version.ts'
import type { StoreCounts } from '../../../shared/store-status.ts'
import type { Db } from './store.ts'
import { scanBatches } from './store-scan.ts'

const LEADING_NAME = /^[A-Za-z0-9_.-]*/

/**
 * The key's leading name and the separator after it: `task:abc` → `task:`, `idx_status:done:t1` → `idx_status:`;
 * a key that is all name (`_schema_version`, `_backup_20240101_120000`) is its own group. Binary keys (a
 * SurrealDB store's `/*ns\0*db\0…`) start with a separator and group under it, so a foreign store's summary is a
 * few lines rather than one per key.
 */
export function keyPrefixOf(key: string): string {
  const name = LEADING_NAME.exec(key)?.[0].length ?? 0
  return key.slice(0, name + 1)
}

function versionLabel(value: Buffer): string {
  try {
    const record: unknown = JSON.parse(value.toString('utf8'))
    if (typeof record !== 'object' || record === null || Array.isArray(record)) return 'invalid'
    const version = recordVersion(record)
    return version === null ? 'invalid' : String(version)
  } catch {
    return 'invalid'
  }
}

/**
 * Records per key prefix, and per record version for the prefixes migrations handle: one streamed pass that
 * reads values only where a version is wanted.
 */
export async function countRecords(db: Db, versionedPrefixes: readonly string[], signal?: AbortSignal): Promise<StoreCounts> {
  const groups = new Map<string, { records: number; versions: Map<string, number> | null }>()
  let keys = 0
  const versioned = new Set(versionedPrefixes)
  for await (const batch of scanBatches(db, { signal })) {
    for (const [keyBytes, value] of batch) {
      keys++
      const prefix = keyPrefixOf(keyBytes.toString('utf8'))
      let group = groups.get(prefix)
      if (!group) {
        group = { records: 0, versions: versioned.has(prefix) ? new Map() : null }
        groups.set(prefix, group)
      }
      group.records++
      if (group.versions) {
        const label = versionLabel(value)
        group.versions.set(label, (group.versions.get(label) ?? 0) + 1)
      }
    }
  }
  return {
    keys,
    prefixes: [...groups.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([prefix, group]) => ({
        prefix,
        records: group.records,
        versions: group.versions ? Object.fromEntries([...group.versions.entries()].sort()) : null
      }))
  }
}
