import { mkdir, mkdtemp, open, rm, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { findStoreHolders } from '../../../../src/main/engine/store/store-holders.ts'
import { holdFilesInAnotherProcess } from '../../../helpers/store-flavours.ts'

const onLinux = process.platform === 'linux'
const roots: string[] = []
afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true })
})

async function folderWithFiles(): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'meridian-admin-holders-'))
  roots.push(root)
  const dir = path.join(root, 'store')
  await mkdir(path.join(dir, 'metrics'), { recursive: true })
  await writeFile(path.join(dir, 'CURRENT'), 'MANIFEST-000001\n')
  await writeFile(path.join(dir, 'metrics', 'CURRENT'), 'MANIFEST-000001\n')
  await writeFile(path.join(root, 'store-sibling'), 'not in the store')
  return dir
}

describe.skipIf(!onLinux)(`finding other processes that hold a store's files${onLinux ? '' : ' (skipped: no /proc here)'}`, () => {
  it('names a process holding a file of the store, with its command line, and finds none once it ends', async () => {
    const dir = await folderWithFiles()
    const holder = await holdFilesInAnotherProcess(dir)
    try {
      expect(await findStoreHolders(dir)).toEqual([{ pid: holder.pid, command: expect.stringContaining(`${process.execPath} -e // meridian-stand-in`) }])
    } finally {
      await holder.release()
    }
    expect(await findStoreHolders(dir)).toEqual([])
  })

  it('finds a holder of a file in a sub-store (metrics/), and through a symlinked path to the store', async () => {
    const dir = await folderWithFiles()
    const holder = await holdFilesInAnotherProcess(path.join(dir, 'metrics'))
    const link = path.join(path.dirname(dir), 'linked-store')
    await symlink(dir, link)
    try {
      expect((await findStoreHolders(link)).map((found) => found.pid)).toEqual([holder.pid])
    } finally {
      await holder.release()
    }
  })

  it('ignores this process and files beside the store whose names only start like it', async () => {
    const dir = await folderWithFiles()
    const own = await open(path.join(dir, 'CURRENT'), 'r')
    const sibling = await holdFilesInAnotherProcess(path.dirname(dir)) // opens store-sibling, not the store's files
    try {
      expect(await findStoreHolders(dir)).toEqual([])
    } finally {
      await own.close()
      await sibling.release()
    }
  })

  it('answers nothing for a directory that does not exist', async () => {
    expect(await findStoreHolders(path.join(os.tmpdir(), 'meridian-admin-no-such-store-for-holders'))).toEqual([])
  })
})
