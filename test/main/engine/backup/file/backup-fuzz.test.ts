import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { brotliCompressSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeFrames } from '../../../../../src/main/engine/backup/file/backup-format.ts'
import { BLOCK_EXPANSION_FLOOR_BYTES, MAX_BLOCK_RAW_BYTES, MAX_V1_EXPANSION } from '../../../../../src/main/engine/backup/file/backup-limits.ts'
import { readBackupEntries, readBackupLayout, type ReadMeter } from '../../../../../src/main/engine/backup/file/backup-reader.ts'
import { mulberry32 } from '../../../../../src/main/demo/random.ts'
import { MigrationManager } from '../../../../../src/main/engine/operations/migration-manager.ts'
import { MeridianError } from '../../../../../src/shared/errors.ts'
import { writeV1Backup } from '../../../../fixtures/v1-backup-writer.ts'
import { seedV1Store } from '../../../../helpers/fixture-stores.ts'
import { brotliBomb, frameStart, v1File, v2File, type CraftedBlock } from '../../../../helpers/hostile-backups.ts'
import { useTempStores } from '../../../../helpers/temp-store.ts'

const stores = useTempStores()
const SEED = 0x18b4c
const CASES = 320
const ID = 'backup_20260101_000000'
const GB = 2 ** 30

/**
 * What a file of `bytes` may make a reader decompress (the meter counts the blocks and chunks it went on with; a
 * block that expands past its declared size is stopped inside zlib by maxOutputLength, see the CLI's memory test), whatever it holds. Format 2: a block of c compressed bytes
 * (12 + c on disk) declares at most max(floor, 1024 c) raw, so at most floor / 13 per byte of file. Format 1: the
 * footer's rawBytes, at most MAX_V1_EXPANSION per body byte, plus the 16 KB chunk that passes it.
 */
const boundOf = (format: 1 | 2, bytes: number): number =>
  format === 2 ? Math.ceil(BLOCK_EXPANSION_FLOOR_BYTES / 13) * bytes : MAX_V1_EXPANSION * bytes + (16 << 10)

interface Base {
  format: 1 | 2
  bytes: Buffer
  /** Where the u32 length fields are: header, footer, and format 2's block headers. */
  lengthFields: number[]
}

const bases: Base[] = []
let dir = ''
let file = ''
let bomb: Buffer = Buffer.alloc(0)

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
})

beforeAll(async () => {
  const store = await stores.newStore()
  await seedV1Store(store, 30)
  const random = mulberry32(SEED)
  // Random bytes do not compress: a value this size makes the format-2 file two blocks.
  const big = Buffer.from(Array.from({ length: MAX_BLOCK_RAW_BYTES + (200 << 10) }, () => Math.floor(random() * 256)))
  await store.db.put(Buffer.from('blob:big'), big)
  const manager = new MigrationManager(store)
  const taken = await manager.createBackup()
  const v2Bytes = await readFile(manager.backups.repository.pathFor(taken.id))
  const v2Layout = await readBackupLayout(manager.backups.repository.pathFor(taken.id), taken.id)
  const secondBlock = v2Layout.bodyStart + 12 + v2Bytes.readUInt32BE(v2Layout.bodyStart)
  const v2Footer = v2Layout.fileBytes - 8 - 32 - 4
  bases.push({ format: 2, bytes: v2Bytes, lengthFields: [8, v2Footer, v2Layout.bodyStart, v2Layout.bodyStart + 4, secondBlock, secondBlock + 4] })
  // The store's folder goes after each test; the cases are read from a folder of their own.
  dir = await mkdtemp(path.join(os.tmpdir(), 'meridian-admin-fuzz-'))
  file = path.join(dir, `${ID}.mbak`)
  await writeV1Backup({ db: store.db, dataDir: store.dataDir, finalPath: file, id: ID, schemaVersion: 1 })
  const v1Bytes = await readFile(file)
  bases.push({ format: 1, bytes: v1Bytes, lengthFields: [8, v1Bytes.length - 12] })
  bomb = await brotliBomb(frameStart('k', GB), GB)
}, 60_000)

type Outcome = { kind: 'valid'; records: number } | { kind: 'error'; error: unknown }

async function readWhole(bytes: Buffer, id: string, meter: ReadMeter): Promise<Outcome> {
  await writeFile(file, bytes)
  try {
    const layout = await readBackupLayout(file, id)
    let records = 0
    for await (const batch of readBackupEntries(file, layout, undefined, meter)) records += batch.length
    return { kind: 'valid', records }
  } catch (error) {
    return { kind: 'error', error }
  }
}

