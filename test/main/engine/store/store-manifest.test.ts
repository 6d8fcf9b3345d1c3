import { readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { crc32c, readNextFileNumber } from '../../../../src/main/engine/store/store-manifest.ts'
import { storeFlavours } from '../../../helpers/store-flavours.ts'
import { useTempStores } from '../../../helpers/temp-store.ts'

const temp = useTempStores()

const numberedFiles = async (dataDir: string): Promise<number[]> =>
  (await readdir(dataDir)).map((name) => Number.parseInt(name.replace(/^MANIFEST-/, ''), 10)).filter(Number.isFinite)

describe.each(storeFlavours)('the next file number of a $name', (flavour) => {
  it.skipIf(flavour.unavailable !== null)(
    `is above every file the engine left, read from its MANIFEST${flavour.unavailable ? ` (skipped: ${flavour.unavailable})` : ''}`,
    async () => {
      const dataDir = path.join(await temp.root(), 'store')
      await flavour.build(dataDir)
      const next = await readNextFileNumber(dataDir)
      expect(next).not.toBeNull()
      expect(Math.max(...(await numberedFiles(dataDir)))).toBeLessThan(next ?? 0)
    }
  )
})

describe('a MANIFEST that cannot be read', () => {
  it('gives no number (every table is then copied) when it is damaged, missing or not named by CURRENT', async () => {
    const [leveldb] = storeFlavours
    const dataDir = path.join(await temp.root(), 'store')
    await (leveldb as (typeof storeFlavours)[number]).build(dataDir)
    const manifest = (await readFile(path.join(dataDir, 'CURRENT'), 'utf8')).trim()
    const bytes = await readFile(path.join(dataDir, manifest))

    const flipped = Buffer.from(bytes)
    flipped[10] = (flipped[10] ?? 0) ^ 0xff // inside the first record: its checksum no longer matches
    await writeFile(path.join(dataDir, manifest), flipped)
    expect(await readNextFileNumber(dataDir)).toBeNull()

    await writeFile(path.join(dataDir, 'CURRENT'), 'MANIFEST-999999\n')
    expect(await readNextFileNumber(dataDir)).toBeNull()
    await writeFile(path.join(dataDir, 'CURRENT'), '../../etc/passwd\n')
    expect(await readNextFileNumber(dataDir)).toBeNull()
  })
})

describe('crc32c', () => {
  it('matches the published check value of CRC-32C', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283)
  })
})
