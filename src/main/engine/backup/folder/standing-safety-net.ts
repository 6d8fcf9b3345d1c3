import { readFile, unlink } from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'
import { backupIdSchema } from '../../../../shared/backup.ts'
import { replaceFileSynced } from '../file/atomic-file.ts'

/**
 * What a failed migration leaves once it has put its store back: the store, as its files stood when it was closed
 * afterwards, holds exactly what backup `backupId` holds (a put-back restores every key but the history). While the
 * store's files are still those (its fingerprint, see storeFingerprint), the next migration needs no new backup: a
 * host whose start-up keeps failing would otherwise write a whole-store backup on every start.
 */
export const standingSafetyNetSchema = z.object({
  backupId: backupIdSchema,
  /** The store's fingerprint after it was closed: any write since (Meridian's, the CLI's, ours) changes it. */
  storeFingerprint: z.string().min(1),
  recordedAt: z.string()
})
export type StandingSafetyNet = z.infer<typeof standingSafetyNetSchema>

/** `.<store id>.safety-net.json` in the backup folder, one per store (a folder may be shared). */
const fileOf = (backupDir: string, storeId: string): string => path.join(backupDir, `.${storeId}.safety-net.json`)

/** Records it, written whole and synced before it replaces the last one. */
export async function recordStandingSafetyNet(backupDir: string, storeId: string, net: StandingSafetyNet): Promise<void> {
  await replaceFileSynced(fileOf(backupDir, storeId), `${JSON.stringify(standingSafetyNetSchema.parse(net))}\n`)
}

/** The record, or null when there is none or it cannot be read (then a new backup is simply taken). */
export async function readStandingSafetyNet(backupDir: string, storeId: string): Promise<StandingSafetyNet | null> {
  try {
    return standingSafetyNetSchema.parse(JSON.parse(await readFile(fileOf(backupDir, storeId), 'utf8')))
  } catch {
    return null
  }
}

/** Forgets it (a migration committed, or the store changed); one already gone is fine. */
export async function clearStandingSafetyNet(backupDir: string, storeId: string): Promise<void> {
  await unlink(fileOf(backupDir, storeId)).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error
  })
}
