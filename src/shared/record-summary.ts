import { z } from 'zod'
import { recordVersionSchema } from './record-version.ts'

/** One record as a browser shows it: the store's (`store.records`) and a backup's (`backups.records`) alike. */
export const recordSummarySchema = z.object({
  key: z.string(),
  /** The record's `schema_version` (1 when absent); null when the value is not a JSON object or that is no version. */
  version: recordVersionSchema.nullable(),
  bytes: z.number().int().nonnegative(),
  /** The parsed JSON value, or the raw text when it is not JSON. */
  value: z.unknown()
})
export type RecordSummary = z.infer<typeof recordSummarySchema>

/** One page of records in key order; `nextAfter` is the cursor of the next page, null after the last. */
export const recordsPageSchema = z.object({ records: z.array(recordSummarySchema), nextAfter: z.string().nullable() })
export type RecordsPage = z.infer<typeof recordsPageSchema>
