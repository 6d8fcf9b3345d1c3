import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { _electron, type ElectronApplication } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { AppDriver } from '../support/app-driver.ts'
import { screenshot } from '../support/browser.ts'
import { findElectron } from '../support/electron-binary.ts'
import { demoStore, type TempStore } from '../support/stores.ts'

const repo = path.resolve(import.meta.dirname, '../../..')
const electron = findElectron()
const title = electron.ok ? 'electron app (playwright _electron): happy path on a fresh store' : `electron app: skipped: ${electron.reason}`

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined)
})

describe.skipIf(!electron.ok)(title, () => {
  it('opens the store given by --data-dir, migrates v1 → v3 with progress, and restores the pre-migration backup', async () => {
    if (!electron.ok) return
    const store: TempStore = await demoStore(30_000)
    cleanups.push(() => store.remove())
    const userData = await mkdtemp(path.join(os.tmpdir(), 'meridian-e2e-userdata-'))
    cleanups.push(() => rm(userData, { recursive: true, force: true }))

    const app: ElectronApplication = await _electron.launch({
      executablePath: electron.executablePath,
      args: [path.join(repo, 'out/main/index.js'), `--user-data-dir=${userData}`, '--data-dir', store.dataDir],
      cwd: repo,
      env: { ...process.env, MERIDIAN_DATA_DIR: '' }
    })
    cleanups.push(() => app.close())
    const page = await app.firstWindow()
    const driver = new AppDriver(page)

    await driver.expectVersion('v1', 'Migration needed')
    expect(await page.locator('.host-chip').innerText()).toBe('Desktop')
    await driver.plan.getByRole('button', { name: 'Migrate…' }).click()
    await page.getByRole('dialog', { name: 'Migrate v1 → v3?' }).getByRole('button', { name: 'Back up and migrate' }).click()
    const samples = await driver.sampleProgress()
    expect(new Set(samples.filter((s) => s.phase === 'Migrating').map((s) => s.now)).size).toBeGreaterThanOrEqual(3)
    await driver.expectVersion('v3', 'Up to date', 60_000)
    await driver.waitIdle()
    await expect.poll(() => driver.historyStatuses()).toEqual(['success'])
    const [backupId] = await driver.backupIds()
    expect(backupId).toMatch(/^backup_/)
    await screenshot(page, 'electron-migrated')

    await driver.backups.getByRole('button', { name: `Restore ${backupId}` }).click()
    await page
      .getByRole('dialog', { name: `Restore ${backupId}?` })
      .getByRole('button', { name: 'Restore v1' })
      .click()
    await driver.expectVersion('v1', 'Migration needed', 120_000)
    await expect.poll(() => driver.historyStatuses()).toEqual(['restored', 'success'])
  })
})
