import { MeridianError } from '../../../shared/errors.ts'
import { MERIDIAN_KEYS_TEXT, type StoreIdentity } from '../../../shared/store-status.ts'
import { ADMIN_KEY_PREFIX, MIGRATION_HISTORY_KEY, SCHEMA_VERSION_KEY } from '../support/constants.ts'
import { prefixRange } from './store-keys.ts'
import { type Db } from './store.ts'

/**
 * The key prefixes only Meridian's store (or this tool, `_admin:`) writes. A store holding none of them is some
 * other key-value store (a SurrealDB-era Meridian's `kv_store`, another program's LevelDB): reading it as "v1,
 * nothing to migrate" would be a lie, and migrating it would stamp a Meridian version on a store that is not one.
 */
export const MERIDIAN_KEY_PREFIXES: readonly string[] = ['task:', 'episode:', 'idx_', SCHEMA_VERSION_KEY, MIGRATION_HISTORY_KEY, '_backup_', ADMIN_KEY_PREFIX]

export function isMeridianKey(key: string): boolean {
  return MERIDIAN_KEY_PREFIXES.some((prefix) => key.startsWith(prefix))
}

/**
 * Without a full scan: one seek per prefix, then one for any key at all. An empty store is what Meridian creates
 * on its first start before it saves anything: a Meridian store with no records, at v1 (no `_schema_version` yet),
 * not a foreign one.
 */
export async function readStoreIdentity(db: Db): Promise<StoreIdentity> {
  for (const prefix of MERIDIAN_KEY_PREFIXES) {
    if ((await db.keys({ ...prefixRange(prefix), limit: 1 }).all()).length > 0) return 'meridian'
  }
  return (await db.keys({ limit: 1 }).all()).length > 0 ? 'not-meridian' : 'empty'
}

/** The refusal every migration path (CLI, app plan, checkAndMigrate) gives a store that is not Meridian's. */
export function notAMeridianStore(dataDir: string): MeridianError {
  return new MeridianError(
    'NOT_A_MERIDIAN_STORE',
    `${dataDir} is not a Meridian store: it holds none of Meridian's keys (${MERIDIAN_KEYS_TEXT}), so there is nothing to migrate`
  )
}

/** Throws NOT_A_MERIDIAN_STORE unless the store holds Meridian's keys or none at all. */
export async function requireMeridianStore(db: Db, dataDir: string): Promise<void> {
  if ((await readStoreIdentity(db)) === 'not-meridian') throw notAMeridianStore(dataDir)
}
