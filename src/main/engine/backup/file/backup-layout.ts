import { open } from 'node:fs/promises'
import {
  backupCorrupt,
  backupFooterSchema,
  backupHeaderSchema,
  BLOCK_HEADER_BYTES,
  END_MAGIC,
  MAGIC_BYTES,
  MAX_META_BYTES,
  SHA256_BYTES,
  START_MAGIC,
  V1_END_MAGIC,
  V1_START_MAGIC,
  v1FooterSchema,
  type BackupHeader
} from './backup-format.ts'
import { MAX_BLOCK_RAW_BYTES, MAX_V1_EXPANSION } from './backup-limits.ts'

/** Where each part of a backup file lies, read from its two ends without touching the body. */
export interface BackupLayout {
  /** The header's `format`, as its start marker says: 2, or 1 for backups written before blocks. */
  format: 1 | 2
  header: BackupHeader
  /** The footer's counts; `blocks` is null in format 1, which has none. */
  footer: { records: number; rawBytes: number; bodyBytes: number; blocks: number | null }
  /** Header bytes (magic, length and JSON): the body starts here. */
  bodyStart: number
  bodyEnd: number
  fileBytes: number
  /** The SHA-256 (hex) of the file's bytes before `checksumEnd`: all but the trailer in format 2, the body's end in 1. */
  sha256: string
  checksumEnd: number
}

function parseMeta<T>(id: string, what: string, bytes: Buffer, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }): T {
  let value: unknown
  try {
    value = JSON.parse(bytes.toString('utf8'))
  } catch {
    throw backupCorrupt(id, `its ${what} is not readable`)
  }
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw backupCorrupt(id, `its ${what} is not valid`)
  return parsed.data
}

/**
 * Reads the header and footer (a few KB at each end); BACKUP_CORRUPT when either is missing or malformed, or
 * when the counts they state are impossible for the file's size. Reads both format versions.
 */
export async function readBackupLayout(filePath: string, id: string): Promise<BackupLayout> {
  const handle = await open(filePath, 'r')
  try {
    const { size } = await handle.stat()
    const read = async (position: number, length: number): Promise<Buffer> => {
      const buffer = Buffer.alloc(length)
      const { bytesRead } = await handle.read(buffer, 0, length, position)
      return buffer.subarray(0, bytesRead)
    }
    if (size < MAGIC_BYTES + 4) throw backupCorrupt(id, `the file is truncated (${size} bytes)`)
    const start = await read(0, MAGIC_BYTES + 4)
    const magic = start.subarray(0, MAGIC_BYTES)
    const format = magic.equals(START_MAGIC) ? 2 : magic.equals(V1_START_MAGIC) ? 1 : null
    if (format === null) throw backupCorrupt(id, 'it is not a Meridian backup file')
    const endMagic = format === 2 ? END_MAGIC : V1_END_MAGIC
    // Format 2 ends in footer length, SHA-256, end marker; format 1 in footer length, end marker.
    const tail = 4 + (format === 2 ? SHA256_BYTES : 0) + MAGIC_BYTES
    if (size < MAGIC_BYTES + 4 + tail) throw backupCorrupt(id, `the file is truncated (${size} bytes)`)
    const end = await read(size - tail, tail)
    if (!end.subarray(tail - MAGIC_BYTES).equals(endMagic)) throw backupCorrupt(id, 'the file is truncated (no end marker)')
    const headerLength = start.readUInt32BE(MAGIC_BYTES)
    const footerLength = end.readUInt32BE(0)
    const bodyStart = MAGIC_BYTES + 4 + headerLength
    const bodyEnd = size - tail - footerLength
    if (headerLength > MAX_META_BYTES || footerLength > MAX_META_BYTES || bodyEnd < bodyStart) {
      throw backupCorrupt(id, 'its header or footer length is impossible')
    }
    const header = parseMeta(id, 'header', await read(MAGIC_BYTES + 4, headerLength), backupHeaderSchema)
    if (header.format !== format) throw backupCorrupt(id, `its header says format ${header.format}, its start marker ${format}`)
    const footerBytes = await read(bodyEnd, footerLength)
    const bodyBytes = bodyEnd - bodyStart
    if (format === 1) {
      const footer = parseMeta(id, 'footer', footerBytes, v1FooterSchema)
      if (footer.bodyBytes !== bodyBytes) throw backupCorrupt(id, 'its body length does not match its footer')
      if (footer.rawBytes > Math.max(bodyBytes, 1) * MAX_V1_EXPANSION) {
        throw backupCorrupt(id, `its footer says ${footer.rawBytes} bytes come from a body of ${bodyBytes}, more than any backup expands`)
      }
      const { sha256, ...counts } = footer
      return { format, header, footer: { ...counts, blocks: null }, bodyStart, bodyEnd, fileBytes: size, sha256, checksumEnd: bodyEnd }
    }
    const footer = parseMeta(id, 'footer', footerBytes, backupFooterSchema)
    if (footer.bodyBytes !== bodyBytes) throw backupCorrupt(id, 'its body length does not match its footer')
    if (footer.blocks * BLOCK_HEADER_BYTES > bodyBytes || footer.rawBytes > footer.blocks * MAX_BLOCK_RAW_BYTES) {
      throw backupCorrupt(id, 'its footer’s block count does not fit its body')
    }
    const sha256 = end.subarray(4, 4 + SHA256_BYTES).toString('hex')
    return { format, header, footer, bodyStart, bodyEnd, fileBytes: size, sha256, checksumEnd: size - SHA256_BYTES - MAGIC_BYTES }
  } finally {
    await handle.close()
  }
}
