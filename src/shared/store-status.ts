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

export const storeStatusSchema = z.object({
  dataDir: z.string(),
  currentVersion: z.number().int(),
  targetVersion: z.number().int(),
  upToDate: z.boolean(),
  /** The store is newer than this build supports: nothing may migrate it. */
  tooNew: z.boolean(),
  pending: z.array(pendingStepSchema),
  counts: storeCountsSchema
})
export type StoreStatus = z.infer<typeof storeStatusSchema>
