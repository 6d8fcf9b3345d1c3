import { z } from 'zod'

/** `backup_YYYYMMDD_HHMMSS` in UTC, `_N` appended when two fall in the same second. Nothing else is an id. */
export const BACKUP_ID_PATTERN = /^backup_\d{8}_\d{6}(_\d{1,4})?$/
export const backupIdSchema = z.string().regex(BACKUP_ID_PATTERN, 'a backup id looks like backup_20240101_120000')

export const backupReasonSchema = z.enum(['pre-migration', 'manual', 'pre-restore'])
export type BackupReason = z.infer<typeof backupReasonSchema>

export const backupInfoSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  schemaVersion: z.number().int(),
  records: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  reason: backupReasonSchema
})
export type BackupInfo = z.infer<typeof backupInfoSchema>

export const verifyReportSchema = z.object({
  id: z.string(),
  ok: z.boolean(),
  records: z.number().int().nonnegative(),
  /** Why the backup cannot be trusted; null when intact. */
  problem: z.string().nullable()
})
export type VerifyReport = z.infer<typeof verifyReportSchema>

export const restoreResultSchema = z.object({
  backupId: z.string(),
  /** The backup of the state just before the restore, so the restore itself can be undone. */
  preRestoreBackupId: z.string(),
  fromVersion: z.number().int(),
  toVersion: z.number().int(),
  keysWritten: z.number().int().nonnegative(),
  keysDeleted: z.number().int().nonnegative(),
  durationMs: z.number().nonnegative()
})
export type RestoreResult = z.infer<typeof restoreResultSchema>

export const pruneResultSchema = z.object({
  /** true: nothing was deleted; `deleted` lists what a real prune would delete. */
  dryRun: z.boolean(),
  deleted: z.array(backupInfoSchema),
  kept: z.array(backupInfoSchema),
  /** Why each backup goes or stays, by id. */
  reasons: z.record(z.string(), z.string())
})
export type PruneResult = z.infer<typeof pruneResultSchema>
