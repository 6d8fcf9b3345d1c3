import { readdir } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import type { Locator } from 'playwright-core'
import { screenshot } from '../support/browser.ts'
import { useE2eSession } from '../support/e2e-session.ts'
import { snapshot } from '../support/stores.ts'
import { rawCall, type WebHost } from '../support/web-host.ts'

const session = useE2eSession()

/** Takes a backup through the host's API (as another client would) and returns its id. */
async function takeBackup(host: WebHost): Promise<string> {
  const { status, json } = await rawCall(host, 'backups.create', '{}')
  expect(status, JSON.stringify(json)).toBe(200)
  return (json as { value: { id: string } }).value.id
}

const rowIds = (table: Locator): Promise<string[]> =>
  table.locator('tr[data-backup-id]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-backup-id') ?? ''))

const backupFilesIn = async (dir: string): Promise<string[]> => (await readdir(dir)).map((name) => name.replace(/\..*$/, '')).sort()

describe('web host, "Clean up old backups"', () => {
  it('lists what will go and why before anything goes; Cancel keeps all; confirming deletes exactly those, the newest verified stays', async () => {
    const { store, host } = await session.serve(300)
    const ids: string[] = []
    for (let i = 0; i < 4; i++) ids.unshift(await takeBackup(host))
    const [newest, ...older] = ids as [string, ...string[]]
    const { page, app, problems } = await session.open(host.url)

    // Each backup's age and size, and the total.
    await expect.poll(() => app.backupIds()).toEqual(ids)
    expect(await app.backupRow(newest).innerText()).toMatch(/just now|s ago/)
    expect(await page.getByTestId('backup-totals').innerText()).toMatch(/^4 backups, [\d.]+ (KB|MB) on disk/)

    // The defaults (keep 5, older than 30 days) delete nothing here: the dialog says so and offers no deletion.
    const open = async (): Promise<Locator> => {
      await app.backups.getByRole('button', { name: 'Clean up old backups…' }).click()
      const dialog = page.getByRole('dialog', { name: 'Clean up old backups' })
      await dialog.waitFor()
      return dialog
    }
    let dialog = await open()
    await expect.poll(() => dialog.getByRole('status').innerText(), { timeout: 30_000 }).toBe('Nothing to delete: all 4 backups stay.')
    expect(await dialog.getByRole('button', { name: /^Delete/ }).isDisabled()).toBe(true)
    expect(await rowIds(dialog.getByRole('table', { name: 'Backups to keep' }))).toEqual(ids)

    // Keep 0, older than 0 days: every backup but the newest verified one would go, each with its reason.
    const setPolicy = async (keep: string, days: string): Promise<void> => {
      await dialog.getByLabel('Keep the newest').fill(keep)
      await dialog.getByLabel('Older than (days)').fill(days)
    }
    await setPolicy('0', '0')
    const toDelete = dialog.getByRole('table', { name: 'Backups to delete' })
    await expect.poll(() => rowIds(toDelete).catch(() => []), { timeout: 30_000 }).toEqual(older)
    expect(await rowIds(dialog.getByRole('table', { name: 'Backups to keep' }))).toEqual([newest])
    expect(await dialog.getByRole('table', { name: 'Backups to keep' }).innerText()).toContain('the newest backup that verifies')
    expect(await toDelete.locator(`tr[data-backup-id="${older[0]}"]`).innerText()).toMatch(/(just now|ago)[\s\S]*(KB|MB)[\s\S]*beyond the newest 0 and/)
    expect(await dialog.getByRole('status').innerText()).toMatch(/^3 backups of 4 would be deleted, freeing .+\. Nothing has been deleted yet\.$/)
    await screenshot(dialog, 'cleanup-dialog-light')

    // A bad value is named and disables the deletion; Cancel closes with nothing deleted.
    await dialog.getByLabel('Keep the newest').fill('-1')
    expect(await dialog.getByRole('alert').innerText()).toContain('Keep: enter a whole number from 0.')
    expect(await dialog.getByRole('button', { name: /^Delete/ }).isDisabled()).toBe(true)
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'hidden' })
    await app.waitIdle()
    expect(await app.backupIds()).toEqual(ids)
    expect(await backupFilesIn(`${store.dataDir}.backups`)).toEqual([...ids].sort())

    // Again, and this time confirm: exactly the three listed go, the newest verified one stays, the list refreshes.
    dialog = await open()
    await setPolicy('0', '0')
    await expect.poll(() => rowIds(dialog.getByRole('table', { name: 'Backups to delete' })).catch(() => []), { timeout: 30_000 }).toEqual(older)
    await dialog.getByRole('button', { name: 'Delete 3 backups' }).click()
    await dialog.waitFor({ state: 'hidden' })
    await app.waitIdle()
    await expect.poll(() => app.backupIds()).toEqual([newest])
    expect(await backupFilesIn(`${store.dataDir}.backups`)).toEqual([newest])
    const summary = page.getByRole('status', { name: 'Cleanup summary' })
    expect(await summary.innerText()).toMatch(/Deleted 3 old backups, freeing/)
    for (const id of older) expect(await summary.innerText()).toContain(id)
    expect(await page.getByTestId('backup-totals').innerText()).toMatch(/^1 backup, /)
    await screenshot(app.backups, 'backups-cleaned-light')
    expect(problems).toEqual([])
  })
})

