import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { MAX_RECENT_STORES, StoreMemory } from '../../../src/main/api/store-memory.ts'

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
