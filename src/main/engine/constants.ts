/** The version this build of the tool brings stores to. Bump it when a migration is added. */
export const CURRENT_SCHEMA_VERSION = 3

/** Meridian's own keys: kept byte-compatible so a Meridian server can still read them. */
export const SCHEMA_VERSION_KEY = '_schema_version'
export const MIGRATION_HISTORY_KEY = '_migration_history'

/** Every key this tool writes for its own bookkeeping starts with this, and no other key does. */
export const ADMIN_KEY_PREFIX = '_admin:'

/** Meridian's legacy in-store backups: never ours to change. */
export const LEGACY_BACKUP_KEY_PATTERN = /^_backup_\d{8}_\d{6}/

/** Written into every backup header, so a file says which tool made it. */
export const TOOL_NAME = 'meridian-admin 0.1.0'
