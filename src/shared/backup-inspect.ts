import { z } from 'zod'
import { recordSummarySchema } from './record-summary.ts'

/** Changed records (and added, and removed ones) a comparison lists by name; the counts cover every one. */
export const COMPARE_SAMPLE_LIMIT = 20

/** A key prefix to browse or compare under; '' means every key. */
export const inspectPrefixSchema = z.string().max(256, 'a prefix of at most 256 characters')

/** One top-level field of a JSON record that differs between the backup (before) and the store (after). */
export const fieldChangeSchema = z.object({
  field: z.string(),
  change: z.enum(['added', 'removed', 'changed']),
  /** The backup's value; absent when the field was added since. */
  before: z.unknown().optional(),
  /** The store's value; absent when the field was removed since. */
  after: z.unknown().optional()
})
export type FieldChange = z.infer<typeof fieldChangeSchema>

/** A key in both, with another value now: both sides, and which fields differ when both are JSON objects. */
export const changedRecordSchema = z.object({
  key: z.string(),
  before: recordSummarySchema,
  after: recordSummarySchema,
  /** null when either side is not a JSON object (text, an array, a number): compare `before` and `after`. */
  fields: z.array(fieldChangeSchema).nullable()
})
export type ChangedRecord = z.infer<typeof changedRecordSchema>

/**
 * A backup compared with the store as it is now, key by key, under one prefix. "Added" and "removed" read from
 * the backup to now: added keys are in the store but not in the backup (a restore would delete them), removed
 * keys are in the backup but no longer in the store (a restore would bring them back).
 */
export const backupComparisonSchema = z.object({
  backupId: z.string(),
  prefix: z.string(),
  /** The schema version the backup was taken at. */
  backupVersion: z.number().int(),
  counts: z.object({
    added: z.number().int().nonnegative(),
    removed: z.number().int().nonnegative(),
    changed: z.number().int().nonnegative(),
    unchanged: z.number().int().nonnegative()
  }),
  /** The first COMPARE_SAMPLE_LIMIT of each kind, in key order. */
  added: z.array(recordSummarySchema),
  removed: z.array(recordSummarySchema),
  changed: z.array(changedRecordSchema),
  durationMs: z.number().nonnegative()
})
export type BackupComparison = z.infer<typeof backupComparisonSchema>
