import path from 'node:path'
import type { BackupInfo } from '../../../shared/backup.ts'
import { MeridianError } from '../../../shared/errors.ts'
import { readCheckpointManifest, STORE_FOLDER } from '../checkpoint/checkpoint-manifest.ts'
import { checkCheckpoint } from '../checkpoint/checkpoint-verify.ts'
import { MeridianStore } from '../store/store.ts'
import { toIoError } from '../support/io-errors.ts'
import { writeBackup } from './file/backup-writer.ts'
import { assertOwnBackup, type BackupScope } from './folder/backup-owner.ts'
import type { BackupRepository } from './folder/backup-repository.ts'
import type { OperationOptions } from './operation-options.ts'

/**
 * Writes the portable archive (`.mbak`) of checkpoint `id`: the store as the checkpoint holds it, read through a
 * private snapshot of the checkpoint's files (hard links: the live store is not read, so this never waits for an
 * operation on it, nor holds one up, and a deletion of the checkpoint meanwhile does not pull the files away).
 * The archive says the checkpoint's moment, reason and version, and takes an id of that moment (`<id>_2`), so the
 * two sort together. The checkpoint is kept: retention removes either kind. Only this store's checkpoint
 * (BACKUP_OF_ANOTHER_STORE otherwise); one whose files do not match their manifest is BACKUP_CORRUPT, before
 * anything is written.
 */
export async function archiveFromCheckpoint(
  repository: BackupRepository,
  scope: BackupScope,
  dataDir: string,
  id: string,
  options: OperationOptions = {}
): Promise<BackupInfo> {
  const location = repository.locate(id)
  if (location.kind !== 'checkpoint') throw new MeridianError('INVALID_INPUT', `Backup ${id} is an archive already; only a checkpoint is archived`)
  const manifest = await readCheckpointManifest(location.path)
  assertOwnBackup(id, manifest, scope, ', so it is not archived as this store’s')
  // Sizes only: the archive's own checksum covers what it holds, and the hashing (or a verify) proves the tables.
  const check = await checkCheckpoint(location.path, undefined, { hashes: false })
  if (!check.ok) throw new MeridianError('BACKUP_CORRUPT', `Checkpoint ${id} cannot be archived: ${check.problem ?? 'it does not match its manifest'}`)
  const source = await MeridianStore.open(path.join(location.path, STORE_FOLDER))
  try {
    const archiveId = await repository.allocateId({ beside: id }, scope.storeId)
    return await writeBackup({
      db: source.db,
      dataDir,
      finalPath: repository.pathFor(archiveId),
      id: archiveId,
      reason: manifest.reason,
      schemaVersion: manifest.schemaVersion,
      createdAt: manifest.createdAt,
      signal: options.signal,
      onProgress: options.onProgress
    })
  } catch (error) {
    if (error instanceof MeridianError) throw error
    throw toIoError(error, `archive checkpoint ${id} in ${repository.dir}`)
  } finally {
    await source.close()
  }
}
