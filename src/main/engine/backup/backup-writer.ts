import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGzip } from 'node:zlib'
import type { BackupInfo, BackupReason } from '../../../shared/backup.ts'
import type { ProgressListener } from '../../../shared/progress.ts'
import { ProgressTracker } from '../progress-tracker.ts'
import type { Db } from '../store.ts'
import { countKeys, scanBatches } from '../store-scan.ts'
import { AtomicFile } from './atomic-file.ts'
import { encodeFooter, encodeFrames, encodeHeader, type BackupHeader } from './backup-format.ts'
import { TOOL_NAME } from '../constants.ts'

/** gzip level 1: most of the size win at a fraction of the CPU of higher levels (see bench/). */
export const GZIP_LEVEL = 1
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
  /** What to write instead of the store as it is (an in-store backup's export): entries in key order, and how many. */
  source?: { batches: AsyncIterable<Array<[Buffer, Buffer]>>; total: number }
}

/**
 * Streams every key and value of the store (one snapshot) into a compressed backup file, hashing as it writes,
 * then commits it atomically. Memory stays at one scan batch plus the compressor's window.
 */
export async function writeBackup(options: WriteBackupOptions): Promise<BackupInfo> {
  const { db, signal } = options
  const total = options.source?.total ?? (await countKeys(db, {}, signal))
  const progress = new ProgressTracker('backup', total, options.onProgress)
  const header: BackupHeader = {
    format: 1,
    id: options.id,
    createdAt: new Date().toISOString(),
    schemaVersion: options.schemaVersion,
    reason: options.reason,
    compression: 'gzip',
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
      for await (const batch of options.source?.batches ?? scanBatches(db, { signal })) {
        const chunk = encodeFrames(batch)
        records += batch.length
        rawBytes += chunk.length
        progress.advance(batch.length)
        yield chunk
      }
    }
    await pipeline(Readable.from(frames()), createGzip({ level: GZIP_LEVEL }), async (compressed: AsyncIterable<Buffer>) => {
      // gzip emits 16 KB chunks; writing them in ~1 MB runs saves syscalls.
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
