import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { BackupInfo, BackupReason } from '../../../shared/backup.ts'
import type { ProgressListener } from '../../../shared/progress.ts'
import { ProgressTracker } from '../progress-tracker.ts'
import type { Db } from '../store.ts'
import { scanBatches } from '../store-scan.ts'
import { KeyCountEstimate } from '../key-count-estimate.ts'
import { AtomicFile } from './atomic-file.ts'
import { encodeFooter, encodeFrames, encodeHeader, type BackupHeader } from './backup-format.ts'
import { TOOL_NAME } from '../constants.ts'
import type { KeyTally } from '../key-tally.ts'
import { BACKUP_COMPRESSION, createCompressor, type BackupCompression } from './backup-codec.ts'

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
  /** Default BACKUP_COMPRESSION; tests write gzip to prove older backups still read. */
  compression?: BackupCompression
  /** What to write instead of the store as it is (an in-store backup's export): entries in key order, and how many. */
  source?: { batches: AsyncIterable<Array<[Buffer, Buffer]>>; total: number }
}

/**
 * Streams every key and value of the store (one snapshot) into a compressed backup file, hashing as it writes,
 * then commits it atomically. Memory stays at one scan batch plus the compressor's window.
 */
export async function writeBackup(options: WriteBackupOptions): Promise<BackupInfo> {
  const { db, signal } = options
  const estimate = options.source ? null : await KeyCountEstimate.of(db, signal)
  const exactTotal = options.source?.total ?? (estimate?.exact ? estimate.current : null)
  let progress: ProgressTracker | null = exactTotal === null ? null : new ProgressTracker('backup', exactTotal, options.onProgress)
  const header: BackupHeader = {
    format: 1,
    id: options.id,
    createdAt: new Date().toISOString(),
    schemaVersion: options.schemaVersion,
    reason: options.reason,
    compression: options.compression ?? BACKUP_COMPRESSION,
    tool: TOOL_NAME,
    dataDir: options.dataDir
  }
  const file = await AtomicFile.create(options.finalPath)
  try {
    const hash = createHash('sha256')
    const headerBytes = encodeHeader(header)
    hash.update(headerBytes)
    await file.write(headerBytes)

    let records = 0
    let rawBytes = 0
    let bodyBytes = 0
    async function* frames(): AsyncGenerator<Buffer> {
      let batches = 0
      for await (const batch of options.source?.batches ?? scanBatches(db, { signal })) {
        const chunk = encodeFrames(batch)
        options.tally?.observe(batch)
        records += batch.length
        rawBytes += chunk.length
        // An estimated total is set from the first batch and refined every 16 (~16k keys) after it.
        if (estimate && !estimate.exact && batches++ % 16 === 0) {
          const total = await estimate.refine(records, (batch.at(-1) as [Buffer, Buffer])[0])
          if (progress) progress.retotal(total)
          else progress = new ProgressTracker('backup', total, options.onProgress)
        }
        progress?.advance(batch.length)
        yield chunk
      }
    }
    await pipeline(Readable.from(frames()), createCompressor(header.compression), async (compressed: AsyncIterable<Buffer>) => {
      // The compressor emits 16 KB chunks; writing them in ~1 MB runs saves syscalls.
      let pending: Buffer[] = []
      let pendingBytes = 0
      const flush = async (): Promise<void> => {
        if (pendingBytes === 0) return
        const run = Buffer.concat(pending, pendingBytes)
        pending = []
        pendingBytes = 0
        await file.write(run)
      }
      for await (const chunk of compressed) {
        hash.update(chunk)
        bodyBytes += chunk.length
        pending.push(chunk)
        pendingBytes += chunk.length
        if (pendingBytes >= WRITE_RUN_BYTES) await flush()
      }
      await flush()
    })
    const footer = encodeFooter({ records, rawBytes, bodyBytes, sha256: hash.digest('hex') })
    await file.write(footer)
    await file.commit()
    progress ??= new ProgressTracker('backup', records, options.onProgress)
    progress.finish()
    return {
      id: header.id,
      createdAt: header.createdAt,
      schemaVersion: header.schemaVersion,
      records,
      bytes: headerBytes.length + bodyBytes + footer.length,
      reason: header.reason
    }
  } catch (error) {
    await file.discard()
    throw error
  }
}
