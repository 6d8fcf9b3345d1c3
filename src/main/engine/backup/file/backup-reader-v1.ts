import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { MeridianError } from '../../../../shared/errors.ts'
import { throwIfAborted } from '../../store/store-scan.ts'
import { assertChecksum } from './backup-checksum.ts'
import { createDecompressor } from './backup-codec.ts'
import { backupCorrupt } from './backup-format.ts'
import type { BackupLayout } from './backup-layout.ts'
import { FrameDecoder } from './frame-decoder.ts'

/**
 * Streams the entries of a format-1 backup (one compressed stream, no block sizes). Its checksum is checked over
 * the raw bytes before anything is decompressed; then the stream is read in 16 KB chunks and stopped as soon as
 * it yields more than the footer's rawBytes, which readBackupLayout bounds by the body's size (MAX_V1_EXPANSION).
 * The body is hashed again on the way, so a file changed between the two reads is still caught at the end.
 */
export async function* readV1Entries(
  filePath: string,
  layout: BackupLayout,
  signal: AbortSignal | undefined,
  meter: { decompressedBytes: number }
): AsyncGenerator<Array<[Buffer, Buffer]>> {
  const id = layout.header.id
  await assertChecksum(filePath, layout, signal)
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
  const decoder = new FrameDecoder(id)
  let records = 0
  let produced = 0
  try {
    for await (const chunk of decompressor) {
      throwIfAborted(signal, 'Reading the backup')
      produced += (chunk as Buffer).length
      meter.decompressedBytes += (chunk as Buffer).length
      if (produced > layout.footer.rawBytes) throw backupCorrupt(id, `its body expands past the ${layout.footer.rawBytes} bytes its footer says`)
      const frames = decoder.push(chunk as Buffer)
      records += frames.length
      if (frames.length > 0) yield frames
    }
  } catch (error) {
    if (error instanceof MeridianError) throw error
    throw backupCorrupt(id, `its compressed body cannot be read (${(error as Error).message})`)
  } finally {
    body.destroy()
    decompressor.destroy()
  }
  if (!decoder.complete) throw backupCorrupt(id, 'its body ends in the middle of a record')
  if (hash.digest('hex') !== layout.sha256) throw backupCorrupt(id, 'its checksum does not match')
  if (records !== layout.footer.records) throw backupCorrupt(id, `it holds ${records} records, its footer says ${layout.footer.records}`)
  if (produced !== layout.footer.rawBytes) throw backupCorrupt(id, `its body holds ${produced} bytes, its footer says ${layout.footer.rawBytes}`)
}
