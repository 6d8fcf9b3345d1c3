import { describe, expect, it } from 'vitest'
import { screenshot } from '../support/browser.ts'
import { useE2eSession } from '../support/e2e-session.ts'

const session = useE2eSession()

describe('web host, keyboard and dark mode', () => {
  it('every action is reachable by keyboard with a visible focus ring; dialogs keep focus inside and close with Escape', async () => {
    const { host } = await session.serve(500)
    const { page, app, problems } = await session.open(host.url)
    await app.expectVersion('v1', 'Migration needed')

    // Tab from the top reaches Dry run, Migrate…, Back up now, the prefix picker and the record list, each with
    // an outline drawn around it.
    const reached = new Set<string>()
    for (let i = 0; i < 40 && reached.size < 5; i++) {
      await page.keyboard.press('Tab')
      const focused = page.locator(':focus')
      const name = ((await focused.getAttribute('aria-label')) ?? (await focused.innerText().catch(() => ''))).trim()
      const outline = await focused.evaluate((element) => element.ownerDocument.defaultView?.getComputedStyle(element).outlineStyle ?? 'none')
      for (const wanted of ['Dry run', 'Migrate…', 'Back up now']) {
        if (name === wanted) {
          expect(outline, `focus ring on ${wanted}`).not.toBe('none')
          reached.add(wanted)
        }
      }
      const tag = await focused.evaluate((element) => element.tagName)
      if (tag === 'SELECT') reached.add('prefix')
      if ((await focused.getAttribute('role')) === 'option') reached.add('record')
    }
    expect([...reached].sort()).toEqual(['Back up now', 'Dry run', 'Migrate…', 'prefix', 'record'])

    // Arrow keys move through the records; the JSON follows the selection.
    const listbox = app.records.getByRole('listbox')
    await listbox.getByRole('option', { selected: true }).focus()
    await page.keyboard.press('ArrowDown')
    await expect.poll(() => listbox.getByRole('option', { selected: true }).innerText()).toContain('task-000002')

    // The Migrate dialog: opened with Enter, focus starts on the safe choice and stays in the dialog, Escape closes.
    await app.plan.getByRole('button', { name: 'Migrate…' }).focus()
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: 'Migrate v1 → v3?' })
    await dialog.waitFor()
    for (const key of ['Tab', 'Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
      await page.keyboard.press(key)
      expect(await page.locator(':focus').evaluate((element) => element.closest('dialog') !== null), `focus after ${key}`).toBe(true)
    }
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    // Focus returns to the button that opened it.
    expect(await page.locator(':focus').innerText()).toBe('Migrate…')

    // "Back up now" by keyboard; then the Delete confirmation, closed with Escape, keeps the backup.
    await app.backups.getByRole('button', { name: 'Back up now' }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => app.backupIds().then((ids) => ids.length)).toBe(1)
    await app.waitIdle()
    const [id] = await app.backupIds()
    await app.backups.getByRole('button', { name: `Delete ${id}` }).focus()
    await page.keyboard.press('Enter')
    const confirm = page.getByRole('dialog', { name: `Delete ${id}?` })
    await confirm.waitFor()
    expect(await page.locator(':focus').innerText()).toBe('Keep it')
    await page.keyboard.press('Escape')
    await confirm.waitFor({ state: 'hidden' })
    expect(await app.backupIds()).toEqual([id])

    // Deleting for real: confirm, and the list empties.
    await app.backups.getByRole('button', { name: `Delete ${id}` }).click()
    await page
      .getByRole('dialog', { name: `Delete ${id}?` })
      .getByRole('button', { name: 'Delete backup' })
      .click()
    await expect.poll(() => app.backupIds()).toEqual([])
    expect(problems).toEqual([])
  })

  it('follows the system dark mode: every panel rendered dark (screenshots)', async () => {
    const { host } = await session.serve(3_000)
    const { page, app, problems } = await session.open(host.url, 'dark')
    await app.expectVersion('v1', 'Migration needed')
    const background = await page
      .locator('body')
      .evaluate((body) => body.ownerDocument.defaultView?.getComputedStyle(body.ownerDocument.documentElement).backgroundColor)
    expect(background).toBe('rgb(17, 20, 24)')

    await app.backups.getByRole('button', { name: 'Back up now' }).click()
    await expect.poll(() => app.backupIds().then((ids) => ids.length)).toBe(1)
    await app.waitIdle()
    await app.plan.getByRole('button', { name: 'Dry run' }).click()
    await page.getByRole('region', { name: /Dry run v1 → v3/ }).waitFor()
    await app.waitIdle()
    await app.plan.getByRole('button', { name: 'Migrate…' }).click()
    await page.getByRole('dialog', { name: 'Migrate v1 → v3?' }).getByRole('button', { name: 'Back up and migrate' }).click()
    await page.getByRole('status', { name: 'Migration summary' }).waitFor({ timeout: 60_000 })
    await app.waitIdle()
    await app.expectVersion('v3', 'Up to date')
    await screenshot(page, 'overview-dark', { fullPage: true })
    await screenshot(app.history, 'history-dark')
    await screenshot(app.backups, 'backups-dark')
    await screenshot(app.records, 'records-dark')
    const [newest] = await app.backupIds()
    await app.backups.getByRole('button', { name: `Restore ${newest}` }).click()
    await page.getByRole('dialog', { name: `Restore ${newest}?` }).waitFor()
    await screenshot(page, 'restore-confirm-dark')
    await page.keyboard.press('Escape')
    expect(problems).toEqual([])
  })
})
