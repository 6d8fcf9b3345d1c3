import { execFile } from 'node:child_process'
import { readdir, readlink } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { cliEntry } from '../../helpers/cli-entry.ts'
import { expectAccessible } from '../support/axe.ts'
import { screenshot } from '../support/browser.ts'
import { useE2eSession } from '../support/e2e-session.ts'
import { demoStore } from '../support/stores.ts'

const session = useE2eSession()
const run = promisify(execFile)

/** The files process `pid` holds open under `dir` (Linux: /proc/PID/fd). */
async function filesHeldUnder(pid: number, dir: string): Promise<string[]> {
  const fds = await readdir(`/proc/${pid}/fd`)
  const targets = await Promise.all(fds.map((fd) => readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')))
  return targets.filter((target) => target === dir || target.startsWith(`${dir}${path.sep}`))
}

describe('web host, opening, switching and closing stores from the page', () => {
  it('opens a typed path, refuses a relative or missing one, closes the store so the CLI can migrate it, and reopens it from the recent list', async () => {
    const { host, store: first } = await session.serve(200)
    const second = await demoStore(300, 'second-store')
    try {
      const { page, app, problems } = await session.open(host.url)
      await app.expectVersion('v1', 'Migration needed')
      await expect.poll(() => page.title()).toBe('store — Meridian Admin')
      expect(await page.getByTestId('store-holding').innerText()).toContain('does not hold the store')

      await page.getByRole('button', { name: 'Open another store…' }).click()
      const dialog = page.getByRole('dialog', { name: 'Open another store' })
      const field = dialog.getByRole('textbox', { name: 'Data directory' })
      await expect.poll(() => field.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true)
      await field.fill('second-store')
      expect(await dialog.getByRole('alert').innerText()).toContain('Type the full path')
      expect(await dialog.getByRole('button', { name: 'Open', exact: true }).isDisabled()).toBe(true)
      await expectAccessible(page, 'the open dialog with a path refused')
      await screenshot(page, 'open-store-dialog-light')

      // A missing folder: the host says so; the store open stays served.
      await field.fill(path.join(path.dirname(second.dataDir), 'nothing-here'))
      await field.press('Enter')
      await expect.poll(() => app.alerts.allInnerTexts()).toContainEqual(expect.stringContaining('DATA_DIR_NOT_FOUND'))
      expect(await app.storeHeader.innerText()).toContain(first.dataDir)

      await field.fill(second.dataDir)
      await field.press('Enter')
      await expect.poll(() => dialog.isVisible()).toBe(false)
      await expect.poll(() => app.storeHeader.innerText()).toContain(second.dataDir)
      await expect.poll(() => page.title()).toBe('second-store — Meridian Admin')
      await expect.poll(() => app.storeHeader.innerText()).toContain('300')
      expect(await app.alerts.count()).toBe(0)
      await screenshot(app.storeHeader, 'store-header-switcher-light')

      await page.getByRole('button', { name: 'Close store' }).click()
      const closed = page.getByRole('region', { name: 'No store open' })
      await expect.poll(() => closed.isVisible()).toBe(true)
      await expect.poll(() => page.title()).toBe('No store open — Meridian Admin')
      expect(await page.getByRole('navigation', { name: 'Sections' }).count()).toBe(0)
      if (process.platform === 'linux') expect(await filesHeldUnder(host.pid, second.dataDir)).toEqual([])
      await expectAccessible(page, 'no store open')
      await screenshot(page, 'no-store-open-light')

      // Free for someone else now: the CLI migrates it while the page waits.
      const migrated = await run(process.execPath, [cliEntry(), 'migrate', second.dataDir, '--json'], { env: { ...process.env, NO_COLOR: '1' } })
      expect(JSON.parse(migrated.stdout)).toMatchObject({ status: 'migrated', from: 1, to: 2 })

      // Both stores are remembered, most recent first; opening one from the list shows what the CLI did.
      const recent = closed.getByRole('button', { name: /^Open \// })
      expect(await recent.allInnerTexts()).toEqual([second.dataDir, first.dataDir])
      await closed.getByRole('button', { name: `Open ${second.dataDir}` }).click()
      await app.expectVersion('v2', 'Migration needed')
      expect(await app.storeHeader.innerText()).toContain(second.dataDir)
      expect(problems).toEqual([])
    } finally {
      await second.remove()
    }
  })
})
