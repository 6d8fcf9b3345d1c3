import { brotliDecompressSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { BlockSlicer, encodeBlocks } from '../../../../../src/main/engine/backup/file/backup-blocks.ts'
import { BLOCK_EXPANSION_FLOOR_BYTES, blockExpansionAllowed, MAX_BLOCK_RAW_BYTES } from '../../../../../src/main/engine/backup/file/backup-limits.ts'
import { readBackupLayout } from '../../../../../src/main/engine/backup/file/backup-reader.ts'
import { MigrationManager } from '../../../../../src/main/engine/operations/migration-manager.ts'
import { seedV1Store } from '../../../../helpers/fixture-stores.ts'
import { snapshotDb, useTempStores } from '../../../../helpers/temp-store.ts'

const stores = useTempStores()

/** The blocks of `encodeBlocks`' output: [header, compressed] pairs. */
function blocksOf(parts: Buffer[]): Array<{ compressed: Buffer; rawLength: number }> {
  const blocks: Array<{ compressed: Buffer; rawLength: number }> = []
  for (let i = 0; i < parts.length; i += 2) blocks.push({ compressed: parts[i + 1] as Buffer, rawLength: (parts[i] as Buffer).readUInt32BE(4) })
  return blocks
}

describe('format 2 blocks, as the writer makes them', () => {
  it('cuts the frame stream into slices of the block bound, whatever the chunks', () => {
    const slicer = new BlockSlicer()
    const chunk = Buffer.alloc(700 << 10, 7)
    const slices = [...slicer.push(chunk), ...slicer.push(chunk), ...slicer.push(chunk), ...slicer.rest()]
    expect(slices.map((slice) => slice.length)).toEqual([MAX_BLOCK_RAW_BYTES, MAX_BLOCK_RAW_BYTES, 3 * (700 << 10) - 2 * MAX_BLOCK_RAW_BYTES])
    expect(new BlockSlicer().rest()).toEqual([])
  })

  it('splits a slice that compresses better than a reader allows (a megabyte of zeros) into floor-sized blocks', async () => {
    const zeros = Buffer.alloc(MAX_BLOCK_RAW_BYTES)
    const blocks = blocksOf(await encodeBlocks('br', zeros))
    expect(blocks).toHaveLength(MAX_BLOCK_RAW_BYTES / BLOCK_EXPANSION_FLOOR_BYTES)
    for (const { compressed, rawLength } of blocks) {
      expect(blockExpansionAllowed(rawLength, compressed.length)).toBe(true)
      expect(brotliDecompressSync(compressed)).toEqual(Buffer.alloc(rawLength))
    }
  })

  it('keeps a slice of ordinary records as one block', async () => {
    const text = Buffer.from(Array.from({ length: 20000 }, (_, i) => `{"id":"t${i}","title":"Task ${i * 7919}"}`).join(''))
    const blocks = blocksOf(await encodeBlocks('br', text.subarray(0, MAX_BLOCK_RAW_BYTES)))
    expect(blocks).toHaveLength(1)
  })

  it('a backup of a store holding megabytes of zeros and of random bytes verifies and restores byte for byte', async () => {
    const store = await stores.newStore()
    await seedV1Store(store, 10)
    await store.db.put(Buffer.from('blob:zeros'), Buffer.alloc(3 * MAX_BLOCK_RAW_BYTES))
    await store.db.put(Buffer.from('blob:bytes'), Buffer.from(Array.from({ length: MAX_BLOCK_RAW_BYTES + 5 }, (_, i) => (i * 2654435761) >>> 24)))
    const manager = new MigrationManager(store)
    const before = await snapshotDb(store.db)
    const { id, records } = await manager.createBackup()
    const layout = await readBackupLayout(manager.backups.repository.pathFor(id), id)
    expect(layout.format).toBe(2)
    expect(layout.footer.blocks).toBeGreaterThan(3 * (MAX_BLOCK_RAW_BYTES / BLOCK_EXPANSION_FLOOR_BYTES))
    expect(await manager.verifyBackup(id)).toMatchObject({ ok: true, records })
    await store.db.del(Buffer.from('blob:zeros'))
    await manager.restoreBackup(id)
    const after = await snapshotDb(store.db)
    for (const key of Object.keys(before)) if (!key.startsWith(Buffer.from('_').toString('hex'))) expect(after[key], key).toBe(before[key])
  })
})
