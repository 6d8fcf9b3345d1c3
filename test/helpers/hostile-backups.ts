import { createHash } from 'node:crypto'
import { constants, createBrotliCompress, crc32 } from 'node:zlib'
import {
  encodeBlockHeader,
  encodeFooter,
  encodeHeader,
  encodeTrailer,
  type BackupFooter,
  type BackupHeader
} from '../../src/main/engine/backup/file/backup-format.ts'
import { encodeV1Footer } from '../fixtures/v1-backup-writer.ts'

/**
 * Backup files as an attacker builds them: every checksum valid (anyone can compute a SHA-256 or a CRC), so only
 * the reader's bounds stand between them and gigabytes of output.
 */
export function headerOf(id: string, format: 1 | 2): BackupHeader {
  return {
    format,
    id,
    createdAt: '2026-01-01T00:00:00.000Z',
    schemaVersion: 1,
    reason: 'manual',
    compression: 'br',
    tool: 'crafted',
    dataDir: '/crafted'
  }
}

/** The frame header of one record: u32 key length, the key, u32 value length (the value follows). */
export function frameStart(key: string, valueLength: number): Buffer {
  const keyBytes = Buffer.from(key, 'utf8')
  const out = Buffer.alloc(8 + keyBytes.length)
  out.writeUInt32BE(keyBytes.length, 0)
  keyBytes.copy(out, 4)
  out.writeUInt32BE(valueLength >>> 0, 4 + keyBytes.length)
  return out
}

const bombs = new Map<string, Promise<Buffer>>()

/**
 * A brotli stream of `prefix` then `zeros` zero bytes, a few hundred bytes for a gigabyte (quality 4 is the
 * fastest that keeps it that small: about 1.7 s of CPU per GB to make, once per process and size).
 */
export function brotliBomb(prefix: Buffer, zeros: number): Promise<Buffer> {
  const key = `${prefix.toString('hex')}:${zeros}`
  let made = bombs.get(key)
  if (!made) {
    made = (async () => {
      const compressor = createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_LGWIN]: 24 } })
      const out: Buffer[] = []
      compressor.on('data', (chunk: Buffer) => out.push(chunk))
      const done = new Promise<void>((resolve, reject) => compressor.on('end', resolve).on('error', reject))
      compressor.write(prefix)
      const chunk = Buffer.alloc(Math.min(zeros, 64 << 20))
      for (let left = zeros; left > 0; left -= chunk.length) {
        if (!compressor.write(left >= chunk.length ? chunk : chunk.subarray(0, left))) {
          await new Promise((resolve) => compressor.once('drain', resolve))
        }
      }
      compressor.end()
      await done
      return Buffer.concat(out)
    })()
    bombs.set(key, made)
  }
  return made
}

/** A format-1 file around `body`, its footer saying what `footer` says and its SHA-256 right. */
export function v1File(id: string, body: Buffer, footer: { records: number; rawBytes: number }): Buffer {
  const head = encodeHeader(headerOf(id, 1))
  const sha256 = createHash('sha256').update(head).update(body).digest('hex')
  return Buffer.concat([head, body, encodeV1Footer({ ...footer, bodyBytes: body.length, sha256 })])
}

export interface CraftedBlock {
  compressed: Buffer
  rawLength: number
  /** Default: the right CRC-32 of `compressed`. */
  crc?: number
}

export function encodeCraftedBlock(block: CraftedBlock): Buffer {
  return Buffer.concat([encodeBlockHeader(block.compressed.length, block.rawLength, block.crc ?? crc32(block.compressed)), block.compressed])
}

/** A format-2 file of `blocks`, its footer's counts as given (bodyBytes and blocks right by default), its SHA-256 right. */
export function v2File(id: string, blocks: readonly CraftedBlock[], footer: Partial<BackupFooter> & { records: number; rawBytes: number }): Buffer {
  const head = encodeHeader(headerOf(id, 2))
  const body = Buffer.concat(blocks.map(encodeCraftedBlock))
  const footerBytes = encodeFooter({ bodyBytes: body.length, blocks: blocks.length, ...footer })
  const sha256 = createHash('sha256').update(head).update(body).update(footerBytes).digest()
  return Buffer.concat([head, body, footerBytes, encodeTrailer(sha256)])
}
