import { describe, expect, it } from 'vitest'
import { screenshot } from '../support/browser.ts'
import { useE2eSession } from '../support/e2e-session.ts'

// Big enough that the migration takes seconds, so the bar is seen moving.
const TASKS = 30_000

const session = useE2eSession()

describe('web host, happy path: open → dry run → migrate → history → backup → restore', () => {
  it('migrates v1 → v3 with live progress, lists the pre-migration backup, and restores it back to v1', async () => {
    const { store, host, before: served } = await session.serve(TASKS, { snapshot: true })
    // Tasks, episodes, index markers and the version: every key the pre-migration backup holds.
    const keys = (served?.size ?? 0).toLocaleString('en-US')
    const { page, app, problems } = await session.open(host.url)

    // Open: the store, v1 against v3, migration needed; the token has left the address bar.
    await app.expectVersion('v1', 'Migration needed')
    expect((await app.versions()).target).toBe('v3')
    expect(page.url()).not.toContain('token=')
    await expect.poll(() => app.storeHeader.innerText()).toContain(store.dataDir)
    const counts = page.getByRole('table', { name: 'Record counts' })
    await expect.poll(() => counts.innerText()).toMatch(/task:\s+30,000\s+v1: 30,000/)
    const pending = page.getByRole('list', { name: 'Pending steps' })
    expect(await pending.getByRole('listitem').allInnerTexts()).toEqual([
      expect.stringContaining('Add depends_on and related_tasks fields'),
      expect.stringContaining('Replace spec_ref with spec_refs')
    ])
    await expect.poll(() => app.historyStatuses()).toEqual([])
    await screenshot(page, 'overview-light', { fullPage: true })

    // Dry run: items per step, no failures, a sample before and after.
    await app.plan.getByRole('button', { name: 'Dry run' }).click()
    const report = page.getByRole('region', { name: /Dry run v1 → v3/ })
    await report.waitFor({ timeout: 60_000 })
    expect(await report.getByRole('table', { name: 'Items per step' }).innerText()).toMatch(/v1 → v2[\s\S]*30,000[\s\S]*v2 → v3[\s\S]*30,000/)
    expect(await report.innerText()).toContain('no failures')
    const before = await report.getByLabel('Sample record before').innerText()
    const after = await report.getByLabel('Sample record after').innerText()
    expect(before).toContain('"spec_ref":')
    expect(after).toContain('"spec_refs":')
    expect(after).toContain('"schema_version": 3')
    // The demo's first task is of a pre-versioning shape: it already holds related_tasks, so only depends_on is new.
    expect(await report.innerText()).toMatch(/Changes: .*\+depends_on.*\+spec_refs.*−spec_ref/)
    await app.waitIdle()
    await screenshot(app.plan, 'plan-dry-run-light')

    // Migrate: the confirmation names the backup about to be taken; Escape closes it without doing anything.
    await app.plan.getByRole('button', { name: 'Migrate…' }).click()
    let dialog = page.getByRole('dialog', { name: 'Migrate v1 → v3?' })
    await dialog.waitFor()
    expect(await dialog.innerText()).toContain(`pre-migration backup of ${keys} records`)
    await expect.poll(() => page.locator(':focus').innerText()).toBe('Cancel')
    await screenshot(page, 'migrate-confirm-light')
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    expect((await app.versions()).current).toBe('v1')

    await app.plan.getByRole('button', { name: 'Migrate…' }).focus()
    await page.keyboard.press('Enter')
    dialog = page.getByRole('dialog', { name: 'Migrate v1 → v3?' })
    await dialog.getByRole('button', { name: 'Back up and migrate' }).click()

    // The bar moves: several distinct values while migrating, each within 0..total; actions are disabled meanwhile.
    await app.progressbar.waitFor()
    expect(await app.plan.getByRole('button', { name: 'Dry run' }).isDisabled()).toBe(true)
    expect(await app.backups.getByRole('button', { name: 'Back up now' }).isDisabled()).toBe(true)
    expect(await app.plan.innerText()).toContain('Migration v1 → v3 is in progress; other actions are disabled until it finishes.')
    let shot = false
    const samples = await app.sampleProgress(async (sample) => {
      // One picture of the bar mid-migration (best effort: it may end between the sample and the shot).
      if (shot || sample.phase !== 'Migrating' || sample.now < sample.max * 0.15 || sample.now > sample.max * 0.7) return
      shot = true
      await screenshot(page.getByRole('region', { name: /^Migration v1 → v3/ }), 'progress-light').catch(() => null)
    })
    const migrating = samples.filter((s) => s.phase === 'Migrating')
    const distinct = new Set(migrating.map((s) => s.now))
    expect(distinct.size, JSON.stringify(samples)).toBeGreaterThanOrEqual(3)
    expect(
      [...distinct].some((now) => now > 0 && now < TASKS),
      JSON.stringify(samples)
    ).toBe(true)
    for (const sample of migrating) expect(sample.now).toBeLessThanOrEqual(sample.max)
    // The safety net is a checkpoint (milliseconds, no phase of its own): one phase, so one bar and no overall one.
    expect(new Set(samples.map((s) => s.phase))).not.toContain('Backing up')
    expect(
      migrating.every((s) => s.overallPercent === null),
      JSON.stringify(samples)
    ).toBe(true)

    // Done: the summary, v3 up to date, history says success with the backup, the backup is listed.
    const summary = page.getByRole('status', { name: 'Migration summary' })
    await summary.waitFor({ timeout: 60_000 })
    expect(await summary.innerText()).toMatch(/Migration completed successfully: v1 → v3[\s\S]*30,000 items migrated/)
    await app.expectVersion('v3', 'Up to date')
    await app.waitIdle()
    await expect.poll(() => app.historyStatuses()).toEqual(['success'])
    const successEntry = app.history.locator('li[data-status="success"]')
    expect(await successEntry.innerText()).toMatch(/v1 → v3[\s\S]*30,000 items/)
    const backupId = (await successEntry.getByRole('button', { name: /^Show backup / }).innerText()).trim()
    expect(backupId).toMatch(/^backup_\d{8}_\d{6}/)
    // Its portable archive follows in the background (asked for by default), listed beside it once written.
    const archiveLine = app.backups.getByRole('status', { name: 'Background archive' })
    await expect.poll(() => archiveLine.getAttribute('data-state'), { timeout: 60_000 }).toBe('done')
    await expect.poll(() => app.backupIds()).toEqual([`${backupId}_2`, backupId])
    await archiveLine.getByRole('button', { name: 'Dismiss' }).click()
    const row = app.backupRow(backupId)
    // A checkpoint: its records are counted by its first verify.
    expect(await row.innerText()).toMatch(/checkpoint[\s\S]*pre-migration[\s\S]*v1[\s\S]*not counted/)
    await screenshot(app.plan, 'plan-migrated-light')

    // The history's backup link scrolls to the backup and highlights it.
    await successEntry.getByRole('button', { name: `Show backup ${backupId} in the backup list` }).click()
    await expect.poll(() => row.getAttribute('aria-current')).toBe('true')
    await expect.poll(() => row.evaluate((element) => element.ownerDocument.activeElement === element)).toBe(true)
    await screenshot(app.history, 'history-success-light')

    // Verify it, then restore it: the confirmation shows v3 → v1 and the record counts.
    await app.backups.getByRole('button', { name: `Verify ${backupId}`, exact: true }).click()
    await expect.poll(() => row.innerText(), { timeout: 60_000 }).toContain('verified')
    await app.waitIdle()
    await expect.poll(() => row.innerText()).toMatch(new RegExp(`v1[\\s\\S]*${keys}`))
    await screenshot(app.backups, 'backups-light')
    await app.backups.getByRole('button', { name: `Restore ${backupId}`, exact: true }).click()
    const restoreDialog = page.getByRole('dialog', { name: `Restore ${backupId}?` })
    await restoreDialog.waitFor()
    const comparison = await restoreDialog.getByRole('table', { name: 'Restore comparison' }).innerText()
    expect(comparison).toMatch(/Schema version\s+v3\s+→\s+v1/)
    expect(comparison).toMatch(new RegExp(`Records\\s+[\\d,]+\\s+→\\s+${keys}`))
    await screenshot(page, 'restore-confirm-light')
    await restoreDialog.getByRole('button', { name: 'Restore v1' }).click()

    // Back at v1; history shows `restored` on top; a pre-restore backup now exists too.
    await app.expectVersion('v1', 'Migration needed', 120_000)
    await app.waitIdle(120_000)
    await expect.poll(() => app.historyStatuses()).toEqual(['restored', 'success'])
    await expect.poll(() => page.getByRole('table', { name: 'Record counts' }).innerText()).toMatch(/task:\s+30,000\s+v1: 30,000/)
    await expect.poll(() => app.backupIds().then((ids) => ids.length)).toBe(3)
    expect(await app.backups.getByRole('table', { name: 'Backup list' }).innerText()).toContain('pre-restore')
    const restoreSummary = page.getByRole('status', { name: 'Restore summary' })
    expect(await restoreSummary.innerText()).toMatch(new RegExp(`Restored ${backupId}: v3 → v1[\\s\\S]*saved as backup_`))
    await screenshot(app.history, 'history-restored-light')
    await screenshot(app.backups, 'backups-restored-light')

    // Records: browse tasks, page on, see a record's JSON and version.
    const listbox = app.records.getByRole('listbox')
    await expect.poll(() => listbox.getByRole('option').count()).toBe(25)
    const first = await listbox.getByRole('option').first().innerText()
    await app.records.getByRole('button', { name: 'Next →' }).click()
    await expect.poll(() => listbox.getByRole('option').first().innerText()).not.toBe(first)
    await expect.poll(() => app.records.innerText()).toContain('Page 2 of 1,200')
    const selectedKey = (await listbox.getByRole('option', { selected: true }).locator('.record-key').innerText()).trim()
    const json = JSON.parse(await app.records.getByLabel(`JSON of ${selectedKey}`).innerText()) as Record<string, unknown>
    expect(json.id).toBeDefined()
    await screenshot(app.records, 'records-light')

    expect(problems).toEqual([])
  })
})
