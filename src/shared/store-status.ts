import { z } from 'zod'

export const pendingStepSchema = z.object({ from: z.number().int(), to: z.number().int(), name: z.string() })
export type PendingStep = z.infer<typeof pendingStepSchema>

export const prefixCountSchema = z.object({
  /** `task:`, `episode:`…; keys without a colon are grouped under their whole name's first segment (`_backup_…`). */
  prefix: z.string(),
  records: z.number().int().nonnegative(),
  /** For prefixes some migration handles: records per `schema_version` ("1", "2", … and "invalid"). */
  versions: z.record(z.string(), z.number().int().nonnegative()).nullable()
})
export type PrefixCount = z.infer<typeof prefixCountSchema>

export const storeCountsSchema = z.object({
  keys: z.number().int().nonnegative(),
  prefixes: z.array(prefixCountSchema)
})
export type StoreCounts = z.infer<typeof storeCountsSchema>

/** What the recovery of an operation a killed process left unfinished did, when the store was opened. */
export const recoveryReportSchema = z.object({
  operation: z.enum(['migrate', 'restore', 'repair']),
  /** completed: the interrupted restore was finished; reverted: the store is back as before the operation. */
  outcome: z.enum(['completed', 'reverted']),
  message: z.string()
})
export type RecoveryReport = z.infer<typeof recoveryReportSchema>

/** Which engine wrote the store: LevelDB (classic-level, the default) or RocksDB (Meridian's own data directory). */
export const storeKindSchema = z.enum(['leveldb', 'rocksdb'])
export type StoreKind = z.infer<typeof storeKindSchema>

/**
 * A RocksDB store written by an older RocksDB than this tool's: it is read through a private snapshot copy, and
 * writing to it (migrate, restore) upgrades its file format, which older Meridian builds may not read.
 */
export const formatUpgradeSchema = z.object({
  /** `rocksdb_version` recorded in the store's newest OPTIONS file. */
  storeRocksdbVersion: z.string(),
  /** The RocksDB version of this tool's binding. */
  engineRocksdbVersion: z.string(),
  /** True when opened with the upgrade allowed (the user's directory itself); false: a read-only snapshot. */
  allowed: z.boolean(),
  /**
   * The store's tables are Snappy, which the binding cannot read: RocksDB's `ldb` recompressed them to ZSTD, in
   * the private snapshot when reading, in the store itself once the upgrade is allowed.
   */
  recompressed: z.boolean().optional()
})
export type FormatUpgrade = z.infer<typeof formatUpgradeSchema>

export const storeKindLabels: Record<StoreKind, string> = { leveldb: 'LevelDB', rocksdb: 'RocksDB' }

/** The format-upgrade warning, worded once for the CLI and the app. */
export function formatUpgradeNotice(upgrade: FormatUpgrade): string {
  const versions = `This store was written by RocksDB ${upgrade.storeRocksdbVersion}; this tool runs RocksDB ${upgrade.engineRocksdbVersion}.`
  if (upgrade.recompressed) {
    const snappy = `${versions} Its tables are Snappy-compressed, which this tool's RocksDB cannot read`
    return upgrade.allowed
      ? `${snappy}: RocksDB's ldb has recompressed them to ZSTD, and writing to it upgrades its file format. Older Meridian builds, and any whose RocksDB lacks ZSTD, may no longer open it.`
      : `${snappy}: it is read through a private snapshot recompressed to ZSTD by RocksDB's ldb, and left byte-identical; migrating or restoring would recompress the store itself and upgrade its file format, which older Meridian builds (and any whose RocksDB lacks ZSTD) may no longer open, so they need --allow-format-upgrade.`
  }
  return upgrade.allowed
    ? `${versions} Writing to it upgrades its file format: older Meridian builds may no longer open it.`
    : `${versions} It is read through a private snapshot and left byte-identical; migrating or restoring would upgrade its file format, which older Meridian builds may no longer open, so they need --allow-format-upgrade.`
}

/** Another process with files of the store open (found from /proc on Linux; never found elsewhere). */
export const storeHolderSchema = z.object({ pid: z.number().int().positive(), command: z.string() })
export type StoreHolder = z.infer<typeof storeHolderSchema>

/** "pid 123 (meridian serve), pid 456 (…)": the holders as the CLI, the app and STORE_IN_USE name them. */
export function describeStoreHolders(holders: readonly StoreHolder[]): string {
  return holders.map(({ pid, command }) => `pid ${pid} (${command})`).join(', ')
}

/** The in-use warning, worded once for the CLI and the app. */
export function storeInUseNotice(holders: readonly StoreHolder[]): string {
  return `${describeStoreHolders(holders)} ${holders.length === 1 ? 'has' : 'have'} files of this store open (Meridian itself, most likely). What is shown was read from a private snapshot; migrating or restoring is refused while it runs.`
}
/**
 * meridian: the store holds Meridian's keys; empty: no key at all (what Meridian creates on its first start, a v1
 * store with nothing in it); not-meridian: keys, but none of Meridian's (a SurrealDB-era store, another program's):
 * never offered a migration.
 */
export const storeIdentitySchema = z.enum(['meridian', 'empty', 'not-meridian'])
export type StoreIdentity = z.infer<typeof storeIdentitySchema>

/** Meridian's keys as a person reads them (the tool's own `_admin:` keys count too, unnamed). */
export const MERIDIAN_KEYS_TEXT = 'task:, episode:, idx_*, _schema_version, _migration_history, _backup_*'

export const storeStatusSchema = z.object({
  dataDir: z.string(),
  kind: storeKindSchema,
  /** Whether this is a Meridian store at all; for not-meridian, `pending` is empty. */
  identity: storeIdentitySchema,
  /** Set for a RocksDB store older than this tool's RocksDB; null otherwise. */
  formatUpgrade: formatUpgradeSchema.nullable(),
  currentVersion: z.number().int(),
  targetVersion: z.number().int(),
  upToDate: z.boolean(),
  /** The store is newer than this build supports: nothing may migrate it. */
  tooNew: z.boolean(),
  pending: z.array(pendingStepSchema),
  /**
   * The store's key prefixes in key order (`_schema_version`, `episode:`, `task:`…), found by seeking, not by
   * counting: a store of millions of records answers at once. Its records are counted apart (`store.counts`).
   */
  prefixes: z.array(z.string()),
  /** More prefixes than are listed (a foreign store whose every key is a name of its own); false for Meridian's. */
  prefixesTruncated: z.boolean(),
  /** The prefixes whose records carry a version (those migrations handle: `task:` built in). */
  versionedPrefixes: z.array(z.string()),
  /** Set when opening this store found an interrupted operation and finished or reverted it. */
  recovery: recoveryReportSchema.nullable(),
  /** Other processes holding files of the store open now (Meridian itself, most likely); [] when none or not detectable. */
  inUseBy: z.array(storeHolderSchema)
})
export type StoreStatus = z.infer<typeof storeStatusSchema>

/** The status with its records counted: what `meridian-admin status --json` prints (counting every record first). */
export const storeReportSchema = storeStatusSchema.extend({ counts: storeCountsSchema })
export type StoreReport = z.infer<typeof storeReportSchema>
