import { z } from 'zod'
import { backupReasonSchema } from '../../../../shared/backup.ts'
import { MeridianError } from '../../../../shared/errors.ts'
import { backupCompressionSchema } from './backup-codec.ts'

/**
 * A backup file, version 2 (written since 2026-12-02):
 *
 *   "MRDNBAK2" | u32 header length | header JSON | block… | footer JSON | u32 footer length | SHA-256 | "MRDNEND2"
 *
 * Each block is `u32 compressed length | u32 raw length | u32 CRC-32 of the compressed bytes | compressed bytes`,
 * compressed on its own (brotli; the header's `compression`), so a reader checks a block's sizes against fixed
 * bounds (backup-limits.ts) and its CRC before decompressing it, and never produces more than it declared.
 * Decompressed and joined, the blocks are frames `u32 key length | key | u32 value length | value` in key order
 * (a frame may span blocks), holding every key and value of the store as raw bytes. The footer carries the record
 * and block counts; the 32-byte SHA-256 after it covers every byte before it, footer included.
 *
 * Version 1 (still read): "MRDNBAK1" | u32 header length | header JSON | one compressed stream of frames | footer
 * JSON | u32 footer length | "MRDNEND1", the footer holding the SHA-256 of the bytes before the footer only.
 */
export const BACKUP_FORMAT_VERSION = 2
export const START_MAGIC = Buffer.from('MRDNBAK2', 'ascii')
export const END_MAGIC = Buffer.from('MRDNEND2', 'ascii')
export const V1_START_MAGIC = Buffer.from('MRDNBAK1', 'ascii')
export const V1_END_MAGIC = Buffer.from('MRDNEND1', 'ascii')
export const MAGIC_BYTES = 8
export const SHA256_BYTES = 32
export const BLOCK_HEADER_BYTES = 12
export const BACKUP_EXTENSION = '.mbak'
/** Headers and footers are small JSON; anything larger is damage, not data. */
export const MAX_META_BYTES = 64 * 1024

export const backupHeaderSchema = z.object({
  format: z.union([z.literal(1), z.literal(BACKUP_FORMAT_VERSION)]),
  id: z.string(),
  createdAt: z.string(),
  schemaVersion: z.number().int(),
  reason: backupReasonSchema,
  compression: backupCompressionSchema,
  tool: z.string(),
  dataDir: z.string(),
  /**
   * The id of the store backed up (backup-owner.ts), written since backup folders are scoped to their stores;
   * absent in older backups, whose `dataDir` names their store instead.
   */
  storeId: z
    .string()
    .regex(/^[0-9a-f]{12}$/)
    .optional(),
  /** Written into the store's default folder (`<store>.backups`), not one given with --backup-dir. */
  defaultFolder: z.boolean().optional()
})
export type BackupHeader = z.infer<typeof backupHeaderSchema>

export const backupFooterSchema = z.object({
  records: z.number().int().nonnegative(),
  rawBytes: z.number().int().nonnegative(),
  bodyBytes: z.number().int().nonnegative(),
  blocks: z.number().int().nonnegative()
})
export type BackupFooter = z.infer<typeof backupFooterSchema>

/** Version 1's footer: the same counts but blocks, and the checksum of what precedes it. */
export const v1FooterSchema = z.object({
  records: z.number().int().nonnegative(),
  rawBytes: z.number().int().nonnegative(),
  bodyBytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/)
})
export type V1Footer = z.infer<typeof v1FooterSchema>

export const backupCorrupt = (id: string, why: string): MeridianError => new MeridianError('BACKUP_CORRUPT', `Backup ${id} is damaged: ${why}`)

const u32 = (value: number): Buffer => {
  const bytes = Buffer.alloc(4)
  bytes.writeUInt32BE(value)
  return bytes
}

export function encodeHeader(header: BackupHeader): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8')
  return Buffer.concat([header.format === 1 ? V1_START_MAGIC : START_MAGIC, u32(json.length), json])
}

/** The footer JSON and its length: the bytes the trailing SHA-256 covers last. */
export function encodeFooter(footer: BackupFooter): Buffer {
  const json = Buffer.from(JSON.stringify(footer), 'utf8')
  return Buffer.concat([json, u32(json.length)])
}

/** What follows the footer: the SHA-256 of everything before it (raw bytes, not hex), then the end marker. */
export function encodeTrailer(sha256: Buffer): Buffer {
  return Buffer.concat([sha256, END_MAGIC])
}

export function encodeBlockHeader(compressedLength: number, rawLength: number, crc: number): Buffer {
  return Buffer.concat([u32(compressedLength), u32(rawLength), u32(crc)])
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
