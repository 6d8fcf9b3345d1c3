import { whyCheckpointUnusable } from '../backup/checkpoint-backups.ts'
import type { BackupService } from '../backup/backup-service.ts'
import { assertChecksum } from '../backup/file/backup-checksum.ts'
import { readBackupLayout } from '../backup/file/backup-reader.ts'
import { belongsTo } from '../backup/folder/backup-owner.ts'
import { clearStandingSafetyNet, readStandingSafetyNet, recordStandingSafetyNet } from '../backup/folder/standing-safety-net.ts'
import type { Logger } from '../support/logger.ts'
import { storeFingerprint } from '../store/store-snapshot.ts'

/** Why backup `id` cannot stand in for a new one; null when it can. Reads an archive's bytes, never decompresses them; a checkpoint's sizes. */
async function whyNotReusable(backups: BackupService, id: string, recorded: string, now: string | null): Promise<string | null> {
  if (now !== recorded) return `the store has changed since a failed run put it back from ${id}`
  let file: string
  try {
    const ref = backups.refOf(id)
    if (ref.kind === 'checkpoint') {
      const why = await whyCheckpointUnusable(ref.path, backups.scope)
      return why === null ? null : `${id} does not verify (${why})`
    }
    file = ref.path
  } catch {
    return `${id} is no longer in ${backups.repository.dir}`
  }
  try {
    const layout = await readBackupLayout(file, id)
    if (!belongsTo(layout.header, backups.scope)) return `${id} is another store's`
    // The checksum proves the bytes are those written (and verified by their hash as they were written).
    await assertChecksum(file, layout)
  } catch (error) {
    return `${id} does not verify (${(error as Error).message})`
  }
  return null
}

/**
 * The backup a host's migration may take as its safety net instead of writing a new one: the one a failed run
 * put the store back from, while the store's files are still as that run left them and the backup verifies.
 * Null (and the reason logged) otherwise. `fingerprint`: the store's, taken before it was opened.
 */
export async function reusableSafetyNet(backups: BackupService, fingerprint: string | null, log: Logger): Promise<string | null> {
  const net = await readStandingSafetyNet(backups.repository.dir, backups.scope.storeId)
  if (!net) return null
  const why = await whyNotReusable(backups, net.backupId, net.storeFingerprint, fingerprint)
  if (why === null) return net.backupId
  log.info(`A new backup is taken: ${why}`)
  await clearStandingSafetyNet(backups.repository.dir, backups.scope.storeId).catch(() => undefined)
  return null
}

/** How a host's run ended, for what it leaves: put back from a backup, committed, or neither (nothing was written). */
export type RunEnd = { putBackFrom: string } | 'committed' | 'untouched'

/**
 * After the store is closed: what the run leaves for the next one. Put back, the store holds exactly that backup
 * as its files now stand; committed, no backup stands for it; untouched, the record stays as it was (the
 * fingerprint still decides). A record that cannot be written only costs the next start a new backup.
 */
export async function leaveSafetyNet(backups: BackupService, dataDir: string, end: RunEnd, log: Logger): Promise<void> {
  const { dir } = backups.repository
  const { storeId } = backups.scope
  try {
    if (end === 'committed') await clearStandingSafetyNet(dir, storeId)
    if (typeof end === 'string') return
    const fingerprint = await storeFingerprint(dataDir)
    await recordStandingSafetyNet(dir, storeId, { backupId: end.putBackFrom, storeFingerprint: fingerprint, recordedAt: new Date().toISOString() })
  } catch (error) {
    log.warn(`Could not note which backup the store was put back from (${(error as Error).message}): the next start takes a new backup`)
  }
}
