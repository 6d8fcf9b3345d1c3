import { z } from 'zod'

export const historyStatusSchema = z.enum(['success', 'failed', 'rolled_back', 'cancelled', 'restored', 'recovered', 'repaired'])
export type HistoryStatus = z.infer<typeof historyStatusSchema>

export const historyStepSchema = z.object({
  from: z.number().int(),
  to: z.number().int(),
  name: z.string(),
  items: z.number().int().nonnegative()
})
export type HistoryStep = z.infer<typeof historyStepSchema>

/**
 * One `_migration_history` entry. Meridian's own fields come first and are always written, so a Meridian server
 * can still read the history; ours are optional when reading, since Meridian's entries lack them. Loose, so
 * fields a newer Meridian adds survive our rewrites.
 */
export const historyEntrySchema = z.looseObject({
  from_version: z.number().int(),
  to_version: z.number().int(),
  started_at: z.string(),
  completed_at: z.string().nullish(),
  items_migrated: z.number().int().nonnegative(),
  backup_key: z.string().nullish(),
  success: z.boolean(),
  error: z.string().nullish(),
  name: z.string().optional(),
  status: historyStatusSchema.optional(),
  duration_ms: z.number().nonnegative().optional(),
  items_total: z.number().int().nonnegative().optional(),
  steps: z.array(historyStepSchema).optional()
})
export type HistoryEntry = z.infer<typeof historyEntrySchema>

export const migrationHistorySchema = z.looseObject({ migrations: z.array(historyEntrySchema) })
export type MigrationHistory = z.infer<typeof migrationHistorySchema>