describe('web host, "Downgrade to…"', () => {
  it('warns with the count of records losing data, enables the downgrade only once confirmed, and Cancel changes nothing', async () => {
    const { host } = await session.serve(400, { version: 3 })
    const dry = await rawCall(host, 'migration.dryRun', JSON.stringify({ to: 1 }))
    const losses = (dry.json as { value: { losses: { records: number; sample: Array<{ key: string }> } } }).value.losses
    expect(losses.records).toBeGreaterThan(0)
    const { page, app, problems } = await session.open(host.url)
    await app.expectVersion('v3', 'Up to date')

    const open = async (): Promise<Locator> => {
      await app.plan.getByRole('button', { name: 'Downgrade to…' }).click()
      const dialog = page.getByRole('dialog', { name: 'Downgrade from v3?' })
      await dialog.waitFor()
      return dialog
    }
    const chooseV1 = async (dialog: Locator): Promise<void> => {
      await dialog.getByLabel('Downgrade to').selectOption('1')
      await dialog.getByRole('alert', { name: 'Data loss warning' }).waitFor({ timeout: 60_000 })
    }
    const confirmLabel = `I understand ${losses.records.toLocaleString('en-US')} records will lose data`

    let dialog = await open()
    await expect.poll(() => page.locator(':focus').innerText()).toBe('Cancel')
    await chooseV1(dialog)
    const warning = dialog.getByRole('alert', { name: 'Data loss warning' })
    expect(await warning.innerText()).toContain(`${losses.records.toLocaleString('en-US')} records of 400 would lose data`)
    const sample = await warning.getByRole('table', { name: 'Sample of data lost' }).innerText()
    expect(sample).toContain(losses.sample[0]?.key)
    expect(sample).toMatch(/spec_refs|depends_on|related_tasks/)
    const downgrade = dialog.getByRole('button', { name: 'Back up and downgrade to v1' })
    expect(await downgrade.isDisabled()).toBe(true)
    await dialog.getByRole('checkbox', { name: confirmLabel }).check()
    expect(await downgrade.isEnabled()).toBe(true)
    await screenshot(dialog, 'downgrade-dialog-light')

    // Cancel, even after confirming the checkbox: nothing happens; reopened, the confirmation is asked again.
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'hidden' })
    await app.waitIdle()
    expect((await app.versions()).current).toBe('v3')
    expect(await app.historyStatuses()).toEqual([])
    expect(await app.backupIds()).toEqual([])
    dialog = await open()
    await chooseV1(dialog)
    expect(await dialog.getByRole('checkbox', { name: confirmLabel }).isChecked()).toBe(false)
    expect(await dialog.getByRole('button', { name: 'Back up and downgrade to v1' }).isDisabled()).toBe(true)

    // Confirmed: a backup, progress with Cancel, then v1; the history shows the downgrade.
    await dialog.getByRole('checkbox', { name: confirmLabel }).check()
    await dialog.getByRole('button', { name: 'Back up and downgrade to v1' }).click()
    await dialog.waitFor({ state: 'hidden' })
    await app.expectVersion('v1', 'Migration needed', 60_000)
    await app.waitIdle()
    const summary = page.getByRole('status', { name: 'Migration summary' })
    expect(await summary.innerText()).toMatch(/Downgrade completed successfully: v3 → v1[\s\S]*400 items migrated/)
    await expect.poll(() => app.historyStatuses()).toEqual(['success'])
    const entry = app.history.locator('li[data-status="success"]')
    expect(await entry.innerText()).toMatch(/downgrade[\s\S]*v3 → v1|v3 → v1[\s\S]*downgrade/)
    const [backupId] = await app.backupIds()
    expect(await app.backupRow(backupId ?? '').innerText()).toMatch(/pre-migration[\s\S]*v3/)
    await screenshot(app.history, 'history-downgrade-light')
    expect(problems).toEqual([])
  })

  it('a running downgrade shows progress and Cancel; cancelled, the store is byte-for-byte as before', async () => {
    const { store, host, before, stopHost } = await session.serve(30_000, { version: 3, snapshot: true })
    const { page, app, problems } = await session.open(host.url)
    await app.expectVersion('v3', 'Up to date')
    await app.plan.getByRole('button', { name: 'Downgrade to…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Downgrade from v3?' })
    await dialog.getByLabel('Downgrade to').selectOption('1')
    const checkbox = dialog.getByRole('checkbox', { name: /^I understand [\d,]+ records will lose data$/ })
    await checkbox.waitFor({ timeout: 120_000 })
    await checkbox.check()
    await dialog.getByRole('button', { name: 'Back up and downgrade to v1' }).click()

    // The same progress panel as a migration, named for the downgrade; cancel once records are being rewritten.
    await page.getByRole('region', { name: /^Downgrade v3 → v1/ }).waitFor({ timeout: 30_000 })
    await expect
      .poll(
        async () => {
          const text = (await app.progressbar.getAttribute('aria-valuetext').catch(() => null)) ?? ''
          const now = Number(await app.progressbar.getAttribute('aria-valuenow').catch(() => 0))
          return text.startsWith('Migrating') && now > 0
        },
        { timeout: 60_000, interval: 20 }
      )
      .toBe(true)
    await page.getByRole('button', { name: 'Cancel' }).click()
    await page.getByRole('alert', { name: 'Migration: CANCELLED' }).waitFor({ timeout: 60_000 })
    await app.waitIdle()
    expect((await app.versions()).current).toBe('v3')
    await expect.poll(() => app.historyStatuses()).toEqual(['cancelled'])
    expect(problems).toEqual([])

    await stopHost()
    const after = await snapshot(store.dataDir)
    after.delete('_migration_history')
    before?.delete('_migration_history')
    expect(after.size).toBe(before?.size)
    const changed = [...(before ?? new Map<string, string>())].filter(([key, value]) => after.get(key) !== value).map(([key]) => key)
    expect(changed).toEqual([])
  })
})
