/**
 * Fixed bounds on what a backup file may declare, checked before anything is allocated or decompressed, so a
 * crafted file costs bounded memory and time whatever its checksums say (a SHA-256 proves a file undamaged, not
 * harmless: anyone can compute one).
 */

/** A block's raw (decompressed) bytes at most; the writer cuts the frame stream into blocks of this size. */
export const MAX_BLOCK_RAW_BYTES = 1 << 20
/** A block's compressed bytes at most: the raw bound plus room for incompressible data growing a little. */
export const MAX_BLOCK_COMPRESSED_BYTES = MAX_BLOCK_RAW_BYTES + (64 << 10)
/** Any block may expand to this many bytes, however small its compressed bytes ... */
export const BLOCK_EXPANSION_FLOOR_BYTES = 16 << 10
/** ... and a larger one to at most this many times its compressed bytes (the writer splits blocks that would not). */
export const MAX_BLOCK_EXPANSION = 1024

/** Whether a block of `compressed` bytes may declare `raw` bytes. */
export function blockExpansionAllowed(raw: number, compressed: number): boolean {
  return raw <= BLOCK_EXPANSION_FLOOR_BYTES || raw <= compressed * MAX_BLOCK_EXPANSION
}

/**
 * Format 1 has one compressed stream and no block sizes: its output is bounded by the footer's rawBytes, which
 * may be at most this many times the compressed body. The old writer (brotli quality 1, gzip level 1) reaches
 * ~5,500 on a body of zeros and ~2,000 on one JSON record repeated; real stores compress about 10 times.
 */
export const MAX_V1_EXPANSION = 16384

/** A record's key and value at most (Meridian's are far smaller; values of 6 MB are tested). */
export const MAX_KEY_BYTES = 1 << 20
export const MAX_VALUE_BYTES = 256 << 20
