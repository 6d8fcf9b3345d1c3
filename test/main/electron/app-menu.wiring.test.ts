import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { appMenuTemplate, installAppMenu, type MenuActions, RECENT_MENU_LENGTH } from '../../../src/main/electron/app-menu.ts'
import { openReadme, readmeUrl } from '../../../src/main/electron/readme-link.ts'
import { StoreMemory } from '../../../src/main/api/store-memory.ts'
import { menuItem, StandInMenu } from './stand-ins.ts'

// Wiring test: the real menu template and a real recent-stores memory; Electron's Menu is a stand-in keeping
// the template it is given, whose items a test clicks.

const roots: string[] = []
afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true })
})

function recordingActions(recent: () => readonly string[] = () => []): MenuActions & { done: string[] } {
  const done: string[] = []
  return {
    done,
    openDirectory: () => done.push('openDirectory'),
    openRecent: (dataDir) => done.push(`openRecent ${dataDir}`),
    closeStore: () => done.push('closeStore'),
    recent,
    openReadme: () => done.push('openReadme'),
    showAbout: () => done.push('showAbout'),
    quit: () => done.push('quit')
  }
}

describe('the application menu (wiring)', () => {
  it('has File (Open data directory…, Open Recent, Close Store, Quit) and Help (README, About), each doing its action', () => {
    const actions = recordingActions(() => ['/data/a', '/data/b'])
    const menu = appMenuTemplate(actions, 'linux', 'Meridian Admin')
    expect(menu.map((item) => item.label)).toEqual(['File', 'Edit', 'View', 'Help'])
    menuItem(menu, ['File', 'Open data directory…']).click?.()
    menuItem(menu, ['File', 'Open Recent', '/data/b']).click?.()
    menuItem(menu, ['File', 'Close Store']).click?.()
    menuItem(menu, ['File', 'Quit']).click?.()
    menuItem(menu, ['Help', 'Meridian Admin README']).click?.()
    menuItem(menu, ['Help', 'About Meridian Admin']).click?.()
    expect(actions.done).toEqual(['openDirectory', 'openRecent /data/b', 'closeStore', 'quit', 'openReadme', 'showAbout'])
    expect(menuItem(menu, ['File', 'Open data directory…']).accelerator).toBe('CmdOrCtrl+O')
    expect(JSON.stringify(menu)).not.toMatch(/electron/i)
  })

  it('on macOS puts About and Quit in the app menu, as the platform expects', () => {
    const actions = recordingActions()
    const menu = appMenuTemplate(actions, 'darwin', 'Meridian Admin')
    expect(menu.map((item) => item.label)).toEqual(['Meridian Admin', 'File', 'Edit', 'View', 'Window', 'Help'])
    menuItem(menu, ['Meridian Admin', 'About Meridian Admin']).click?.()
    menuItem(menu, ['Meridian Admin', 'Quit Meridian Admin']).click?.()
    expect(actions.done).toEqual(['showAbout', 'quit'])
  })

  it('disables Open Recent while there is nothing recent, and lists at most a few stores', () => {
    expect(menuItem(appMenuTemplate(recordingActions(), 'linux', 'Meridian Admin'), ['File', 'Open Recent']).enabled).toBe(false)
    const many = Array.from({ length: 10 }, (_, i) => `/data/${i}`)
    const recent = menuItem(
      appMenuTemplate(
        recordingActions(() => many),
        'win32',
        'Meridian Admin'
      ),
      ['File', 'Open Recent']
    )
    expect(recent.enabled).toBe(true)
    expect(recent.submenu?.map((item) => item.label)).toEqual(many.slice(0, RECENT_MENU_LENGTH))
  })

  it('is rebuilt with the new Open Recent list when a store is opened', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'meridian-admin-menu-'))
    roots.push(root)
    const memory = await StoreMemory.load(path.join(root, 'recent-stores.json'))
    const menu = new StandInMenu()
    const refresh = installAppMenu(
      menu,
      recordingActions(() => memory.list()),
      'linux',
      'Meridian Admin'
    )
    memory.onChange(refresh)
    expect(menuItem(menu.current, ['File', 'Open Recent']).enabled).toBe(false)
    await memory.remember(path.join(root, 'store-a'))
    await memory.remember(path.join(root, 'store-b'))
    expect(menu.applied).toHaveLength(3)
    expect(menuItem(menu.current, ['File', 'Open Recent']).submenu?.map((item) => item.label)).toEqual([path.join(root, 'store-b'), path.join(root, 'store-a')])
  })

  it("Help's README is the README the app carries, as a file URL", () => {
    expect(readmeUrl(path.resolve(import.meta.dirname, '../../..'))).toMatch(/^file:\/\/.*\/README\.md$/)
    expect(readmeUrl('/nowhere', () => false)).toBeUndefined()
  })

  it("Help's README opens with the system's viewer, or says this build carries none", async () => {
    const opened: string[] = []
    const errors: string[] = []
    const opening = {
      shell: { openExternal: async (url: string) => void opened.push(url) },
      dialog: { showErrorBox: (_t: string, c: string) => void errors.push(c) },
      log: { error: () => undefined }
    }
    openReadme(path.resolve(import.meta.dirname, '../../..'), opening)
    openReadme('/nowhere', opening, () => false)
    expect(opened).toEqual([expect.stringMatching(/^file:\/\/.*\/README\.md$/)])
    expect(errors).toEqual(['This build carries no README.'])
  })
})
