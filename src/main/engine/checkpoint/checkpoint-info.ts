import path from 'node:path'
import type { BackupInfo } from '../../../shared/backup.ts'
import { checkpointDiskCost } from './checkpoint-verify.ts'
import type { CheckpointManifest } from './checkpoint-manifest.ts'

/**
 * A checkpoint as the backup list shows it, beside the archives. Its size on disk is what it does not share with
 * the store at `liveDir` (see checkpointDiskCost); without a live store to compare with, every byte of it.
 */
export async function checkpointInfo(folder: string, manifest: CheckpointManifest, liveDir?: string): Promise<BackupInfo> {
  const bytes = manifest.files.reduce((sum, file) => sum + file.bytes, 0)
  return {
    id: manifest.id,
    kind: 'checkpoint',
    createdAt: manifest.createdAt,
    schemaVersion: manifest.schemaVersion,
    records: manifest.records ?? null,
    bytes,
    diskBytes: liveDir === undefined ? bytes : await checkpointDiskCost(folder, path.resolve(liveDir)).catch(() => bytes),
    verified: manifest.files.every((file) => file.sha256 !== null),
    reason: manifest.reason
  }
}
