import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { _electron, type ElectronApplication, type Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { findElectron } from '../support/electron-binary.ts'
import { demoStore, type TempStore } from '../support/stores.ts'

// The shell's behaviours in the real Electron, where a window can open (skipped with the reason elsewhere; the
// same behaviours have their wiring tests under plain Node in test/main/electron/).

const repo = path.resolve(import.meta.dirname, '../../..')
const electron = findElectron()
const title = electron.ok ? 'electron app (playwright _electron): the desktop shell' : `electron app shell: skipped: ${electron.reason}`

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined)
})

async function servedDataDir(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const api = (globalThis as unknown as { meridian: Record<string, (input: unknown) => Promise<{ ok: boolean; value?: { dataDir: string } }>> }).meridian
    const result = await api['store.info']?.({})
    return result?.ok && result.value ? result.value.dataDir : ''
  })
}

describe.skipIf(!electron.ok)(title, () => {
  it('has its own menu, hands a second launch to the first window, and remembers the window and logs', async () => {
    if (!electron.ok) return
    const first: TempStore = await demoStore(50)
    const second: TempStore = await demoStore(60)
    cleanups.push(
      () => first.remove(),
      () => second.remove()
    )
    const userData = await mkdtemp(path.join(os.tmpdir(), 'meridian-e2e-userdata-'))
    cleanups.push(() => rm(userData, { recursive: true, force: true }))
    const args = (dataDir: string): string[] => [path.join(repo, 'out/main/index.js'), `--user-data-dir=${userData}`, '--data-dir', dataDir]
    const env = { ...process.env, MERIDIAN_DATA_DIR: '' }

    const app: ElectronApplication = await _electron.launch({ executablePath: electron.executablePath, args: args(first.dataDir), cwd: repo, env })
    cleanups.push(() => app.close())
    const page = await app.firstWindow()
    await expect.poll(() => servedDataDir(page)).toBe(first.dataDir)

    const menu = await app.evaluate(({ Menu }) =>
      (Menu.getApplicationMenu()?.items ?? []).map((item) => ({ label: item.label, items: (item.submenu?.items ?? []).map((sub) => sub.label) }))
    )
    const file = menu.find((item) => item.label === 'File')
    expect(file?.items).toEqual(expect.arrayContaining(['Open data directory…', 'Open Recent']))
    expect(menu.find((item) => item.label === 'Help')?.items).toEqual(expect.arrayContaining(['Meridian Admin README']))

    // A second launch exits at once and the first window serves the store it named.
    const launch = spawn(electron.executablePath, args(second.dataDir), { cwd: repo, env, stdio: 'ignore' })
    const code = await new Promise<number | null>((resolve) => launch.on('exit', resolve))
    expect(code).toBe(0)
    await expect.poll(() => servedDataDir(page), { timeout: 15_000 }).toBe(second.dataDir)
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1)

    const logs = await app.evaluate(({ app: electronApp }) => electronApp.getPath('logs'))
    await app.close()
    const state = JSON.parse(await readFile(path.join(userData, 'window-state.json'), 'utf8')) as Record<string, unknown>
    expect(state).toMatchObject({ width: expect.any(Number), height: expect.any(Number), maximized: false })
    expect((await stat(path.join(logs, 'main.log'))).size).toBeGreaterThan(0)
    expect(await readFile(path.join(logs, 'main.log'), 'utf8')).toContain(`Opened ${second.dataDir}`)
  })
})
