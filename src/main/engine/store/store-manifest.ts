import { readFile } from 'node:fs/promises'
import path from 'node:path'

/**
 * The next file number a LevelDB or RocksDB store will allocate, read from the MANIFEST its CURRENT names: every
 * file the engine creates from now on (a log, a MANIFEST, a table written while replaying the log at open) takes
 * a number at or above it. A table at or above it on disk is an orphan, one a compaction or flush wrote but never
 * recorded (LevelDB abandons the output of a compaction cut short by close; a killed writer leaves one too), and
 * the next open creates a file of that very name, truncating it. Null when the MANIFEST cannot be read or names
 * no number: the caller then treats every table as one.
 *
 * Both engines write the MANIFEST as a log (32 KiB blocks of checksummed fragments) of VersionEdits, and both
 * encode the next file number (tag 3) before any table list, so only the leading, simple tags of an edit are
 * decoded; an edit is left at the first tag this does not know.
 */
export async function readNextFileNumber(dataDir: string): Promise<number | null> {
  try {
    const current = (await readFile(path.join(dataDir, 'CURRENT'), 'utf8')).trim()
    if (!/^MANIFEST-\d+$/.test(current)) return null
    let next: number | null = null
    for (const edit of logRecords(await readFile(path.join(dataDir, current)))) {
      const found = nextFileNumberOf(edit)
      if (found !== null) next = Math.max(next ?? 0, found)
    }
    return next
  } catch {
    return null
  }
}

const BLOCK_SIZE = 32 * 1024
const FULL = 1
const FIRST = 2
const LAST = 4
/** RocksDB's recyclable fragments carry the log number (4 bytes) after the type, covered by the checksum. */
const RECYCLABLE_OFFSET = 4

/** The records of a LevelDB/RocksDB log file, stopping at the first fragment that is torn or fails its checksum. */
export function* logRecords(file: Buffer): Generator<Buffer> {
  let offset = 0
  let pending: Buffer[] | null = null
  while (offset < file.length) {
    const leftInBlock = BLOCK_SIZE - (offset % BLOCK_SIZE)
    if (leftInBlock < 7) {
      offset += leftInBlock // a block's tail too short for a header is zero padding
      continue
    }
    const length = file.readUInt16LE(offset + 4)
    const rawType = file[offset + 6] ?? 0
    const recyclable = rawType > LAST
    const type = recyclable ? rawType - RECYCLABLE_OFFSET : rawType
    const headerSize = recyclable ? 11 : 7
    if (type < FULL || type > LAST || offset + headerSize + length > file.length) return // preallocated or torn
    const covered = file.subarray(offset + 6, offset + headerSize + length)
    if (unmask(file.readUInt32LE(offset)) !== crc32c(covered)) return
    const fragment = file.subarray(offset + headerSize, offset + headerSize + length)
    offset += headerSize + length
    if (type === FULL) {
      pending = null
      yield fragment
    } else if (type === FIRST) {
      pending = [fragment]
    } else if (pending !== null) {
      // a middle or last fragment
      pending.push(fragment)
      if (type === LAST) {
        yield Buffer.concat(pending)
        pending = null
      }
    }
  }
}

const TAG_NEXT_FILE_NUMBER = 3
/** Tags whose value is one varint: log number, last sequence, prev log number, min log to keep; RocksDB's column family, max column family, atomic group. */
const VARINT_TAGS = new Set([2, 4, 9, 10, 200, 203, 300])
/** Tags whose value is one length-prefixed slice: the comparator's name, RocksDB's column family name. */
const SLICE_TAGS = new Set([1, 201])
/** RocksDB's forward-compatible tags (db id, WAL records…) each carry one length-prefixed slice. */
const SAFE_IGNORE_MASK = 1 << 13

function nextFileNumberOf(edit: Buffer): number | null {
  const reader = { buffer: edit, offset: 0 }
  while (reader.offset < edit.length) {
    const tag = readVarint(reader)
    if (tag === null) return null
    if (tag === TAG_NEXT_FILE_NUMBER) return readVarint(reader)
    if (VARINT_TAGS.has(tag)) {
      if (readVarint(reader) === null) return null
    } else if (SLICE_TAGS.has(tag) || (tag & SAFE_IGNORE_MASK) !== 0) {
      const length = readVarint(reader)
      if (length === null) return null
      reader.offset += length
    } else if (tag === 202) {
      // RocksDB's column family drop: no value
    } else {
      return null // a table list or a tag this does not decode: the number, when there, came before it
    }
  }
  return null
}

function readVarint(reader: { buffer: Buffer; offset: number }): number | null {
  let value = 0
  let scale = 1
  while (reader.offset < reader.buffer.length) {
    const byte = reader.buffer[reader.offset++] ?? 0
    value += (byte & 0x7f) * scale
    if (byte < 0x80) return Number.isSafeInteger(value) ? value : null
    scale *= 128
  }
  return null
}

const MASK_DELTA = 0xa282ead8

/** LevelDB stores a fragment's CRC-32C rotated and offset, so a CRC of data holding CRCs stays well spread. */
function unmask(masked: number): number {
  const rotated = (masked - MASK_DELTA) >>> 0
  return ((rotated >>> 17) | (rotated << 15)) >>> 0
}

const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
})()

/** CRC-32C (Castagnoli), the checksum of LevelDB's and RocksDB's log fragments. */
export function crc32c(data: Uint8Array): number {
  let crc = 0xffffffff
  for (const byte of data) crc = (CRC32C_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}