/** One mutation of a real backup, or one crafted file with its checksums right, as the PRNG picks. */
function caseOf(random: () => number, n: number): { label: string; format: 1 | 2; id: string; bytes: Buffer } {
  const int = (below: number): number => Math.floor(random() * below)
  const base = bases[n % 2] as Base
  const hugeValues = [0xffffffff, 0x80000000, MAX_BLOCK_RAW_BYTES + 1, int(2 ** 32)]
  const huge = (): number => hugeValues[int(hugeValues.length)] ?? 0xffffffff
  const id = base.format === 2 ? (JSON.parse(base.bytes.subarray(12, 12 + base.bytes.readUInt32BE(8)).toString()) as { id: string }).id : ID
  switch (int(6)) {
    case 0: {
      const length = int(base.bytes.length)
      return { label: `truncated to ${length}`, format: base.format, id, bytes: base.bytes.subarray(0, length) }
    }
    case 1: {
      const bytes = Buffer.from(base.bytes)
      const flips = 1 + int(3)
      for (let i = 0; i < flips; i++) {
        const at = int(bytes.length)
        bytes[at] = (bytes[at] ?? 0) ^ (1 << int(8))
      }
      return { label: `${flips} bits flipped`, format: base.format, id, bytes }
    }
    case 2: {
      const bytes = Buffer.from(base.bytes)
      const at = base.lengthFields[int(base.lengthFields.length)] ?? 8
      const value = huge()
      bytes.writeUInt32BE(value, at)
      return { label: `length field at ${at} set to ${value}`, format: base.format, id, bytes }
    }
    case 3: {
      // A frame whose key or value length is huge, in a body whose checksums are right.
      const raw = encodeFrames([[Buffer.from('task:a'), Buffer.from('{}')]])
      const field = int(2) === 0 ? 0 : 4 + 'task:a'.length
      raw.writeUInt32BE(huge(), field)
      const compressed = brotliCompressSync(raw)
      return base.format === 2
        ? {
            label: 'a frame length set huge',
            format: 2,
            id: ID,
            bytes: v2File(ID, [{ compressed, rawLength: raw.length }], { records: 1, rawBytes: raw.length })
          }
        : { label: 'a frame length set huge', format: 1, id: ID, bytes: v1File(ID, compressed, { records: 1, rawBytes: raw.length }) }
    }
    case 4: {
      // The 1 GB bomb, declaring a random size (format 2) or a footer saying any rawBytes up to 1 TB (format 1).
      if (base.format === 2) {
        const rawLength = 1 + int(MAX_BLOCK_RAW_BYTES)
        const blocks: CraftedBlock[] = Array.from({ length: 1 + int(3) }, () => ({ compressed: bomb, rawLength }))
        return { label: `bomb blocks declaring ${rawLength}`, format: 2, id: ID, bytes: v2File(ID, blocks, { records: 1, rawBytes: rawLength }) }
      }
      // Half the time under the bound from the body's size, so the stream itself must be stopped at rawBytes.
      const rawBytes = int(2) === 0 ? int(bomb.length * MAX_V1_EXPANSION) : int(2 ** 40)
      return { label: `bomb with rawBytes ${rawBytes}`, format: 1, id: ID, bytes: v1File(ID, bomb, { records: 1, rawBytes }) }
    }
    default: {
      // Random bytes where compressed ones should be, checksums right.
      const garbage = Buffer.from(Array.from({ length: 1 + int(2048) }, () => int(256)))
      const rawLength = 1 + int(MAX_BLOCK_RAW_BYTES)
      return base.format === 2
        ? { label: 'random block', format: 2, id: ID, bytes: v2File(ID, [{ compressed: garbage, rawLength }], { records: 1, rawBytes: rawLength }) }
        : { label: 'random body', format: 1, id: ID, bytes: v1File(ID, garbage, { records: 1, rawBytes: int(garbage.length * 100) }) }
    }
  }
}

describe(`the backup decoder on ${CASES} seeded hostile files (seed ${SEED})`, () => {
  it('reads both untouched files whole', async () => {
    for (const base of bases) {
      const meter = { decompressedBytes: 0 }
      const id = base.format === 2 ? (JSON.parse(base.bytes.subarray(12, 12 + base.bytes.readUInt32BE(8)).toString()) as { id: string }).id : ID
      expect(await readWhole(base.bytes, id, meter)).toMatchObject({ kind: 'valid' })
      expect(meter.decompressedBytes).toBeGreaterThan(MAX_BLOCK_RAW_BYTES)
    }
  })

  it('ends every other case in BACKUP_CORRUPT, never another error, having decompressed a bounded amount', async () => {
    const random = mulberry32(SEED)
    const seen = new Set<string>()
    // The figures the README's Safety section quotes: hostile files refused, and of them decompression bombs.
    const tally = { tried: 0, refused: 0, bombsTried: 0, bombsRefused: 0 }
    for (let n = 0; n < CASES; n++) {
      const { label, format, id, bytes } = caseOf(random, n)
      const meter = { decompressedBytes: 0 }
      const outcome = await readWhole(bytes, id, meter)
      const untouched = bases.some((base) => base.bytes.equals(bytes))
      const what = `case ${n}, format ${format}: ${label}`
      if (!untouched) {
        const refused = outcome.kind === 'error' && outcome.error instanceof MeridianError && outcome.error.code === 'BACKUP_CORRUPT'
        const bomb = label.startsWith('bomb')
        tally.tried++
        tally.bombsTried += bomb ? 1 : 0
        tally.refused += refused ? 1 : 0
        tally.bombsRefused += bomb && refused ? 1 : 0
      }
      if (untouched) expect(outcome.kind, what).toBe('valid')
      else {
        expect(outcome.kind, what).toBe('error')
        const error = outcome.kind === 'error' ? outcome.error : null
        expect(error, `${what}: ${String(error)}`).toBeInstanceOf(MeridianError)
        expect((error as MeridianError).code, what).toBe('BACKUP_CORRUPT')
        seen.add(label.split(' ')[0] ?? label)
      }
      expect(meter.decompressedBytes, what).toBeLessThanOrEqual(boundOf(format, bytes.length))
    }
    console.log(
      `hostile backup files (seed ${SEED}): ${tally.refused} refused (BACKUP_CORRUPT, bounded decompression) of ${tally.tried} tried; decompression bombs: ${tally.bombsRefused} refused of ${tally.bombsTried} tried`
    )
    // Every kind of case was drawn.
    expect(seen.size).toBeGreaterThanOrEqual(6)
  }, 120_000)
})
