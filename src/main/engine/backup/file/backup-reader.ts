import { createHash } from 'node:crypto'
import { open, type FileHandle } from 'node:fs/promises'
import { crc32 } from 'node:zlib'
import { MeridianError } from '../../../../shared/errors.ts'
import { throwIfAborted } from '../../store/store-scan.ts'
import { decompressBlock } from './backup-codec.ts'
import { backupCorrupt, BLOCK_HEADER_BYTES } from './backup-format.ts'
import type { BackupLayout } from './backup-layout.ts'
import { blockExpansionAllowed, MAX_BLOCK_COMPRESSED_BYTES, MAX_BLOCK_RAW_BYTES } from './backup-limits.ts'
import { readV1Entries } from './backup-reader-v1.ts'
import { FrameDecoder } from './frame-decoder.ts'

export { readBackupLayout, type BackupLayout } from './backup-layout.ts'

/** Counts what a read decompressed, so tests can prove a crafted file's cost bounded without timing it. */
export interface ReadMeter {
  decompressedBytes: number
}

/**
 * Streams the entries of a backup in key order, and fails with BACKUP_CORRUPT as soon as a block is damaged or
 * out of bounds, or at the end when the checksum, the counts or the frame boundaries disagree with the footer.
 * Callers that must not act on bad data (restore) verify the whole file first, then stream it again.
 */
export function readBackupEntries(
  filePath: string,
  layout: BackupLayout,
  signal?: AbortSignal,
  meter: ReadMeter = { decompressedBytes: 0 }
): AsyncGenerator<Array<[Buffer, Buffer]>> {
  return layout.format === 1 ? readV1Entries(filePath, layout, signal, meter) : readBlockEntries(filePath, layout, signal, meter)
}

async function readExactly(handle: FileHandle, length: number, position: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length)
  let got = 0
  while (got < length) {
    const { bytesRead } = await handle.read(buffer, got, length - got, position + got)
    if (bytesRead === 0) break
    got += bytesRead
  }
  return buffer.subarray(0, got)
}

/**
 * Format 2: each block's sizes are checked against the fixed bounds and the body's end, then its compressed bytes
 * are read (at most MAX_BLOCK_COMPRESSED_BYTES) and their CRC-32 checked, and only then are they decompressed, to
 * at most the raw size the block declares. Work and memory per block are bounded whatever the file holds.
 */
async function* readBlockEntries(
  filePath: string,
  layout: BackupLayout,
  signal: AbortSignal | undefined,
  meter: ReadMeter
): AsyncGenerator<Array<[Buffer, Buffer]>> {
  const { id, compression } = layout.header
  const expectedBlocks = layout.footer.blocks ?? 0
  const hash = createHash('sha256')
  const decoder = new FrameDecoder(id)
  const handle = await open(filePath, 'r')
  let records = 0
  let produced = 0
  let blocks = 0
  try {
    hash.update(await readExactly(handle, layout.bodyStart, 0))
    for (let at = layout.bodyStart; at < layout.bodyEnd;) {
      throwIfAborted(signal, 'Reading the backup')
      const where = `block ${blocks + 1} (byte ${at})`
      if (blocks === expectedBlocks) throw backupCorrupt(id, `it holds more blocks than the ${expectedBlocks} its footer says`)
      if (layout.bodyEnd - at < BLOCK_HEADER_BYTES) throw backupCorrupt(id, `its body ends inside the header of ${where}`)
      const head = await readExactly(handle, BLOCK_HEADER_BYTES, at)
      const compressedLength = head.readUInt32BE(0)
      const rawLength = head.readUInt32BE(4)
      if (compressedLength === 0 || compressedLength > MAX_BLOCK_COMPRESSED_BYTES || rawLength === 0 || rawLength > MAX_BLOCK_RAW_BYTES) {
        throw backupCorrupt(id, `${where} declares ${compressedLength} bytes expanding to ${rawLength}, outside the format's bounds`)
      }
      if (!blockExpansionAllowed(rawLength, compressedLength)) {
        throw backupCorrupt(id, `${where} declares ${compressedLength} bytes expanding to ${rawLength}, more than any block expands`)
      }
      if (compressedLength > layout.bodyEnd - at - BLOCK_HEADER_BYTES) throw backupCorrupt(id, `${where} runs past the end of the body`)
      const compressed = await readExactly(handle, compressedLength, at + BLOCK_HEADER_BYTES)
      if (compressed.length !== compressedLength) throw backupCorrupt(id, `the file is truncated inside ${where}`)
      if (crc32(compressed) !== head.readUInt32BE(8)) throw backupCorrupt(id, `the checksum of ${where} does not match`)
      hash.update(head).update(compressed)
      let raw: Buffer
      try {
        raw = await decompressBlock(compression, compressed, rawLength)
      } catch (error) {
        throw backupCorrupt(id, `${where} cannot be decompressed to its ${rawLength} bytes (${(error as Error).message})`)
      }
      meter.decompressedBytes += raw.length
      if (raw.length !== rawLength) throw backupCorrupt(id, `${where} holds ${raw.length} bytes, it declares ${rawLength}`)
      produced += raw.length
      blocks++
      at += BLOCK_HEADER_BYTES + compressedLength
      const frames = decoder.push(raw)
      records += frames.length
      if (frames.length > 0) yield frames
    }
    hash.update(await readExactly(handle, layout.checksumEnd - layout.bodyEnd, layout.bodyEnd))
  } catch (error) {
    if (error instanceof MeridianError) throw error
    throw backupCorrupt(id, `its body cannot be read (${(error as Error).message})`)
  } finally {
    await handle.close()
  }
  if (!decoder.complete) throw backupCorrupt(id, 'its body ends in the middle of a record')
  if (hash.digest('hex') !== layout.sha256) throw backupCorrupt(id, 'its checksum does not match')
  if (blocks !== expectedBlocks) throw backupCorrupt(id, `it holds ${blocks} blocks, its footer says ${expectedBlocks}`)
  if (records !== layout.footer.records) throw backupCorrupt(id, `it holds ${records} records, its footer says ${layout.footer.records}`)
  if (produced !== layout.footer.rawBytes) throw backupCorrupt(id, `its body holds ${produced} bytes, its footer says ${layout.footer.rawBytes}`)
}
