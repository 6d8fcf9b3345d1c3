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

/**
 * How a backup in the backup folder is kept. `archive`: one checksummed, compressed `.mbak` file, what a person
 * copies elsewhere and keeps for years. `checkpoint`: a folder holding a real store whose tables are hard links to
 * the store's own (taken in milliseconds; it costs only the tables the store has rewritten since).
 */
export const backupKindSchema = z.enum(['archive', 'checkpoint'])
export type BackupKind = z.infer<typeof backupKindSchema>

/**
 * `in-store-export`: an in-store backup written out as a file (see src/main/engine/in-store-backups/).
 * `pre-repair`: the safety net taken before a record is put, deleted or set aside (see src/main/engine/repair/).
 */
export const backupReasonSchema = z.enum(['pre-migration', 'manual', 'pre-restore', 'in-store-export', 'pre-repair'])
export type BackupReason = z.infer<typeof backupReasonSchema>

export const backupInfoSchema = z.object({
  id: z.string(),
  kind: backupKindSchema,
  createdAt: z.string(),
  schemaVersion: z.number().int(),
  /** Entries held; null for a checkpoint not yet read whole (a verify counts them). */
  records: z.number().int().nonnegative().nullable(),
  /** The backup's own size: the archive file, or every file of the checkpoint. */
  bytes: z.number().int().nonnegative(),
  /** What it costs on disk: an archive its size; a checkpoint only the files it does not share with the store. */
  diskBytes: z.number().int().nonnegative(),
  /**
   * Whether every byte has a checksum on record to check it by: an archive always (written with them); a
   * checkpoint once its background hashing has finished.
   */
  verified: z.boolean(),
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
  /**
   * swap: a checkpoint's directory put in place, no key written; rebuild: the archive written out as a new store
   * beside the live one, then swapped in; merge: keys written and deleted in the live store until it held the
   * archive's (when the disk lacks the room for a rebuild: `mergedBecause`).
   */
  method: z.enum(['merge', 'swap', 'rebuild']).optional(),
  mergedBecause: z.string().optional(),
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
