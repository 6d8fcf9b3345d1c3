import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { MeridianError } from '../../../shared/errors.ts'
import { throwIfAborted } from '../store-scan.ts'
import {
  backupFooterSchema,
  backupHeaderSchema,
  END_MAGIC,
  FrameDecoder,
  MAX_META_BYTES,
  START_MAGIC,
  type BackupFooter,
  type BackupHeader
} from './backup-format.ts'
import { createDecompressor } from './backup-codec.ts'

/** Where each part of a backup file lies, read from its two ends without touching the body. */
export interface BackupLayout {
  header: BackupHeader
  footer: BackupFooter
  /** Header bytes (magic, length and JSON): the body starts here. */
  bodyStart: number
  bodyEnd: number
  fileBytes: number
}

const corrupt = (id: string, why: string): MeridianError =>
  new MeridianError('BACKUP_CORRUPT', `Backup ${id} is damaged: ${why}`)

function parseMeta<T>(id: string, what: string, bytes: Buffer, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }): T {
  let value: unknown
  try {
    value = JSON.parse(bytes.toString('utf8'))
  } catch {
    throw corrupt(id, `its ${what} is not readable`)
  }
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw corrupt(id, `its ${what} is not valid`)
  return parsed.data
}

/** Reads the header and footer (a few KB at each end); BACKUP_CORRUPT when either is missing or malformed. */
export async function readBackupLayout(filePath: string, id: string): Promise<BackupLayout> {
  const handle = await open(filePath, 'r')
  try {
    const { size } = await handle.stat()
    const minimum = START_MAGIC.length + 4 + 4 + END_MAGIC.length
    if (size < minimum) throw corrupt(id, `the file is truncated (${size} bytes)`)
    const read = async (position: number, length: number): Promise<Buffer> => {
      const buffer = Buffer.alloc(length)
      const { bytesRead } = await handle.read(buffer, 0, length, position)
      return buffer.subarray(0, bytesRead)
    }
    const start = await read(0, START_MAGIC.length + 4)
    if (!start.subarray(0, START_MAGIC.length).equals(START_MAGIC)) throw corrupt(id, 'it is not a Meridian backup file')
    const headerLength = start.readUInt32BE(START_MAGIC.length)
    const end = await read(size - END_MAGIC.length - 4, END_MAGIC.length + 4)
    if (!end.subarray(4).equals(END_MAGIC)) throw corrupt(id, 'the file is truncated (no end marker)')
    const footerLength = end.readUInt32BE(0)
    const bodyStart = START_MAGIC.length + 4 + headerLength
    const bodyEnd = size - END_MAGIC.length - 4 - footerLength
    if (headerLength > MAX_META_BYTES || footerLength > MAX_META_BYTES || bodyEnd < bodyStart) {
      throw corrupt(id, 'its header or footer length is impossible')
    }
    const header = parseMeta(id, 'header', await read(START_MAGIC.length + 4, headerLength), backupHeaderSchema)
    const footer = parseMeta(id, 'footer', await read(bodyEnd, footerLength), backupFooterSchema)
    if (footer.bodyBytes !== bodyEnd - bodyStart) throw corrupt(id, 'its body length does not match its footer')
    return { header, footer, bodyStart, bodyEnd, fileBytes: size }
  } finally {
    await handle.close()
  }
}

/**
 * Streams the entries of a backup in key order while hashing the file, and fails with BACKUP_CORRUPT at the end
 * when the checksum, the record count or the frame boundaries disagree with the footer. Callers that must not act
 * on bad data (restore) verify the whole file first, then stream it again.
 */
export async function* readBackupEntries(
  filePath: string,
  layout: BackupLayout,
  signal?: AbortSignal
): AsyncGenerator<Array<[Buffer, Buffer]>> {
  const id = layout.header.id
  const hash = createHash('sha256')
  // The header bytes are hashed from the file itself, not re-encoded, so any flipped byte there is caught.
  const headHandle = await open(filePath, 'r')
  try {
    const head = Buffer.alloc(layout.bodyStart)
    await headHandle.read(head, 0, layout.bodyStart, 0)
    hash.update(head)
  } finally {
    await headHandle.close()
  }
  const body = createReadStream(filePath, { start: layout.bodyStart, end: layout.bodyEnd - 1, highWaterMark: 1 << 20 })
  body.on('data', (chunk) => hash.update(chunk as Buffer))
  const decompressor = createDecompressor(layout.header.compression)
  body.on('error', (error) => decompressor.destroy(error))
  body.pipe(decompressor)
  const decoder = new FrameDecoder()
  let records = 0
  try {
    for await (const chunk of decompressor) {
      throwIfAborted(signal, 'Reading the backup')
      const frames = decoder.push(chunk as Buffer)
      records += frames.length
      if (frames.length > 0) yield frames
    }
  } catch (error) {
    if (error instanceof MeridianError) throw error
    throw corrupt(id, `its compressed body cannot be read (${(error as Error).message})`)
  } finally {
    body.destroy()
    decompressor.destroy()
  }
  if (!decoder.complete) throw corrupt(id, 'its body ends in the middle of a record')
  if (hash.digest('hex') !== layout.footer.sha256) throw corrupt(id, 'its checksum does not match')
  if (records !== layout.footer.records) throw corrupt(id, `it holds ${records} records, its footer says ${layout.footer.records}`)
}
