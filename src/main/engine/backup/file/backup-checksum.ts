import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { MeridianError } from '../../../../shared/errors.ts'
import { throwIfAborted } from '../../store/store-scan.ts'
import type { BackupLayout } from './backup-layout.ts'

/** Files proven intact in this process, by path, size and modification time (backups never change once renamed). */
const intact = new Set<string>()
const REMEMBERED = 64

/**
 * Checks the file's SHA-256 against its bytes as they are on disk, without decompressing anything:
 * about 1/70 of the time a full read takes (13.6 MB: 44 ms against 3.1 s), so browsing and comparing can refuse
 * a damaged backup up front, with verify's code (BACKUP_CORRUPT), instead of showing part of it. A file proven
 * intact is remembered, so paging through one backup hashes it once.
 */
export async function assertChecksum(filePath: string, layout: BackupLayout, signal?: AbortSignal): Promise<void> {
  const { size, mtimeMs } = await stat(filePath)
  const identity = `${filePath}\u0000${size}\u0000${mtimeMs}`
  if (intact.has(identity)) return
  const hash = createHash('sha256')
  // Format 2's hash covers everything before it, footer included; format 1's everything before its footer.
  for await (const chunk of createReadStream(filePath, { start: 0, end: layout.checksumEnd - 1, highWaterMark: 1 << 20 })) {
    throwIfAborted(signal, 'Checking the backup')
    hash.update(chunk as Buffer)
  }
  if (hash.digest('hex') !== layout.sha256) {
    throw new MeridianError('BACKUP_CORRUPT', `Backup ${layout.header.id} is damaged: its checksum does not match`)
  }
  if (intact.size >= REMEMBERED) intact.clear()
  intact.add(identity)
}
