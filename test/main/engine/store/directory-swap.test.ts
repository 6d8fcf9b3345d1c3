import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { ClassicLevel } from 'classic-level'
import { afterEach, describe, expect, it } from 'vitest'
import { settleInterruptedSwap, swapJournalPath, swapStoreDirectory } from '../../../../src/main/engine/store/directory-swap.ts'
import { copyStoreFiles } from '../../../../src/main/engine/store/store-copy.ts'
import { MeridianError } from '../../../../src/shared/errors.ts'
import { keys, keysOf, makeStore } from '../../../helpers/lettered-stores.ts'
import { fsState } from '../../../helpers/fs-state.ts'
import { holdFilesInAnotherProcess } from '../../../helpers/store-flavours.ts'

const roots: string[] = []
const children: ChildProcess[] = []
const releases: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const release of releases.splice(0)) await release()
  for (const child of children.splice(0)) {
    const exited = new Promise((resolve) => child.once('exit', resolve))
    if (child.exitCode === null && child.signalCode === null && child.kill('SIGKILL')) await exited
  }
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true })
})

/** Store A (a1..a100, with a `metrics/` sub-folder and a notes.txt) at `<root>/a/store`, store B (b1..b50) at `<root>/b/store`. */
async function fixture(): Promise<{ parent: string; dataDir: string; source: string }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'meridian-admin-swap-'))
  roots.push(root)
  const dataDir = path.join(root, 'a', 'store')
  const source = path.join(root, 'b', 'store')
  await makeStore(dataDir, keys('a', 100))
  await mkdir(path.join(dataDir, 'metrics', 'daily'), { recursive: true })
  await writeFile(path.join(dataDir, 'metrics', 'daily', 'm.json'), '{"opens": 3}\n')
  await writeFile(path.join(dataDir, 'notes.txt'), 'kept across swaps\n')
  await makeStore(source, keys('b', 50))
  return { parent: path.dirname(dataDir), dataDir, source }
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown
  )
  if (!(error instanceof MeridianError)) throw new Error(`expected a MeridianError, got ${String(error)}`)
  return error.code
}

