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
