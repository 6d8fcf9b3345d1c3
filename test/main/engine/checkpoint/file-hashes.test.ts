import { createHash } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { sha256OfFiles } from '../../../../src/main/engine/checkpoint/file-hashes.ts'
import { rejectionOf } from '../../../helpers/temp-store.ts'

const roots: string[] = []
afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true })
})

async function files(sizes: readonly number[]): Promise<string[]> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'meridian-hashes-'))
  roots.push(root)
  return Promise.all(
    sizes.map(async (size, i) => {
      const file = path.join(root, `f${i}`)
      await writeFile(file, Buffer.alloc(size, i + 1))
      return file
    })
  )
}

describe('hashing files in worker threads', () => {
  it('gives each file its SHA-256, in the order asked, whatever order the threads finish in', async () => {
    const sizes = [3 << 20, 0, 17, 1 << 20, 5]
    const paths = await files(sizes)
    const done: number[] = []
    const hashes = await sha256OfFiles(paths, { onFile: (index) => done.push(index) })
    expect(hashes).toEqual(
      sizes.map((size, i) =>
        createHash('sha256')
          .update(Buffer.alloc(size, i + 1))
          .digest('hex')
      )
    )
    expect([...done].sort()).toEqual([0, 1, 2, 3, 4])
  })

  it('rejects naming the file it cannot read, and with CANCELLED once aborted', async () => {
    const [first = ''] = await files([10])
    const missing = `${first}-missing`
    expect((await rejectionOf(sha256OfFiles([first, missing]))).message).toContain(missing)
    const controller = new AbortController()
    controller.abort()
    expect((await rejectionOf(sha256OfFiles([first], { signal: controller.signal }))).code).toBe('CANCELLED')
  })
})
