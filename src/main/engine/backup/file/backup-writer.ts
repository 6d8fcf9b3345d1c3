import { createHash } from 'node:crypto'
import type { BackupInfo, BackupReason } from '../../../../shared/backup.ts'
import type { ProgressListener } from '../../../../shared/progress.ts'
import { ProgressTracker } from '../../support/progress-tracker.ts'
import type { Db } from '../../store/store.ts'
import { scanBatches } from '../../store/store-scan.ts'
import { KeyCountEstimate } from '../../store/key-count-estimate.ts'
import { AtomicFile } from './atomic-file.ts'
import { releaseClaim } from '../folder/backup-claims.ts'
import { BlockSlicer, encodeBlocks } from './backup-blocks.ts'
import { BACKUP_FORMAT_VERSION, encodeFooter, encodeFrames, encodeHeader, encodeTrailer, type BackupHeader } from './backup-format.ts'
import { MAX_KEY_BYTES, MAX_VALUE_BYTES } from './backup-limits.ts'
import { temporaryPathFor } from '../folder/backup-temporaries.ts'
import { defaultBackupDir, storeIdOf } from '../folder/backup-owner.ts'
import path from 'node:path'
import { TOOL_NAME } from '../../support/constants.ts'
import type { KeyTally } from '../../store/key-tally.ts'
import { MeridianError } from '../../../../shared/errors.ts'
import { BACKUP_COMPRESSION, type BackupCompression } from './backup-codec.ts'

const WRITE_RUN_BYTES = 1 << 20

export interface WriteBackupOptions {
  db: Db
  dataDir: string
  finalPath: string
  id: string
  reason: BackupReason
  schemaVersion: number
  signal?: AbortSignal
  onProgress?: ProgressListener
  /** Counts keys by prefix on the way, for the pass that follows (a migration's). */
  tally?: KeyTally
  /** Default BACKUP_COMPRESSION (brotli); gzip blocks read too, though nothing writes them by default. */
  compression?: BackupCompression
  /** The moment the content is of, when not now (an archive of a checkpoint says the checkpoint's). */
  createdAt?: string
  /** What to write instead of the store as it is (an in-store backup's export): entries in key order, and how many. */
  source?: { batches: AsyncIterable<Array<[Buffer, Buffer]>>; total: number }
}

/** A record the format could not read back is refused before anything of it is written. */
function assertWithinLimits(batch: ReadonlyArray<readonly [Buffer, Buffer]>): void {
  for (const [key, value] of batch) {
    if (key.length > MAX_KEY_BYTES || value.length > MAX_VALUE_BYTES) {
      const what = key.length > MAX_KEY_BYTES ? `a key of ${key.length} bytes` : `a value of ${value.length} bytes`
      throw new MeridianError(
        'INVALID_INPUT',
        `The store holds ${what} (key ${JSON.stringify(key.subarray(0, 64).toString('utf8'))}), above what a backup holds (keys ${MAX_KEY_BYTES}, values ${MAX_VALUE_BYTES} bytes)`
      )
    }
  }
}

/**
 * Writes backup `options.id` (claimed by BackupRepository.allocateId) and gives the claim up once the file is in
 * place or discarded.
 */
export async function writeBackup(options: WriteBackupOptions): Promise<BackupInfo> {
  try {
    return await writeClaimedBackup(options)
  } finally {
    await releaseClaim(options.finalPath)
  }
}

/**
 * Streams every key and value of the store (one snapshot) into a backup file of compressed blocks, hashing as
 * it writes, then commits it atomically. Memory stays at one scan batch plus a block or two.
 */
async function writeClaimedBackup(options: WriteBackupOptions): Promise<BackupInfo> {
  const { db, signal } = options
  const estimate = options.source ? null : await KeyCountEstimate.of(db, signal)
  const exactTotal = options.source?.total ?? (estimate?.exact ? estimate.current : null)
  let progress: ProgressTracker | null = exactTotal === null ? null : new ProgressTracker('backup', exactTotal, options.onProgress)
  const header: BackupHeader = {
    format: BACKUP_FORMAT_VERSION,
    id: options.id,
    createdAt: options.createdAt ?? new Date().toISOString(),
    schemaVersion: options.schemaVersion,
    reason: options.reason,
    compression: options.compression ?? BACKUP_COMPRESSION,
    tool: TOOL_NAME,
    dataDir: options.dataDir,
    storeId: storeIdOf(options.dataDir),
    defaultFolder: path.dirname(path.resolve(options.finalPath)) === defaultBackupDir(options.dataDir)
  }
  const file = await AtomicFile.create(options.finalPath, temporaryPathFor(options.finalPath, storeIdOf(options.dataDir)))
  try {
    const hash = createHash('sha256')
    const headerBytes = encodeHeader(header)
    hash.update(headerBytes)
    await file.write(headerBytes)

    let records = 0
    let rawBytes = 0
    let bodyBytes = 0
    let blocks = 0
    // Blocks are about 1 MB raw and a fraction of that compressed; writing them in ~1 MB runs saves syscalls.
    let pending: Buffer[] = []
    let pendingBytes = 0
    const flush = async (): Promise<void> => {
      if (pendingBytes === 0) return
      const run = Buffer.concat(pending, pendingBytes)
      pending = []
      pendingBytes = 0
      await file.write(run)
    }
    const writeSlice = async (raw: Buffer): Promise<void> => {
      const parts = await encodeBlocks(header.compression, raw)
      blocks += parts.length / 2
      for (const part of parts) {
        hash.update(part)
        bodyBytes += part.length
        pending.push(part)
        pendingBytes += part.length
      }
      if (pendingBytes >= WRITE_RUN_BYTES) await flush()
    }
    const slicer = new BlockSlicer()
    let batches = 0
    for await (const batch of options.source?.batches ?? scanBatches(db, { signal })) {
      assertWithinLimits(batch)
      const chunk = encodeFrames(batch)
      options.tally?.observe(batch)
      records += batch.length
      rawBytes += chunk.length
      // An estimated total is set from the first batch and refined every 16 (~16k keys) after it.
      if (estimate && !estimate.exact && batches++ % 16 === 0) {
        const total = await estimate.refine(records, (batch.at(-1) as [Buffer, Buffer])[0])
        if (progress) progress.retotal(total)
        else progress = new ProgressTracker('backup', total, options.onProgress, null, true)
      }
      progress?.advance(batch.length)
      for (const slice of slicer.push(chunk)) await writeSlice(slice)
    }
    for (const slice of slicer.rest()) await writeSlice(slice)
    await flush()
    const footer = encodeFooter({ records, rawBytes, bodyBytes, blocks })
    hash.update(footer)
    const trailer = encodeTrailer(hash.digest())
    await file.write(Buffer.concat([footer, trailer]))
    await file.commit()
    progress ??= new ProgressTracker('backup', records, options.onProgress)
    progress.finish()
    const bytes = headerBytes.length + bodyBytes + footer.length + trailer.length
    return {
      id: header.id,
      kind: 'archive',
      createdAt: header.createdAt,
      schemaVersion: header.schemaVersion,
      records,
      bytes,
      diskBytes: bytes,
      verified: true,
      reason: header.reason
    }
  } catch (error) {
    await file.discard()
    throw error
  }
}
