/**
 * The version the built-in migration set brings stores to: Meridian's own `CURRENT_SCHEMA_VERSION`, which refuses to
 * start on anything newer. A set loaded with `--migrations` may reach further. Bump it when a built-in migration is added.
 */
export const CURRENT_SCHEMA_VERSION = 2

/** Meridian's own keys: kept byte-compatible so a Meridian server can still read them. */
export const SCHEMA_VERSION_KEY = '_schema_version'
export const MIGRATION_HISTORY_KEY = '_migration_history'

/** Every key this tool writes for its own bookkeeping starts with this, and no other key does. */
export const ADMIN_KEY_PREFIX = '_admin:'

/** Written into every backup header, so a file says which tool made it. */
export const TOOL_NAME = 'meridian-admin 0.1.0'
