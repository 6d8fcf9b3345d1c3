import { readdir, readlink } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { ClassicLevel } from 'classic-level'
import { describe, expect, it } from 'vitest'
import { StoreMemory } from '../../../src/main/api/store-memory.ts'
import type { StoreChoice } from '../../../src/main/api/store-session.ts'
import { resolveTypedStorePath } from '../../../src/main/api/typed-store-path.ts'
import { MeridianError } from '../../../src/shared/errors.ts'
import { useDemoSessions } from './demo-sessions.ts'

const demo = useDemoSessions()

/** The web host's choice: recent stores on disk, and no folder picker. */
async function webChoice(): Promise<StoreChoice & { file: string }> {
  const file = path.join(await demo.root(), 'state', 'recent-stores.json')
  return { file, recent: await StoreMemory.load(file) }
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught
  )
  expect(error).toBeInstanceOf(MeridianError)
  return (error as MeridianError).code
}

/** The files this process has open under `dir` (Linux: /proc/self/fd). */
async function openFilesUnder(dir: string): Promise<string[]> {
  const targets = await Promise.all((await readdir('/proc/self/fd')).map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')))
  return targets.filter((target) => target.startsWith(`${dir}${path.sep}`))
}

describe('a session with a store choice (the web host and the desktop app)', () => {
  it('closes the store it serves, releasing its LOCK, answers NO_STORE_OPEN meanwhile, and opens it again', async () => {
    const choice = await webChoice()
    const session = await demo.session({ count: 20, choice })
    const dataDir = session.store.dataDir
    const events: string[] = []
    session.events.subscribe((event) => events.push(event.type))
    await session.store.beginWrite()
    expect(session.info().access).toBe('write')
    const meridian = new ClassicLevel(dataDir)
    await expect(meridian.open()).rejects.toThrow()

    const closed = await session.closeStore()
    expect(closed).toMatchObject({ dataDir: null, backupDir: null, access: null, canOpenOtherStores: true, canChooseFolder: false })
    expect(events).toEqual(['store-changed'])
    expect(await codeOf((async () => session.manager.status())())).toBe('NO_STORE_OPEN')
    if (process.platform === 'linux') expect(await openFilesUnder(dataDir)).toEqual([])
    await meridian.open()
    await meridian.close()

    expect(await session.switchTo(dataDir)).toMatchObject({ dataDir, access: 'read', recentStores: [dataDir] })
    expect((await session.counts()).keys).toBeGreaterThan(20)
  })

  it('refuses to close or switch while an operation runs, and the operation ends as it would have', async () => {
    const session = await demo.session({ count: 20_000, choice: await webChoice() })
    const other = await demo.demoDir(10)
    let started: () => void = () => undefined
    const progressed = new Promise<void>((resolve) => (started = resolve))
    const migration = session.run('migration.run', (options) => session.manager.migrate({ ...options, onProgress: () => started() }), { writes: true })
    await progressed
    expect(await codeOf(session.closeStore())).toBe('BUSY')
    expect(await codeOf(session.switchTo(other))).toBe('BUSY')
    expect(await migration).toMatchObject({ status: 'migrated', itemsMigrated: 20_000 })
    expect(session.info().dataDir).not.toBeNull()
  })

  it('stays closed when the store typed cannot be opened, and says why', async () => {
    const session = await demo.session({ count: 10, choice: await webChoice() })
    await session.closeStore()
    const root = await demo.root()
    expect(await codeOf(session.switchTo(path.join(root, 'nothing-here')))).toBe('DATA_DIR_NOT_FOUND')
    expect(await codeOf(session.switchTo(root))).toBe('NOT_A_DATABASE')
    expect(await codeOf(session.switchTo('relative/store'))).toBe('INVALID_INPUT')
    expect(session.info().dataDir).toBeNull()
  })

  it('remembers what it opened in the file on disk, most recent first, for the next start', async () => {
    const choice = await webChoice()
    const session = await demo.session({ count: 10, choice })
    const first = session.store.dataDir
    const other = await demo.demoDir(10)
    await session.switchTo(other)
    await session.switchTo(first)
    expect((await StoreMemory.load(choice.file)).list()).toEqual([first, other])
  })

  it('has no folder picker in the browser: store.chooseDirectory says to type the path', async () => {
    const session = await demo.session({ count: 10, choice: await webChoice() })
    await expect(session.chooseAndSwitch()).rejects.toThrow(/no folder picker: type the data directory's path/)
  })
})

describe('a data directory typed into the app', () => {
  it('is trimmed, takes ~ as the home folder, and is normalised', () => {
    expect(resolveTypedStorePath('  /data/a/../b/  ', '/home/ana')).toBe(path.resolve('/data/b'))
    expect(resolveTypedStorePath('~/stores/one', '/home/ana')).toBe(path.join('/home/ana', 'stores', 'one'))
    expect(resolveTypedStorePath('~', os.homedir())).toBe(os.homedir())
  })

  it('is refused with INVALID_INPUT when empty or relative, naming what was typed', () => {
    expect(() => resolveTypedStorePath('   ')).toThrow(/field is empty/)
    expect(() => resolveTypedStorePath('store')).toThrow(/"store" is relative/)
    expect(() => resolveTypedStorePath('~ana/store')).toThrow(/relative/)
  })
})
