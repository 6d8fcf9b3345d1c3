import { access, copyFile, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { expectAccessible } from '../support/axe.ts'
import { screenshot } from '../support/browser.ts'
import { useE2eSession } from '../support/e2e-session.ts'
import { snapshot } from '../support/stores.ts'

const session = useE2eSession()

/** A v1 task as Meridian writes it. */
const task = (id: string): string =>
  JSON.stringify({
    id,
    title: `Task ${id}`,
    status: 'pending',
    priority: 'low',
    created_at: '2024-01-01T00:00:00Z',
    updated_at: '2024-01-01T00:00:00Z',
    history: [],
    tags: []
  })

const FIX = 'task:zz-fix'
const ASIDE = 'task:zz-aside'
const DELETE = 'task:zz-delete'

describe('web host, repairing bad records until the migration runs', () => {
  it('views an invalid record with its reason, fixes it, deletes another, sets the last aside from Migrate, then migrates', async () => {
    const raw = { [FIX]: '{"id": "zz-fix", "title": ', [ASIDE]: '{"id": "zz-aside", ', [DELETE]: task('zz-delete') }
    const { store, host, stopHost } = await session.serve(300, { raw })
    const { page, app, problems } = await session.open(host.url)
    const audit = (screen: string): Promise<void> => expectAccessible(page, screen)
    await app.expectVersion('v1', 'Migration needed')

    // The dry run's failure list links to each record; the record view says why it fails.
    await app.plan.getByRole('button', { name: 'Dry run' }).click()
    const failures = page.getByRole('table', { name: 'Dry run failures' })
    await failures.waitFor()
    await app.waitIdle()
    await failures.getByRole('button', { name: `Open record ${FIX}` }).click()
    const check = app.records.getByRole('status', { name: `Check of ${FIX}` })
    await check.waitFor()
    expect(await check.innerText()).toMatch(/✗ Invalid[\s\S]*not valid JSON/)
    await audit('record view, invalid record')
    const recordShot = await screenshot(app.page.locator('#records'), 'record-view-invalid-light')
    await copyFile(recordShot, '/tmp/record-view-invalid.png')

    // Edit: Save waits for a valid check; the confirmation names the backup; the record then checks valid.
    await app.records.getByRole('button', { name: 'Edit' }).click()
    const editor = app.records.getByRole('textbox', { name: `New value of ${FIX}` })
    const save = app.records.getByRole('button', { name: 'Save…' })
    expect(await save.isDisabled()).toBe(true)
    await app.records.getByRole('button', { name: 'Validate' }).click()
    const edited = app.records.getByRole('status', { name: 'Check of the edited value' })
    expect(await edited.innerText()).toMatch(/not valid JSON/)
    expect(await save.isDisabled()).toBe(true)
    await editor.fill(task('zz-fix'))
    await app.records.getByRole('button', { name: 'Validate' }).click()
    await expect.poll(() => edited.innerText()).toMatch(/✓ Valid for v1/)
    await save.click()
    const saveDialog = page.getByRole('dialog', { name: `Save ${FIX}?` })
    expect(await saveDialog.innerText()).toMatch(/pre-repair backup of the whole store is taken first/)
    await audit('save confirmation')
    await saveDialog.getByRole('button', { name: 'Back up and save' }).click()
    await expect
      .poll(() => app.records.getByRole('status', { name: 'Repair result' }).innerText())
      .toMatch(new RegExp(`Saved ${FIX}; the pre-repair backup \\S+ was taken first`))
    await expect.poll(() => check.innerText()).toMatch(/✓ Valid for v1/)
    await app.waitIdle()

    // Delete another record: Escape keeps it; confirmed, it goes after a backup.
    await app.records.getByRole('textbox', { name: 'Go to key' }).fill(DELETE)
    await app.records.getByRole('textbox', { name: 'Go to key' }).press('Enter')
    await app.records.getByRole('option', { name: new RegExp(DELETE) }).click()
    await app.records.getByRole('status', { name: `Check of ${DELETE}` }).waitFor()
    await app.records.getByRole('button', { name: 'Delete…' }).click()
    const deleteDialog = page.getByRole('dialog', { name: `Delete ${DELETE}?` })
    await deleteDialog.waitFor()
    // The safe choice has focus first.
    const keep = deleteDialog.getByRole('button', { name: 'Keep it' })
    await expect.poll(() => keep.evaluate((element) => element.ownerDocument.activeElement === element)).toBe(true)
    await page.keyboard.press('Escape')
    await deleteDialog.waitFor({ state: 'hidden' })
    await app.records.getByRole('button', { name: 'Delete…' }).click()
    expect(await deleteDialog.innerText()).toMatch(new RegExp(`${DELETE}[\\s\\S]*pre-repair backup`))
    await deleteDialog.getByRole('button', { name: 'Back up and delete' }).click()
    await expect.poll(() => app.records.getByRole('status', { name: 'Repair result' }).innerText()).toMatch(new RegExp(`Deleted ${DELETE}`))
    await app.waitIdle()

    // The dry run again predicts the one left; Migrate warns and offers to set it aside.
    await app.plan.getByRole('button', { name: 'Dry run' }).click()
    await expect.poll(() => failures.innerText()).toContain(ASIDE)
    expect(await failures.innerText()).not.toContain(FIX)
    await app.waitIdle()
    await app.plan.getByRole('button', { name: 'Migrate…' }).click()
    const confirm = page.getByRole('dialog', { name: 'Migrate v1 → v3?' })
    const predicted = confirm.getByRole('alert', { name: 'Predicted failures' })
    expect(await predicted.innerText()).toMatch(/1 record that would fail[\s\S]*task:zz-aside/)
    await predicted.getByRole('button', { name: 'Set aside invalid records…' }).click()
    const setAside = page.getByRole('dialog', { name: 'Set aside invalid records' })
    await expect.poll(() => setAside.getByRole('list', { name: 'Invalid records' }).innerText()).toMatch(/task:zz-aside: not valid JSON/)
    expect(await setAside.innerText()).toMatch(/1 record of \d+ checked fail/)
    await audit('set-aside dialog')
    const asideShot = await screenshot(setAside, 'set-aside-dialog-light')
    await copyFile(asideShot, '/tmp/set-aside-dialog.png')
    await setAside.getByRole('button', { name: 'Back up and set aside 1 record' }).click()
    const report = setAside.getByRole('status', { name: 'Set-aside report' })
    await expect.poll(() => report.innerText().catch(() => '')).toMatch(/1 record set aside of \d+ checked, into the archive \S+/)
    const archive = (await report.locator('.path').innerText()).trim()
    await setAside.getByRole('button', { name: 'Close' }).click()
    await app.waitIdle()

    // Now the migration runs.
    await app.plan.getByRole('button', { name: 'Migrate…' }).click()
    await confirm.getByRole('button', { name: 'Back up and migrate' }).click()
    await app.expectVersion('v3', 'Up to date', 120_000)
    await app.waitIdle()
    expect(await app.historyStatuses()).toContain('repaired')

    // The archive is listed under "Set-aside records". Put back as it is, its record still fails: nothing is written.
    const asidePanel = page.getByRole('region', { name: 'Set-aside records' })
    const row = asidePanel.getByRole('row', { name: new RegExp(path.basename(archive).replaceAll('.', '\\.')) })
    expect(await row.innerText()).toMatch(/none yet/)
    await audit('set-aside records panel')
    const putBack = async (): Promise<void> => {
      await row.getByRole('button', { name: 'Put back…' }).click()
      const dialog = page.getByRole('dialog', { name: 'Put back 1 record?' })
      expect(await dialog.getByRole('list', { name: 'Records to put back' }).innerText()).toContain(ASIDE)
      await dialog.getByRole('button', { name: 'Back up and put back' }).click()
      await dialog.waitFor({ state: 'hidden' })
      await app.waitIdle()
    }
    await putBack()
    await expect.poll(() => page.getByRole('alert').filter({ hasText: ASIDE }).count()).toBe(1)
    expect(await page.getByRole('alert').filter({ hasText: ASIDE }).innerText()).toMatch(/RECORD_INVALID|fails its check/)

    // Fixed in the archive file, as a person would in an editor (a v1 task; the store is at v3 now), then put back.
    const [header] = (await readFile(archive, 'utf8')).split('\n')
    await writeFile(archive, `${header}\n${JSON.stringify({ key: ASIDE, value: task('zz-aside'), problems: [] })}\n`)
    await putBack()
    await expect
      .poll(() =>
        asidePanel
          .getByRole('status', { name: 'Put-back report' })
          .innerText()
          .catch(() => '')
      )
      .toMatch(/1 record put back, 1 brought to the store's version on the way; the pre-repair backup \S+ was taken first/)
    await expect.poll(() => row.innerText()).toMatch(/all \(put back\)/)
    expect(await row.getByRole('button', { name: 'Put back…' }).isDisabled()).toBe(true)
    await screenshot(asidePanel, 'set-aside-panel-light')
    await audit('set-aside records panel after the put-back')
    // The refusal above was the one expected problem: the page reported nothing else.
    expect(problems.filter((problem) => !problem.includes('records.restoreSetAside'))).toEqual([])

    // On disk: the fixed task migrated, the deleted one gone, the set-aside one back at v3, the archive kept.
    await stopHost()
    const after = await snapshot(store.dataDir)
    expect(after.get('_schema_version')).toBe('3')
    expect(JSON.parse(after.get(FIX) ?? 'null')).toMatchObject({ id: 'zz-fix', title: 'Task zz-fix' })
    expect(after.has(DELETE)).toBe(false)
    expect(JSON.parse(after.get(ASIDE) ?? 'null')).toMatchObject({ id: 'zz-aside', schema_version: 3 })
    await access(archive)
  })

  it("the failed migration's banner links to the failing record and offers the set-aside", async () => {
    const bad = 'task:zz-corrupt'
    const { host } = await session.serve(200, { raw: { [bad]: '{"id": "zz-corrupt", "title": ' } })
    const { page, app, problems } = await session.open(host.url)
    await app.expectVersion('v1', 'Migration needed')
    await app.plan.getByRole('button', { name: 'Migrate…' }).click()
    await page.getByRole('dialog', { name: 'Migrate v1 → v3?' }).getByRole('button', { name: 'Back up and migrate' }).click()
    const banner = page.getByRole('alert', { name: 'Migration: MIGRATION_FAILED' })
    await banner.waitFor({ timeout: 60_000 })
    expect(await banner.innerText()).not.toMatch(/report this issue/)
    await app.waitIdle()
    await banner.getByRole('button', { name: `Open record ${bad}` }).click()
    await expect.poll(() => app.records.getByRole('status', { name: `Check of ${bad}` }).innerText()).toMatch(/✗ Invalid[\s\S]*not valid JSON/)
    await banner.getByRole('button', { name: 'Set aside invalid records…' }).click()
    const setAside = page.getByRole('dialog', { name: 'Set aside invalid records' })
    await expect.poll(() => setAside.innerText()).toMatch(/task:zz-corrupt: not valid JSON/)
    await page.keyboard.press('Escape')
    await setAside.waitFor({ state: 'hidden' })
    expect(problems).toEqual([])
  })
})
