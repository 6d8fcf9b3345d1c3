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

/**
 * A page of the store's records from a cursor, maybe filtered (`store.records`): the page's records in key order,
 * the cursors on either side, and how far a filter read to fill it.
 */
export const recordsFindPageSchema = recordsPageSchema.extend({
  /** The cursor of the previous page (`before`), null when nothing precedes under the prefix. */
  previousBefore: z.string().nullable(),
  /** Records read to fill this page. */
  scanned: z.number().int().nonnegative(),
  /** A filter read its limit of records before the page filled: more may match from `nextAfter` (or `previousBefore`) on. */
  scanStopped: z.boolean()
})
export type RecordsFindPage = z.infer<typeof recordsFindPageSchema>
