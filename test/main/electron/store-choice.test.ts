import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { chooseInitialStore, dataDirArgument, migrationsArgument } from '../../../src/main/electron/store-choice.ts'
import { MAX_RECENT_STORES, StoreMemory } from '../../../src/main/electron/store-memory.ts'

describe('which store the desktop app opens', () => {
  it('prefers --data-dir, then MERIDIAN_DATA_DIR, then the last one opened, then the demo', () => {
    const argv = ['/usr/bin/electron', '.', '--data-dir', '/data/a']
    expect(chooseInitialStore(argv, { MERIDIAN_DATA_DIR: '/data/b' }, '/data/c')).toEqual({ dataDir: '/data/a', source: 'argument' })
    expect(chooseInitialStore(['electron', '.'], { MERIDIAN_DATA_DIR: '/data/b' }, '/data/c')).toEqual({ dataDir: '/data/b', source: 'environment' })
    expect(chooseInitialStore(['electron', '.'], { MERIDIAN_DATA_DIR: ' ' }, '/data/c')).toEqual({ dataDir: '/data/c', source: 'last-opened' })
    expect(chooseInitialStore(['electron', '.'], {}, undefined)).toEqual({ dataDir: undefined, source: 'demo' })
  })

  it('reads --data-dir in both spellings and ignores a flag without a value', () => {
    expect(dataDirArgument(['--data-dir=/x'])).toBe('/x')
    expect(dataDirArgument(['--inspect', '--data-dir', '/y', '--other'])).toBe('/y')
    expect(dataDirArgument(['--data-dir'])).toBeUndefined()
    expect(dataDirArgument(['--data-dir', '--no-sandbox'])).toBeUndefined()
    expect(dataDirArgument(['--data-dir='])).toBeUndefined()
  })

  it('reads --migrations (the migration set) in both spellings, apart from --data-dir', () => {
    expect(migrationsArgument(['electron', '.', '--data-dir', '/d', '--migrations', '/sets/spec-refs'])).toBe('/sets/spec-refs')
    expect(migrationsArgument(['--migrations=/s'])).toBe('/s')
    expect(migrationsArgument(['--data-dir', '/d'])).toBeUndefined()
    expect(dataDirArgument(['--migrations', '/s'])).toBeUndefined()
  })
})

describe('the recent-stores file', () => {
  const roots: string[] = []
  afterEach(async () => {
    for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true })
  })
  const fileIn = async (): Promise<string> => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'meridian-admin-memory-'))
    roots.push(root)
    return path.join(root, 'userData', 'recent-stores.json')
  }

  it('starts empty, remembers most recent first without duplicates, and survives a reload', async () => {
    const file = await fileIn()
    const memory = await StoreMemory.load(file)
    expect(memory.last()).toBeUndefined()
    await memory.remember('/data/a')
    await memory.remember('/data/b')
    await memory.remember('/data/a')
    expect(memory.list()).toEqual(['/data/a', '/data/b'])
    const reloaded = await StoreMemory.load(file)
    expect(reloaded.last()).toBe('/data/a')
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ recent: ['/data/a', '/data/b'] })
  })

  it('tells its listeners after each change, until they unsubscribe', async () => {
    const memory = await StoreMemory.load(await fileIn())
    const lists: string[][] = []
    const unsubscribe = memory.onChange(() => lists.push([...memory.list()]))
    await memory.remember('/data/a')
    await memory.remember('/data/b')
    unsubscribe()
    await memory.remember('/data/c')
    expect(lists).toEqual([['/data/a'], ['/data/b', '/data/a']])
  })

  it(`keeps at most ${MAX_RECENT_STORES} stores`, async () => {
    const memory = await StoreMemory.load(await fileIn())
    for (let i = 0; i < MAX_RECENT_STORES + 5; i++) await memory.remember(`/data/${i}`)
    expect(memory.list()).toHaveLength(MAX_RECENT_STORES)
    expect(memory.last()).toBe(`/data/${MAX_RECENT_STORES + 4}`)
  })

  it('treats a damaged or foreign file as an empty memory', async () => {
    const warn = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    for (const content of ['{not json', '{"recent": "nope"}', '[1,2]', '{"recent": [""]}']) {
      const file = await fileIn()
      await mkdir(path.dirname(file), { recursive: true })
      await writeFile(file, content)
      const memory = await StoreMemory.load(file)
      expect(memory.list(), content).toEqual([])
    }
    expect(warn).toHaveBeenCalledTimes(4)
    warn.mockRestore()
  })
})
