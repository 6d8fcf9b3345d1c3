import { z } from 'zod'
import { backupReasonSchema } from '../../../shared/backup.ts'
import { backupCompressionSchema } from './backup-codec.ts'

/**
 * A backup file, version 1:
 *
 *   "MRDNBAK1" | u32 header length | header JSON | compressed body | footer JSON | u32 footer length | "MRDNEND1"
 *
 * The body is a compressed stream (brotli, or gzip in older backups: the header's `compression`) of frames `u32 key length | key | u32 value length | value`, in key order, holding
 * every key and value of the store as raw bytes. The footer is written last: it carries the record count and a
 * SHA-256 over everything before it, so a file without a valid footer is never a backup.
 */
export const BACKUP_FORMAT_VERSION = 1
export const START_MAGIC = Buffer.from('MRDNBAK1', 'ascii')
export const END_MAGIC = Buffer.from('MRDNEND1', 'ascii')
export const BACKUP_EXTENSION = '.mbak'
/** Headers and footers are small JSON; anything larger is damage, not data. */
export const MAX_META_BYTES = 64 * 1024

export const backupHeaderSchema = z.object({
  format: z.literal(BACKUP_FORMAT_VERSION),
  id: z.string(),
  createdAt: z.string(),
  schemaVersion: z.number().int(),
  reason: backupReasonSchema,
  compression: backupCompressionSchema,
  tool: z.string(),
  dataDir: z.string()
})
export type BackupHeader = z.infer<typeof backupHeaderSchema>

export const backupFooterSchema = z.object({
  records: z.number().int().nonnegative(),
  rawBytes: z.number().int().nonnegative(),
  bodyBytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/)
})
export type BackupFooter = z.infer<typeof backupFooterSchema>

export function encodeHeader(header: BackupHeader): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8')
  const length = Buffer.alloc(4)
  length.writeUInt32BE(json.length)
  return Buffer.concat([START_MAGIC, length, json])
}

export function encodeFooter(footer: BackupFooter): Buffer {
  const json = Buffer.from(JSON.stringify(footer), 'utf8')
  const length = Buffer.alloc(4)
  length.writeUInt32BE(json.length)
  return Buffer.concat([json, length, END_MAGIC])
}

/** Appends `key, value` frames to one buffer, so the compressor is fed large chunks rather than tiny ones. */
export function encodeFrames(entries: ReadonlyArray<readonly [Buffer, Buffer]>): Buffer {
  let size = 0
  for (const [key, value] of entries) size += 8 + key.length + value.length
  const out = Buffer.allocUnsafe(size)
  let at = 0
  for (const [key, value] of entries) {
    out.writeUInt32BE(key.length, at)
    key.copy(out, at + 4)
    at += 4 + key.length
    out.writeUInt32BE(value.length, at)
    value.copy(out, at + 4)
    at += 4 + value.length
  }
  return out
}

/**
 * Decodes frames from chunks that may split a frame anywhere. Chunks that cannot complete the pending frame are
 * only queued, and joined once the frame is whole, so a value of many megabytes costs linear time, not quadratic.
 */
export class FrameDecoder {
  private queued: Buffer[] = []
  private queuedBytes = 0
  /** Bytes the pending frame needs before it can be decoded (at least its length fields). */
  private needed = 4

  /** Every complete frame in what has arrived so far. */
  push(chunk: Buffer): Array<[Buffer, Buffer]> {
    this.queued.push(chunk)
    this.queuedBytes += chunk.length
    if (this.queuedBytes < this.needed) return []
    const data = this.queued.length === 1 ? chunk : Buffer.concat(this.queued, this.queuedBytes)
    const frames: Array<[Buffer, Buffer]> = []
    let at = 0
    for (;;) {
      const left = data.length - at
      if (left < 4) {
        this.needed = 4
        break
      }
      const keyLength = data.readUInt32BE(at)
      if (left < 8 + keyLength) {
        this.needed = 8 + keyLength
        break
      }
      const valueLength = data.readUInt32BE(at + 4 + keyLength)
      const size = 8 + keyLength + valueLength
      if (left < size) {
        this.needed = size
        break
      }
      // Copies, so a frame does not pin the whole decompressed chunk in memory.
      const key = Buffer.from(data.subarray(at + 4, at + 4 + keyLength))
      const value = Buffer.from(data.subarray(at + 8 + keyLength, at + size))
      frames.push([key, value])
      at += size
    }
    const rest = data.subarray(at)
    this.queued = rest.length > 0 ? [Buffer.from(rest)] : []
    this.queuedBytes = rest.length
    return frames
  }

  /** True when the stream ended on a frame boundary. */
  get complete(): boolean {
    return this.queuedBytes === 0
  }
}
