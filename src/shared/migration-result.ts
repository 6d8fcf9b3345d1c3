import { z } from 'zod'
import { pruneResultSchema } from './backup.ts'
import { historyStepSchema } from './history.ts'

/**
 * For a step that fills fields in (Task v1 → v2): per field, how many records kept the value they held, got the
 * default because the field was absent, or lost a value the new version cannot hold (replaced by the default).
 */
export const fieldReportSchema = z.object({
  step: z.string(),
  field: z.string(),
  kept: z.number().int().nonnegative(),
  defaulted: z.number().int().nonnegative(),
  lost: z.number().int().nonnegative()
})
export type FieldReport = z.infer<typeof fieldReportSchema>

export const migrateResultSchema = z.object({
  status: z.enum(['migrated', 'up-to-date']),
  from: z.number().int(),
  to: z.number().int(),
  /** Records rewritten, each counted once however many steps it went through. */
  itemsMigrated: z.number().int().nonnegative(),
  backupId: z.string().nullable(),
  durationMs: z.number().nonnegative(),
  steps: z.array(historyStepSchema),
  /** Per field of the steps that fill fields in, what became of the records' values (see fieldReportSchema). */
  fields: z.array(fieldReportSchema).optional(),
  /** When asked to prune after migrating: what the retention policy deleted and kept. */
  pruned: pruneResultSchema.optional(),
  /** When that pruning failed (the migration itself stands): why. */
  pruneError: z.string().optional()
})
export type MigrateResult = z.infer<typeof migrateResultSchema>

export const dryRunFailureSchema = z.object({ key: z.string(), reason: z.string() })
export type DryRunFailure = z.infer<typeof dryRunFailureSchema>

/** What a migration would lose (a downgrade, or an upgrade replacing values): how many records, and for a few, what. */
export const dataLossReportSchema = z.object({
  records: z.number().int().nonnegative(),
  sample: z.array(z.object({ key: z.string(), loses: z.array(z.string()) }))
})
export type DataLossReport = z.infer<typeof dataLossReportSchema>

export const dryRunReportSchema = z.object({
  from: z.number().int(),
  to: z.number().int(),
  /** Per step, how many records it would change. */
  steps: z.array(historyStepSchema),
  /** Records that would be rewritten, each once. */
  itemsToMigrate: z.number().int().nonnegative(),
  itemsScanned: z.number().int().nonnegative(),
  failures: z.array(dryRunFailureSchema),
  /** Failures beyond those listed (the list is capped so a broken store cannot exhaust memory). */
  failuresOmitted: z.number().int().nonnegative(),
  sample: z.object({ key: z.string(), before: z.unknown(), after: z.unknown() }).nullable(),
  /** Per field of the steps that fill fields in: kept, defaulted, lost. */
  fields: z.array(fieldReportSchema).optional(),
  /** Downgrades, and upgrades whose steps may replace values: the records that would lose data. */
  losses: dataLossReportSchema.optional()
})
export type DryRunReport = z.infer<typeof dryRunReportSchema>
