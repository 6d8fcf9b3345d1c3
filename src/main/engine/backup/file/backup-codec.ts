import type { Transform } from 'node:stream'
import { promisify } from 'node:util'
import { brotliCompress, brotliDecompress, constants, createBrotliDecompress, createGunzip, gunzip, gzip } from 'node:zlib'
import { z } from 'zod'

/**
 * How a backup body is compressed. New backups use brotli at quality 1: on Meridian's records it compresses
 * faster than gzip level 1, decompresses ~1.7× faster and makes ~8% smaller files (bench/ measures all three on
 * every run and prints the verdict). gzip stays readable, for backups written before the switch.
 */
export const backupCompressionSchema = z.enum(['br', 'gzip'])
export type BackupCompression = z.infer<typeof backupCompressionSchema>

export const BACKUP_COMPRESSION: BackupCompression = 'br'
export const BROTLI_QUALITY = 1
export const GZIP_LEVEL = 1

const brotliCompressAsync = promisify(brotliCompress)
const brotliDecompressAsync = promisify(brotliDecompress)
const gzipAsync = promisify(gzip)
const gunzipAsync = promisify(gunzip)

/** One block, compressed on its own (off the main thread). */
export function compressBlock(compression: BackupCompression, raw: Buffer): Promise<Buffer> {
  return compression === 'br'
    ? brotliCompressAsync(raw, {
        params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length }
      })
    : gzipAsync(raw, { level: GZIP_LEVEL })
}

/**
 * One block, decompressed to at most `maxBytes`: zlib stops and fails (ERR_BUFFER_TOO_LARGE) as soon as its
 * output passes the bound, so a block that expands further costs no more than the bound.
 */
export function decompressBlock(compression: BackupCompression, compressed: Buffer, maxBytes: number): Promise<Buffer> {
  return compression === 'br' ? brotliDecompressAsync(compressed, { maxOutputLength: maxBytes }) : gunzipAsync(compressed, { maxOutputLength: maxBytes })
}

/** Format 1's single stream, decompressed in 16 KB chunks. */
export function createDecompressor(compression: BackupCompression): Transform {
  return compression === 'br' ? createBrotliDecompress() : createGunzip()
}

/** The codec's name as the benchmark prints it. */
export const codecName = (compression: BackupCompression): string => (compression === 'br' ? `brotli-${BROTLI_QUALITY}` : `gzip-${GZIP_LEVEL}`)
