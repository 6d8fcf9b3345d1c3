import { z } from 'zod'
import { rfc3339, u32, usize } from './task-common.ts'

/**
 * One `_migration_history` entry as Meridian's `MigrationResult` reads it: stricter than our own reader
 * (src/shared/history.ts, which also reads older entries of ours), because a history Meridian cannot parse
 * aborts its start. Every entry we write must pass this; unknown fields (ours: name, status, steps…) are ignored.
 */
export const meridianMigrationResultSchema = z.looseObject({
  from_version: u32,
  to_version: u32,
  started_at: rfc3339,
  completed_at: rfc3339,
  items_migrated: usize,
  backup_key: z.string().nullish(),
  success: z.boolean(),
  error: z.string().nullish()
})

export const meridianMigrationHistorySchema = z.looseObject({ migrations: z.array(meridianMigrationResultSchema) })

/** `_schema_version`: a JSON number read as u32. */
export const meridianSchemaVersionSchema = u32
