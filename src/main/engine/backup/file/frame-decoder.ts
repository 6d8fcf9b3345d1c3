import { backupCorrupt } from './backup-format.ts'
import { MAX_KEY_BYTES, MAX_VALUE_BYTES } from './backup-limits.ts'

/**
 * Decodes frames from chunks that may split a frame anywhere. Chunks that cannot complete the pending frame are
 * only queued, and joined once the frame is whole, so a value of many megabytes costs linear time, not quadratic.
 * A length field above the format's bounds is BACKUP_CORRUPT as soon as it is read, before anything waits for it.
 */
export class FrameDecoder {
  private queued: Buffer[] = []
  private queuedBytes = 0
  /** Bytes the pending frame needs before it can be decoded (at least its length fields). */
  private needed = 4

  /** `id` names the backup in the error a bad length field raises. */
  constructor(private readonly id = 'file') {}

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
      if (keyLength > MAX_KEY_BYTES) throw this.tooLarge('key', keyLength, MAX_KEY_BYTES)
      if (left < 8 + keyLength) {
        this.needed = 8 + keyLength
        break
      }
      const valueLength = data.readUInt32BE(at + 4 + keyLength)
      if (valueLength > MAX_VALUE_BYTES) throw this.tooLarge('value', valueLength, MAX_VALUE_BYTES)
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

  private tooLarge(what: string, length: number, limit: number): Error {
    return backupCorrupt(this.id, `a record declares a ${what} of ${length} bytes, above the format's ${limit}`)
  }
}
