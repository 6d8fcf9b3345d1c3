import { z } from 'zod'

/** `backup_YYYYMMDD_HHMMSS` in UTC, `_N` appended when two fall in the same second. Nothing else is an id. */
export const BACKUP_ID_PATTERN = /^backup_\d{8}_\d{6}(_\d{1,4})?$/
export const backupIdSchema = z.string().regex(BACKUP_ID_PATTERN, 'a backup id looks like backup_20240101_120000')

/** Meridian's own in-store backups: `_backup_YYYYMMDD_HHMMSS` (its metadata key; entries follow as `…:<key>`). */
export const IN_STORE_BACKUP_ID_PATTERN = /^_backup_\d{8}_\d{6}$/
export const inStoreBackupIdSchema = z.string().regex(IN_STORE_BACKUP_ID_PATTERN, 'an in-store backup id looks like _backup_20240101_120000')
/** Either kind of backup id: verify and restore take both. */
export const anyBackupIdSchema = z
  .string()
  .refine((id) => BACKUP_ID_PATTERN.test(id) || IN_STORE_BACKUP_ID_PATTERN.test(id), 'a backup id looks like backup_20240101_120000 or _backup_20240101_120000')
export const isInStoreBackupId = (id: string): boolean => IN_STORE_BACKUP_ID_PATTERN.test(id)

/** A file beside the store (ours), or a legacy backup Meridian wrote inside the store. */
export const backupKindSchema = z.enum(['file', 'in-store'])
export type BackupKind = z.infer<typeof backupKindSchema>

/**
 * `in-store-export`: an in-store backup written out as a file (see src/main/engine/in-store-backups/).
 * `pre-repair`: the safety net taken before a record is put, deleted or set aside (see src/main/engine/repair/).
 */
export const backupReasonSchema = z.enum(['pre-migration', 'manual', 'pre-restore', 'in-store-export', 'pre-repair'])
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
  problem: z.string().nullable(),
  /** In-store backups only: the keys its metadata names that have no entry (how many, and the first few). */
  missingKeys: z.object({ count: z.number().int().nonnegative(), sample: z.array(z.string()) }).optional()
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
  durationMs: z.number().nonnegative(),
  /** In-store backups only: the file it was written to first, which the restore then applied. */
  viaBackupId: z.string().optional()
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
