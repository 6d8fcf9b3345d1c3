import { createHash } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import {
  BACKUP_FORMAT_VERSION,
  END_MAGIC,
  START_MAGIC,
  V1_END_MAGIC,
  backupFooterSchema,
  backupHeaderSchema,
  encodeFooter,
  encodeFrames,
  encodeHeader,
  v1FooterSchema,
  type BackupFooter,
  type BackupHeader,
  type V1Footer
} from '../../../../../src/main/engine/backup/file/backup-format.ts'
import { readBackupEntries, readBackupLayout } from '../../../../../src/main/engine/backup/file/backup-reader.ts'
import { FrameDecoder } from '../../../../../src/main/engine/backup/file/frame-decoder.ts'
import { MAX_KEY_BYTES, MAX_VALUE_BYTES } from '../../../../../src/main/engine/backup/file/backup-limits.ts'
import { encodeV1Footer } from '../../../../fixtures/v1-backup-writer.ts'
import { rejectionOf } from '../../../../helpers/temp-store.ts'

const ENTRIES: Array<[Buffer, Buffer]> = [
  [Buffer.from('_schema_version'), Buffer.from('1')],
  [Buffer.from('a'), Buffer.alloc(0)],
  [Buffer.alloc(0), Buffer.from('empty key')],
  [Buffer.from([0xff, 0x00, 0xfe]), Buffer.from([0x00, 0x00, 0x00, 0x01, 0xc3, 0x28])],
  [Buffer.from('task:x'), Buffer.from(JSON.stringify({ id: 'x', title: 'é ✓' }))]
]

const HEADER: BackupHeader = {
  format: BACKUP_FORMAT_VERSION,
  id: 'backup_20240101_120000',
  createdAt: '2024-01-01T12:00:00.000Z',
  schemaVersion: 2,
  reason: 'manual',
  compression: 'gzip',
  tool: 'meridian-admin test',
  dataDir: '/tmp/somewhere'
}

describe('FrameDecoder', () => {
  const encoded = encodeFrames(ENTRIES)

  it('encodes each entry as u32 key length, key, u32 value length, value', () => {
    const single = encodeFrames([[Buffer.from('ab'), Buffer.from('xyz')]])
    expect(single.toString('hex')).toBe('00000002' + '6162' + '00000003' + '78797a')
    expect(encoded.length).toBe(ENTRIES.reduce((sum, [k, v]) => sum + 8 + k.length + v.length, 0))
  })

  it('decodes the frames of one whole chunk', () => {
    const decoder = new FrameDecoder()
    expect(decoder.push(encoded)).toEqual(ENTRIES)
    expect(decoder.complete).toBe(true)
  })

  it('decodes the same frames when the stream is split at every byte boundary', () => {
    for (let split = 0; split <= encoded.length; split++) {
      const decoder = new FrameDecoder()
      const frames = [...decoder.push(encoded.subarray(0, split)), ...decoder.push(encoded.subarray(split))]
      expect(frames, `split at ${split}`).toEqual(ENTRIES)
      expect(decoder.complete, `split at ${split}`).toBe(true)
    }
  })

  it('decodes the same frames when fed one byte at a time', () => {
    const decoder = new FrameDecoder()
    const frames: Array<[Buffer, Buffer]> = []
    for (let i = 0; i < encoded.length; i++) frames.push(...decoder.push(encoded.subarray(i, i + 1)))
    expect(frames).toEqual(ENTRIES)
    expect(decoder.complete).toBe(true)
  })

  it('is not complete while a frame is cut short, at any cut', () => {
    for (let cut = 1; cut < encoded.length; cut++) {
      const decoder = new FrameDecoder()
      const frames = decoder.push(encoded.subarray(0, cut))
      const onBoundary = frames.reduce((sum, [k, v]) => sum + 8 + k.length + v.length, 0) === cut
      expect(decoder.complete, `cut at ${cut}`).toBe(onBoundary)
    }
  })

  it('returns decoded frames that do not share memory with the input chunk', () => {
    const chunk = Buffer.from(encoded)
    const [first] = new FrameDecoder().push(chunk)
    chunk.fill(0)
    expect(first?.[0].toString()).toBe('_schema_version')
  })

  it('refuses a key or value length above the format’s bounds as soon as the length field arrives', () => {
    const hugeKey = Buffer.alloc(4)
    hugeKey.writeUInt32BE(MAX_KEY_BYTES + 1)
    expect(() => new FrameDecoder('backup_x').push(hugeKey)).toThrow(expect.objectContaining({ code: 'BACKUP_CORRUPT' }))
    const hugeValue = Buffer.alloc(8)
    hugeValue.writeUInt32BE(MAX_VALUE_BYTES + 1, 4)
    expect(() => new FrameDecoder('backup_x').push(hugeValue)).toThrow(expect.objectContaining({ code: 'BACKUP_CORRUPT' }))
  })
})

