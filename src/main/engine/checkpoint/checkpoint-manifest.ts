import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'
import { backupReasonSchema } from '../../../shared/backup.ts'
import { storeKindSchema } from '../../../shared/store-status.ts'
import { MeridianError } from '../../../shared/errors.ts'
import { replaceFileSynced } from '../backup/file/atomic-file.ts'

export const CHECKPOINT_FORMAT = 1
/** The manifest's name in a checkpoint's folder; the store's files are in `store/` beside it. */
export const MANIFEST_NAME = 'checkpoint.json'
export const STORE_FOLDER = 'store'
/** A checkpoint's folder in the backup folder is `<id>.checkpoint`, beside the `<id>.mbak` archives. */
export const CHECKPOINT_EXTENSION = '.checkpoint'

export const checkpointFileSchema = z.object({
  name: z.string().regex(/^[^/\\]+$/, 'a file name, not a path'),
  bytes: z.number().int().nonnegative(),
  /** A hard link to the store's own table (costs nothing until the store rewrites it), or a copy. */
  linked: z.boolean(),
  /** SHA-256 of the file's bytes, once the background hashing is done; null until then. */
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable()
})
export type CheckpointFile = z.infer<typeof checkpointFileSchema>

/**
 * What a checkpoint is, written last: its presence says every file it lists is in `store/` and synced. A
 * checkpoint counts as verified once every file has its SHA-256 (hashed in the background after it is taken).
 */
export const checkpointManifestSchema = z.object({
  format: z.literal(CHECKPOINT_FORMAT),
  id: z.string().min(1),
  createdAt: z.string(),
  reason: backupReasonSchema,
  schemaVersion: z.number().int().nonnegative(),
  tool: z.string(),
  dataDir: z.string(),
  storeId: z.string(),
  /** Taken into the store's default folder (`<store>.backups`): it moves with the store (see backup-owner.ts). */
  defaultFolder: z.boolean().optional(),
  kind: storeKindSchema,
  /** The entries it holds, once a verify has read them all; absent until then. */
  records: z.number().int().nonnegative().optional(),
  /** True when no table could be linked (the checkpoint is on another file system): it is a whole copy, and costs as much. */
  copiedWhole: z.boolean(),
  files: z.array(checkpointFileSchema)
})
export type CheckpointManifest = z.infer<typeof checkpointManifestSchema>

/** Writes the manifest whole and synced, then puts it in place: a reader sees the old one or the new one. */
export async function writeCheckpointManifest(folder: string, manifest: CheckpointManifest): Promise<void> {
  await replaceFileSynced(path.join(folder, MANIFEST_NAME), `${JSON.stringify(checkpointManifestSchema.parse(manifest), null, 2)}\n`)
}

/** The manifest of the checkpoint in `folder`; BACKUP_CORRUPT when it is missing or unreadable (the checkpoint was never finished). */
export async function readCheckpointManifest(folder: string): Promise<CheckpointManifest> {
  let text: string
  try {
    text = await readFile(path.join(folder, MANIFEST_NAME), 'utf8')
  } catch (error) {
    throw new MeridianError('BACKUP_CORRUPT', `Checkpoint ${path.basename(folder)} has no manifest (it was never finished): ${folder}`, { cause: error })
  }
  const unreadable = (why: string): MeridianError =>
    new MeridianError('BACKUP_CORRUPT', `Checkpoint ${path.basename(folder)} has an unreadable manifest (${why}): ${folder}`)
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw unreadable('not JSON')
  }
  const parsed = checkpointManifestSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw unreadable(issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid')
  }
  return parsed.data
}
