import * as zlib from 'node:zlib'
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib'
import { encodeFrames } from '../src/main/engine/backup/file/backup-format.ts'
import { BACKUP_COMPRESSION, codecName } from '../src/main/engine/backup/file/backup-codec.ts'
import { bestOf } from './sample.ts'

export interface CodecFigure {
  codec: string
  compressMbPerSecond: number
  decompressMbPerSecond: number
  /** Raw bytes per compressed byte. */
  ratio: number
  /** Projected CPU seconds to compress / decompress the whole 1M-task store's frames at this rate. */
  compressSecondsPerGb: number
  decompressSecondsPerGb: number
}

export interface CompressionReport {
  sampleRecords: number
  sampleMb: number
  engineCodec: string
  codecs: CodecFigure[]
  verdict: string
}

interface Codec {
  name: string
  compress: (data: Buffer) => Buffer
  decompress: (data: Buffer) => Buffer
}

/** zlib's zstd (Node 22.15 / 23.8 and later); @types/node 20 does not declare it, so it is looked up. */
const zstd = zlib as unknown as {
  zstdCompressSync?: (data: Buffer, options: { params: Record<number, number> }) => Buffer
  zstdDecompressSync?: (data: Buffer) => Buffer
  constants: { ZSTD_c_compressionLevel?: number }
}

/** zstd at `level`, where this runtime's zlib has it. */
function zstdCodec(level: number): Codec[] {
  const { zstdCompressSync, zstdDecompressSync } = zstd
  const param = zstd.constants.ZSTD_c_compressionLevel
  if (!zstdCompressSync || !zstdDecompressSync || param === undefined) return []
  return [{ name: `zstd-${level}`, compress: (d) => zstdCompressSync(d, { params: { [param]: level } }), decompress: (d) => zstdDecompressSync(d) }]
}

/** Whether this runtime measures zstd too. */
export const ZSTD_AVAILABLE = zstdCodec(1).length > 0

const CODECS: Codec[] = [
  { name: 'gzip-1', compress: (d) => gzipSync(d, { level: 1 }), decompress: (d) => gunzipSync(d) },
  { name: 'gzip-6', compress: (d) => gzipSync(d, { level: 6 }), decompress: (d) => gunzipSync(d) },
  {
    name: 'brotli-1',
    compress: (d) => brotliCompressSync(d, { params: { [constants.BROTLI_PARAM_QUALITY]: 1, [constants.BROTLI_PARAM_SIZE_HINT]: d.length } }),
    decompress: (d) => brotliDecompressSync(d)
  },
  ...zstdCodec(1),
  ...zstdCodec(3)
]

const MB = 1048576
const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits

/**
 * Compresses the backup frames of a sample of real task records (encoded exactly as the engine's backup writer encodes
 * them: one buffer of frames per 1000-record scan batch, fed to the compressor in that order) with each codec.
 * One-shot compression of the joined frames gives the codec's own speed, free of stream overhead.
 */
export function compareCompression(entries: Array<[Buffer, Buffer]>): CompressionReport {
  const chunks: Buffer[] = []
  for (let i = 0; i < entries.length; i += 1000) chunks.push(encodeFrames(entries.slice(i, i + 1000)))
  const data = Buffer.concat(chunks)
  const sizeMb = data.length / MB
  const codecs = CODECS.map((codec): CodecFigure => {
    let packed: Buffer = Buffer.alloc(0)
    // The best of three runs each: the first pays for warming the code and the caches.
    const compressSeconds = bestOf(3, () => {
      packed = codec.compress(data)
    })
    const decompressSeconds = bestOf(3, () => {
      codec.decompress(packed)
    })
    return {
      codec: codec.name,
      compressMbPerSecond: round(sizeMb / compressSeconds),
      decompressMbPerSecond: round(sizeMb / decompressSeconds),
      ratio: round(data.length / packed.length, 2),
      compressSecondsPerGb: round((1024 / sizeMb) * compressSeconds, 2),
      decompressSecondsPerGb: round((1024 / sizeMb) * decompressSeconds, 2)
    }
  })
  return {
    sampleRecords: entries.length,
    sampleMb: round(sizeMb),
    engineCodec: codecName(BACKUP_COMPRESSION),
    codecs,
    verdict: verdictOf(codecs, codecName(BACKUP_COMPRESSION))
  }
}

/**
 * The best codec for a backup is the one with the least time for its size: compress time (a backup, every
 * migration) plus decompress time (verify, restore, rollback), with the bytes written priced at a modest 200 MB/s
 * disk. The verdict names the winner and how far each other codec is from it.
 */
function verdictOf(codecs: CodecFigure[], engine: string): string {
  const DISK_MB_PER_S = 200
  const cost = (c: CodecFigure): number => c.compressSecondsPerGb + c.decompressSecondsPerGb + 1024 / c.ratio / DISK_MB_PER_S
  const ranked = [...codecs].sort((a, b) => cost(a) - cost(b))
  const best = ranked[0] as CodecFigure
  const ours = codecs.find((c) => c.codec === engine)
  const lines = ranked.map(
    (c) =>
      `${c.codec}: ${c.compressMbPerSecond} MB/s in, ${c.decompressMbPerSecond} MB/s out, ratio ${c.ratio} → ${cost(c).toFixed(1)} s per GB of frames (compress + decompress + write at ${DISK_MB_PER_S} MB/s)`
  )
  const head =
    best.codec === engine
      ? `${engine} (what the engine uses) is the best choice: lowest total time per GB; the others buy at most ${Math.round((1 - Math.min(...codecs.map((c) => 1 / c.ratio)) * (ours?.ratio ?? 1)) * 100)}% smaller files for more CPU on the critical path.`
      : `${best.codec} beats ${engine} (what the engine uses) on total time per GB by ${ours ? Math.round((1 - cost(best) / cost(ours)) * 100) : 0}%: worth switching to it.`
  return [
    head,
    ...lines,
    ZSTD_AVAILABLE
      ? 'zstd is measured with this runtime’s zlib; backups would use it only if every runtime that must read them has it (Node 20 hosts do not).'
      : 'zstd is not measured: this runtime’s zlib has none (it arrives in Node 22.15/23.8).'
  ].join('\n')
}