describe('header and footer', () => {
  it('writes the header as "MRDNBAK2", a big-endian u32 length, then the JSON header', () => {
    const bytes = encodeHeader(HEADER)
    expect(bytes.subarray(0, 8)).toEqual(START_MAGIC)
    expect(START_MAGIC.toString('ascii')).toBe('MRDNBAK2')
    const length = bytes.readUInt32BE(8)
    expect(length).toBe(bytes.length - 12)
    expect(backupHeaderSchema.parse(JSON.parse(bytes.subarray(12).toString('utf8')))).toEqual(HEADER)
  })

  it('writes the footer as JSON then a big-endian u32 length (the SHA-256 and "MRDNEND2" follow)', () => {
    const footer: BackupFooter = { records: 5, rawBytes: 10, bodyBytes: 20, blocks: 1 }
    const bytes = encodeFooter(footer)
    expect(END_MAGIC.toString('ascii')).toBe('MRDNEND2')
    const length = bytes.readUInt32BE(bytes.length - 4)
    expect(length).toBe(bytes.length - 4)
    expect(backupFooterSchema.parse(JSON.parse(bytes.subarray(0, length).toString('utf8')))).toEqual(footer)
  })

  it('wrote format 1’s footer as JSON, a big-endian u32 length, then "MRDNEND1"', () => {
    const footer: V1Footer = { records: 5, rawBytes: 10, bodyBytes: 20, sha256: 'a'.repeat(64) }
    const bytes = encodeV1Footer(footer)
    expect(bytes.subarray(bytes.length - 8)).toEqual(V1_END_MAGIC)
    const length = bytes.readUInt32BE(bytes.length - 12)
    expect(length).toBe(bytes.length - 12)
    expect(v1FooterSchema.parse(JSON.parse(bytes.subarray(0, length).toString('utf8')))).toEqual(footer)
  })

  it('rejects headers of another format version or an unknown reason', () => {
    expect(backupHeaderSchema.safeParse({ ...HEADER, format: 3 }).success).toBe(false)
    expect(backupHeaderSchema.safeParse({ ...HEADER, reason: 'nightly' }).success).toBe(false)
    expect(backupHeaderSchema.safeParse({ ...HEADER, compression: 'zstd' }).success).toBe(false)
    expect(v1FooterSchema.safeParse({ records: 1, rawBytes: 1, bodyBytes: 1, sha256: 'xyz' }).success).toBe(false)
    expect(backupFooterSchema.safeParse({ records: 1, rawBytes: 1, bodyBytes: 1, blocks: -1 }).success).toBe(false)
  })
})

const COMPRESSORS = [
  ['gzip', (raw: Buffer) => gzipSync(raw)],
  ['br', (raw: Buffer) => brotliCompressSync(raw)]
] as const

describe.each(COMPRESSORS)('a format-1 backup file assembled by hand, %s body', (compression, compress) => {
  const header: BackupHeader = { ...HEADER, format: 1, compression }
  const dirs: string[] = []
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
  })

  async function writeFileOf(parts: { records?: number; sha?: string } = {}): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'meridian-admin-format-'))
    dirs.push(dir)
    const head = encodeHeader(header)
    const raw = encodeFrames(ENTRIES)
    const body = compress(raw)
    const sha = parts.sha ?? createHash('sha256').update(head).update(body).digest('hex')
    const footer = encodeV1Footer({ records: parts.records ?? ENTRIES.length, rawBytes: raw.length, bodyBytes: body.length, sha256: sha })
    const file = path.join(dir, `${HEADER.id}.mbak`)
    await writeFile(file, Buffer.concat([head, body, footer]))
    return file
  }

  async function readAll(file: string): Promise<Array<[Buffer, Buffer]>> {
    const layout = await readBackupLayout(file, HEADER.id)
    const entries: Array<[Buffer, Buffer]> = []
    for await (const batch of readBackupEntries(file, layout)) entries.push(...batch)
    return entries
  }

  it('reads back its header, footer and every entry', async () => {
    const file = await writeFileOf()
    const layout = await readBackupLayout(file, HEADER.id)
    expect(layout.header).toEqual(header)
    expect(layout.footer.records).toBe(ENTRIES.length)
    expect(layout.bodyStart).toBe(encodeHeader(header).length)
    expect(await readAll(file)).toEqual(ENTRIES)
  })

  it('fails with BACKUP_CORRUPT when the checksum in the footer does not match', async () => {
    const file = await writeFileOf({ sha: '0'.repeat(64) })
    const error = await rejectionOf(readAll(file))
    expect(error.code).toBe('BACKUP_CORRUPT')
    expect(error.message).toContain('checksum')
  })

  it('fails with BACKUP_CORRUPT when the footer’s record count disagrees with the body', async () => {
    const file = await writeFileOf({ records: ENTRIES.length + 1 })
    const error = await rejectionOf(readAll(file))
    expect(error.code).toBe('BACKUP_CORRUPT')
    expect(error.message).toContain(`holds ${ENTRIES.length} records`)
  })
})
