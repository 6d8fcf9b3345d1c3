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
  operation: z.enum(['migrate', 'restore']),
  /** completed: the interrupted restore was finished; reverted: the store is back as before the operation. */
  outcome: z.enum(['completed', 'reverted']),
  message: z.string()
})
export type RecoveryReport = z.infer<typeof recoveryReportSchema>

export const storeStatusSchema = z.object({
  dataDir: z.string(),
  currentVersion: z.number().int(),
  targetVersion: z.number().int(),
  upToDate: z.boolean(),
  /** The store is newer than this build supports: nothing may migrate it. */
  tooNew: z.boolean(),
  pending: z.array(pendingStepSchema),
  counts: storeCountsSchema,
  /** Set when opening this store found an interrupted operation and finished or reverted it. */
  recovery: recoveryReportSchema.nullable()
})
export type StoreStatus = z.infer<typeof storeStatusSchema>
