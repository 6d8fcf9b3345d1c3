import { z } from 'zod'
import { backupInfoSchema } from './backup.ts'

/**
 * One of Meridian's legacy backups kept inside the store, as listed. `damaged` says why it cannot be used (its
 * metadata is not JSON, lacks a field, or its entries have no metadata); such a backup can still be removed.
 */
export const inStoreBackupInfoSchema = z.object({
  kind: z.literal('in-store'),
  id: z.string(),
  /** The metadata's `timestamp`, or the time in the id when the metadata cannot be read. */
  createdAt: z.string(),
  /** The key prefix it backed up (`task:`); null when the metadata is damaged. */
  prefix: z.string().nullable(),
  /** The metadata's `item_count`; null when the metadata is damaged. */
  records: z.number().int().nonnegative().nullable(),
  /** About what removing it frees: LevelDB's estimate of its size on disk (its keys and values while still unflushed). */
  bytes: z.number().int().nonnegative(),
  damaged: z.string().nullable()
})
export type InStoreBackupInfo = z.infer<typeof inStoreBackupInfoSchema>

/** A row of the combined list (`backups DIR`): ours (archives and checkpoints, by `kind`), then the in-store ones. */
export const listedBackupSchema = z.union([backupInfoSchema, inStoreBackupInfoSchema])
export type ListedBackup = z.infer<typeof listedBackupSchema>

export const inStoreRemovalSchema = z.object({
  removed: z.array(z.string()),
  keysDeleted: z.number().int().nonnegative(),
  /** Bytes of the deleted keys and values. */
  bytesDeleted: z.number().int().nonnegative(),
  /** The store folder's size on disk before the removal and after the compaction that reclaims the space. */
  storeBytesBefore: z.number().int().nonnegative(),
  storeBytesAfter: z.number().int().nonnegative()
})
export type InStoreRemoval = z.infer<typeof inStoreRemovalSchema>