/** A pid that ran and has ended: what a swap killed midway leaves in its folders' names. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
  await new Promise((resolve) => child.once('exit', resolve))
  return child.pid as number
}

function liveChild(): number {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 60000)'], { stdio: 'ignore' })
  children.push(child)
  return child.pid as number
}

function journalFor(dataDir: string, pid: number): string {
  const parent = path.dirname(dataDir)
  const base = path.basename(dataDir)
  const incoming = path.join(parent, `.${base}.incoming-${pid}`)
  const outgoing = path.join(parent, `.${base}.outgoing-${pid}`)
  return JSON.stringify({ format: 1, dataDir, incoming, outgoing, pid, startedAt: new Date().toISOString() })
}

const copyFrom = (source: string) => async (incoming: string) => {
  await copyStoreFiles(source, incoming)
}

describe('swapping a store directory for one built beside it', () => {
  it('puts the copied store in place, keeps metrics/ and notes.txt, and leaves nothing beside it', async () => {
    const { parent, dataDir, source } = await fixture()
    const metrics = await fsState(path.join(dataDir, 'metrics'))
    let copy = { linked: 0, copied: 0, copiedBytes: 0 }
    await swapStoreDirectory(dataDir, async (incoming) => {
      copy = await copyStoreFiles(source, incoming)
    })
    expect(copy.linked).toBeGreaterThan(0)
    expect(copy.copied).toBeGreaterThan(0)
    expect(await keysOf(dataDir)).toEqual(keys('b', 50))
    expect(await fsState(path.join(dataDir, 'metrics'))).toEqual(metrics)
    expect(await readFile(path.join(dataDir, 'notes.txt'), 'utf8')).toBe('kept across swaps\n')
    expect(await readdir(parent)).toEqual(['store'])
  })

  it('never writes through a linked table: the source is byte for byte unchanged after the new store is opened, written and compacted', async () => {
    const { dataDir, source } = await fixture()
    const before = await fsState(source)
    await swapStoreDirectory(dataDir, copyFrom(source))
    const tables = (await readdir(dataDir)).filter((name) => name.endsWith('.ldb'))
    const shared = await Promise.all(tables.map(async (name) => (await stat(path.join(dataDir, name))).nlink > 1))
    expect(shared).toContain(true)
    const db = new ClassicLevel<string, string>(dataDir, { createIfMissing: false })
    await db.open()
    await db.batch(keys('c', 2000).map((key) => ({ type: 'put' as const, key, value: `value of ${key}` })))
    await db.batch(keys('b', 50).map((key) => ({ type: 'del' as const, key })))
    await db.compactRange('a', 'z')
    await db.close()
    expect(await keysOf(dataDir)).toEqual(keys('c', 2000))
    expect(await fsState(source)).toEqual(before)
  })

  it('leaves the store exactly as it was, with no journal or incoming folder, when the build throws', async () => {
    const { parent, dataDir, source } = await fixture()
    const before = await fsState(parent)
    const failing = async (incoming: string): Promise<void> => {
      await copyStoreFiles(source, incoming)
      throw new Error('the disk went away')
    }
    await expect(swapStoreDirectory(dataDir, failing)).rejects.toThrow(/the disk went away/)
    expect(await fsState(parent)).toEqual(before)
  })

  it('refuses with CANCELLED before anything is built when the signal is already aborted', async () => {
    const { parent, dataDir, source } = await fixture()
    const before = await fsState(parent)
    const controller = new AbortController()
    controller.abort()
    let built = false
    const build = async (incoming: string): Promise<void> => {
      built = true
      await copyStoreFiles(source, incoming)
    }
    expect(await codeOf(swapStoreDirectory(dataDir, build, { signal: controller.signal }))).toBe('CANCELLED')
    expect(built).toBe(false)
    expect(await fsState(parent)).toEqual(before)
  })

  it('refuses with INVALID_INPUT a path that is a file, a symbolic link or nothing', async () => {
    const { parent, source } = await fixture()
    await writeFile(path.join(parent, 'file'), 'x')
    expect(await codeOf(swapStoreDirectory(path.join(parent, 'file'), copyFrom(source)))).toBe('INVALID_INPUT')
    expect(await codeOf(swapStoreDirectory(path.join(parent, 'missing'), copyFrom(source)))).toBe('INVALID_INPUT')
    // A symlink would itself be renamed, leaving the folder it names as it was.
    await symlink(path.join(parent, 'store'), path.join(parent, 'linked'))
    expect(await codeOf(swapStoreDirectory(path.join(parent, 'linked'), copyFrom(source)))).toBe('INVALID_INPUT')
    expect((await readdir(parent)).sort()).toEqual(['file', 'linked', 'store'])
  })

  it.skipIf(process.platform !== 'linux')('refuses with STORE_IN_USE a directory another process holds a file of open', async () => {
    const { parent, dataDir, source } = await fixture()
    const holder = await holdFilesInAnotherProcess(dataDir)
    releases.push(holder.release)
    const before = await fsState(parent)
    expect(await codeOf(swapStoreDirectory(dataDir, copyFrom(source)))).toBe('STORE_IN_USE')
    expect(await fsState(parent)).toEqual(before)
  })

  it('refuses with BUSY, removing only what it built, when another process journals a swap of the directory meanwhile', async () => {
    const { parent, dataDir, source } = await fixture()
    const other = journalFor(dataDir, liveChild())
    const build = async (incoming: string): Promise<void> => {
      await copyStoreFiles(source, incoming)
      await writeFile(swapJournalPath(dataDir), other)
    }
    expect(await codeOf(swapStoreDirectory(dataDir, build))).toBe('BUSY')
    expect(await readFile(swapJournalPath(dataDir), 'utf8')).toBe(other)
    expect((await readdir(parent)).sort()).toEqual(['.store.swap.json', 'store'])
    expect(await keysOf(dataDir)).toEqual(keys('a', 100))
  })

  it('copies into an empty folder only', async () => {
    const { parent, source } = await fixture()
    await writeFile(path.join(parent, 'store', 'x'), '')
    expect(await codeOf(copyStoreFiles(source, path.join(parent, 'store')))).toBe('INVALID_INPUT')
  })
})

describe('settling what an interrupted swap left', () => {
  it('changes nothing with read access on a healthy directory, even beside the journal of a swap killed before its renames', async () => {
    const { parent, dataDir } = await fixture()
    const healthy = await fsState(parent)
    expect(await settleInterruptedSwap(dataDir, 'read')).toBe('none')
    expect(await fsState(parent)).toEqual(healthy)
    const pid = await deadPid()
    await mkdir(path.join(parent, `.store.incoming-${pid}`))
    await writeFile(swapJournalPath(dataDir), journalFor(dataDir, pid))
    const interrupted = await fsState(parent)
    expect(await settleInterruptedSwap(dataDir, 'read')).toBe('none')
    expect(await fsState(parent)).toEqual(interrupted)
  })

  it('puts the new store in place, even with read access, when a swap was killed between its two renames', async () => {
    const { parent, dataDir, source } = await fixture()
    const pid = await deadPid()
    const incoming = path.join(parent, `.store.incoming-${pid}`)
    await mkdir(incoming)
    await copyStoreFiles(source, incoming)
    for (const extra of ['metrics', 'notes.txt']) await rename(path.join(dataDir, extra), path.join(incoming, extra))
    await rename(dataDir, path.join(parent, `.store.outgoing-${pid}`))
    await writeFile(swapJournalPath(dataDir), journalFor(dataDir, pid))
    expect(await settleInterruptedSwap(dataDir, 'read')).toBe('completed')
    expect(await keysOf(dataDir)).toEqual(keys('b', 50))
    expect(existsSync(path.join(dataDir, 'metrics', 'daily', 'm.json'))).toBe(true)
    expect(await readdir(parent)).toEqual(['store'])
  })

  it('puts the old directory back when the one built for it is gone, and never removes the last copy of the store', async () => {
    const { parent, dataDir } = await fixture()
    const pid = await deadPid()
    const outgoing = path.join(parent, `.store.outgoing-${pid}`)
    await rename(dataDir, outgoing)
    await writeFile(swapJournalPath(dataDir), journalFor(dataDir, pid))
    expect(await settleInterruptedSwap(dataDir, 'write')).toBe('discarded')
    expect(await keysOf(dataDir)).toEqual(keys('a', 100))
    expect(await readdir(parent)).toEqual(['store'])
    // Everything gone: refused, and the journal stays for whoever looks.
    await rm(dataDir, { recursive: true })
    await writeFile(swapJournalPath(dataDir), journalFor(dataDir, pid))
    expect(await codeOf(settleInterruptedSwap(dataDir, 'write'))).toBe('DATA_DIR_NOT_FOUND')
    expect(existsSync(swapJournalPath(dataDir))).toBe(true)
  })

  it('refuses with CORRUPT_DATABASE, naming the journal, when the journal is unreadable or names folders not its own', async () => {
    const { dataDir } = await fixture()
    const journal = swapJournalPath(dataDir)
    await writeFile(journal, '{"format": 1, "dataDir"')
    await expect(settleInterruptedSwap(dataDir, 'write')).rejects.toThrow(journal)
    expect(await codeOf(settleInterruptedSwap(dataDir, 'write'))).toBe('CORRUPT_DATABASE')
    const pid = await deadPid()
    await writeFile(journal, JSON.stringify({ ...JSON.parse(journalFor(dataDir, pid)), outgoing: os.homedir() }))
    expect(await codeOf(settleInterruptedSwap(dataDir, 'write'))).toBe('CORRUPT_DATABASE')
    expect(existsSync(os.homedir())).toBe(true)
  })

  it('is BUSY for a write while a live process swaps the directory, and lets a read of the directory go ahead', async () => {
    const { dataDir, source } = await fixture()
    await writeFile(swapJournalPath(dataDir), journalFor(dataDir, liveChild()))
    expect(await codeOf(settleInterruptedSwap(dataDir, 'write'))).toBe('BUSY')
    expect(await codeOf(swapStoreDirectory(dataDir, copyFrom(source)))).toBe('BUSY')
    expect(await settleInterruptedSwap(dataDir, 'read')).toBe('none')
    expect(await keysOf(dataDir)).toEqual(keys('a', 100))
  })

  it('removes with write access the folders a swap killed before its journal left, and keeps those of a live one', async () => {
    const { parent, dataDir } = await fixture()
    const dead = await deadPid()
    const live = liveChild()
    const leftovers = [`.store.incoming-${dead}`, `.store.outgoing-${dead}`, `.store.incoming-${live}`]
    for (const name of leftovers) await mkdir(path.join(parent, name))
    await writeFile(path.join(parent, `.store.swap.json.${dead}.tmp`), '{')
    expect(await settleInterruptedSwap(dataDir, 'write')).toBe('none')
    expect((await readdir(parent)).sort()).toEqual([`.store.incoming-${live}`, 'store'])
  })
})
