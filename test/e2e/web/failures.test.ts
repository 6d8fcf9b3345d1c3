import { describe, expect, it } from 'vitest'
import { screenshot } from '../support/browser.ts'
import { useE2eSession } from '../support/e2e-session.ts'
import { snapshot } from '../support/stores.ts'

const session = useE2eSession()

/** The store's keys and values, without the history (the one key a failed or cancelled run adds to). */
async function dataOf(dataDir: string): Promise<Map<string, string>> {
  const all = await snapshot(dataDir)
  all.delete('_migration_history')
  return all
}

/** Byte-for-byte the same keys and values (compared without printing 30,000 records on failure). */
function sameData(after: Map<string, string>, before: Map<string, string> | null): boolean {
  if (!before || after.size !== before.size) return false
  for (const [key, value] of before) if (after.get(key) !== value) return false
  return true
}

describe('web host, failures shown and the data left alone', () => {
  it('a corrupt task: the dry run names it, the migration fails with a banner, the store is unchanged, history says failed', async () => {
    const bad = 'task:zz-corrupt'
    const { store, host, before, stopHost } = await session.serve(3_000, { raw: { [bad]: '{"id": "zz-corrupt", "title": ' }, snapshot: true })
    const { page, app, problems } = await session.open(host.url)
    await app.expectVersion('v1', 'Migration needed')
    await expect.poll(() => page.getByRole('table', { name: 'Record counts' }).innerText()).toMatch(/invalid: 1/)

    // The dry run lists the failure with its key and reason.
    await app.plan.getByRole('button', { name: 'Dry run' }).click()
    const failures = page.getByRole('table', { name: 'Dry run failures' })
    await failures.waitFor()
    expect(await failures.innerText()).toContain(bad)
    expect(await page.getByRole('region', { name: /Dry run v1 → v3/ }).innerText()).toContain('1 would fail')
    await app.waitIdle()

    // The migration: rolled back, the seed's words in an error banner with its code.
    // The confirmation warns that the dry run predicted a failure, naming the record.
    await app.plan.getByRole('button', { name: 'Migrate…' }).click()
    const confirm = page.getByRole('dialog', { name: 'Migrate v1 → v3?' })
    const predicted = confirm.getByRole('alert', { name: 'Predicted failures' })
    await predicted.waitFor()
    expect(await predicted.innerText()).toMatch(/1 record that would fail[\s\S]*task:zz-corrupt/)
    await confirm.getByRole('button', { name: 'Back up and migrate' }).click()
    const banner = page.getByRole('alert', { name: 'Migration: MIGRATION_FAILED' })
    await banner.waitFor({ timeout: 60_000 })
    const text = await banner.innerText()
    expect(text).toMatch(/✗ Migration failed: .*task:zz-corrupt/)
    expect(text).toContain('Database has been rolled back to previous state')
    // What to do next, not a bug report: a bad record is a data problem.
    expect(text).toContain('fix it, then migrate again')
    expect(text).not.toMatch(/report this issue/)
    expect(text).toContain('MIGRATION_FAILED')
    await app.waitIdle()

    // Shown unchanged: still v1, all tasks v1; history says failed with the error; the backup taken is listed.
    await app.expectVersion('v1', 'Migration needed')
    await expect.poll(() => page.getByRole('table', { name: 'Record counts' }).innerText()).toMatch(/v1: 3,000/)
    await expect.poll(() => app.historyStatuses()).toEqual(['failed'])
    const entry = app.history.locator('li[data-status="failed"]')
    expect(await entry.innerText()).toMatch(/FAILED[\s\S]*v1 → v3[\s\S]*task:zz-corrupt/)
    await expect.poll(() => app.backupIds().then((ids) => ids.length)).toBe(1)
    await screenshot(page, 'migration-failed-light')
    await screenshot(app.history, 'history-failed-light')
    expect(problems).toEqual([])

    // And on disk: every key and value as before, but for the history entry.
    const { dataDir } = store
    await stopHost()
    expect(sameData(await dataOf(dataDir), before)).toBe(true)
  })

  it('a store newer than supported (v4): an error banner, Migrate and Dry run disabled with the reason', async () => {
    const { host } = await session.serve(300, { raw: { _schema_version: '4' } })
    const { page, app, problems } = await session.open(host.url)
    await app.expectVersion('v4', 'Newer than supported')
    const banner = page.getByRole('alert', { name: 'Store newer than supported' })
    await banner.waitFor()
    expect(await banner.innerText()).toMatch(
      /newer than supported: this Meridian Admin supports up to v3; the store is at v4[\s\S]*newer Meridian Admin[\s\S]*VERSION_TOO_NEW/
    )
    const migrate = app.plan.getByRole('button', { name: 'Migrate…' })
    expect(await migrate.isDisabled()).toBe(true)
    expect(await app.plan.getByRole('button', { name: 'Dry run' }).isDisabled()).toBe(true)
    // The reason is the button's accessible description.
    const describedBy = await migrate.getAttribute('aria-describedby')
    expect(await page.locator(`#${describedBy ?? 'none'}`).innerText()).toMatch(/newer than this tool supports/)
    // Backups still work on such a store.
    expect(await app.backups.getByRole('button', { name: 'Back up now' }).isEnabled()).toBe(true)
    await screenshot(page, 'too-new-light')
    expect(problems).toEqual([])
  })

  it('Cancel in the middle: the migration stops, a cancelled banner, history says cancelled, the store is unchanged', async () => {
    const { store, host, before, stopHost } = await session.serve(30_000, { snapshot: true })
    const { page, app, problems } = await session.open(host.url)
    await app.expectVersion('v1', 'Migration needed')

    await app.plan.getByRole('button', { name: 'Migrate…' }).click()
    await page.getByRole('dialog', { name: 'Migrate v1 → v3?' }).getByRole('button', { name: 'Back up and migrate' }).click()
    // Wait until records are being rewritten, then cancel.
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
    const cancel = page.getByRole('button', { name: 'Cancel' })
    await cancel.click()
    const banner = page.getByRole('alert', { name: 'Migration: CANCELLED' })
    await banner.waitFor({ timeout: 60_000 })
    expect(await banner.innerText()).toMatch(/cancelled[\s\S]*the store is as it was before/i)
    await app.waitIdle()

    await app.expectVersion('v1', 'Migration needed')
    await expect.poll(() => app.historyStatuses()).toEqual(['cancelled'])
    await expect.poll(() => page.getByRole('table', { name: 'Record counts' }).innerText()).toMatch(/task:\s+30,000\s+v1: 30,000/)
    await screenshot(page, 'migration-cancelled-light')
    expect(problems, host.stderr()).toEqual([])

    const { dataDir } = store
    await stopHost()
    expect(sameData(await dataOf(dataDir), before)).toBe(true)
  })
})
