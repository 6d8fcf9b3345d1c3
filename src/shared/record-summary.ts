import { z } from 'zod'

/** One record as a browser shows it: the store's (`store.records`) and a backup's (`backups.records`) alike. */
export const recordSummarySchema = z.object({
  key: z.string(),
  /** The record's `schema_version` (1 when absent); null when the value is not a JSON object. */
  version: z.number().int().nullable(),
  bytes: z.number().int().nonnegative(),
  /** The parsed JSON value, or the raw text when it is not JSON. */
  value: z.unknown()
})
export type RecordSummary = z.infer<typeof recordSummarySchema>
