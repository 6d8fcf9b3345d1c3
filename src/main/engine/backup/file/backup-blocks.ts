import { crc32 } from 'node:zlib'
import { compressBlock, type BackupCompression } from './backup-codec.ts'
import { encodeBlockHeader } from './backup-format.ts'
import { BLOCK_EXPANSION_FLOOR_BYTES, blockExpansionAllowed, MAX_BLOCK_RAW_BYTES } from './backup-limits.ts'

/**
 * The writer's side of format 2's blocks: raw frame bytes are cut into slices of MAX_BLOCK_RAW_BYTES (frames may
 * span slices), and each slice becomes one block, or several when it compresses better than the reader allows
 * (a megabyte of zeros): then it is written as floor-sized blocks, each of which may expand any amount.
 */
export class BlockSlicer {
  private pending: Buffer[] = []
  private pendingBytes = 0

  /** The full slices `chunk` completes; the rest waits for more, or for `rest()`. */
  push(chunk: Buffer): Buffer[] {
    this.pending.push(chunk)
    this.pendingBytes += chunk.length
    if (this.pendingBytes < MAX_BLOCK_RAW_BYTES) return []
    const joined = Buffer.concat(this.pending, this.pendingBytes)
    const slices: Buffer[] = []
    let at = 0
    for (; joined.length - at >= MAX_BLOCK_RAW_BYTES; at += MAX_BLOCK_RAW_BYTES) {
      slices.push(joined.subarray(at, at + MAX_BLOCK_RAW_BYTES))
    }
    this.pending = at < joined.length ? [joined.subarray(at)] : []
    this.pendingBytes = joined.length - at
    return slices
  }

  /** What is left at the end (empty when the frames filled whole slices). */
  rest(): Buffer[] {
    const rest = this.pendingBytes > 0 ? [Buffer.concat(this.pending, this.pendingBytes)] : []
    this.pending = []
    this.pendingBytes = 0
    return rest
  }
}

async function block(compression: BackupCompression, raw: Buffer): Promise<{ header: Buffer; compressed: Buffer }> {
  const compressed = await compressBlock(compression, raw)
  return { header: encodeBlockHeader(compressed.length, raw.length, crc32(compressed)), compressed }
}

/** The encoded blocks (header, then compressed bytes, for each) of one raw slice. */
export async function encodeBlocks(compression: BackupCompression, raw: Buffer): Promise<Buffer[]> {
  const whole = await block(compression, raw)
  if (blockExpansionAllowed(raw.length, whole.compressed.length)) return [whole.header, whole.compressed]
  const parts: Buffer[] = []
  for (let at = 0; at < raw.length; at += BLOCK_EXPANSION_FLOOR_BYTES) {
    const piece = await block(compression, raw.subarray(at, at + BLOCK_EXPANSION_FLOOR_BYTES))
    parts.push(piece.header, piece.compressed)
  }
  return parts
}
