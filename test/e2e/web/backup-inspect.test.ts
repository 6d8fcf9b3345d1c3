import { describe, expect, it } from 'vitest'
import { screenshot } from '../support/browser.ts'
import { useE2eSession } from '../support/e2e-session.ts'

const TASKS = 300

const session = useE2eSession()

describe('web host: inspecting a backup without restoring it', () => {
  it('browses the pre-migration backup by prefix and page, then compares it with the migrated store', async () => {
    const { host } = await session.serve(TASKS)
    const { page, app, problems } = await session.open(host.url)
    await app.expectVersion('v1', 'Migration needed')

    // Migrate, which leaves a pre-migration backup of the v1 store.
    await app.plan.getByRole('button', { name: 'Migrate…' }).click()
    // Its archive unticked: the checkpoint alone is left, and no archive starts after the commit.
    const confirm = page.getByRole('dialog', { name: 'Migrate v1 → v3?' })
    await confirm.getByRole('checkbox', { name: /portable archive/ }).uncheck()
    await confirm.getByRole('button', { name: 'Back up and migrate' }).click()
    await app.expectVersion('v3', 'Up to date', 60_000)
    await app.waitIdle()
    await expect.poll(() => app.backupIds().then((ids) => ids.length)).toBe(1)
    expect(await app.backups.getByRole('status', { name: 'Background archive' }).count()).toBe(0)
    const [backupId = ''] = await app.backupIds()

    await screenshot(app.backups, 'backups-browse-button-light')

    // Browse, by keyboard: the inspector opens on the Records panel's prefix, focus on its heading.
    await app.backups.getByRole('button', { name: `Browse ${backupId}` }).focus()
    await page.keyboard.press('Enter')
    const inspector = app.region(`Backup ${backupId}`)
    await inspector.waitFor()
    await expect.poll(() => page.locator(':focus').textContent()).toBe(`Backup ${backupId}`)
    expect(await inspector.innerText()).toContain('nothing is restored')
    const records = inspector.getByRole('listbox', { name: `Records of ${backupId} under task:` })
    await expect.poll(() => records.getByRole('option').count()).toBe(25)
    // The backup holds the store as it was: every task still v1, although the store is at v3 now.
    expect(new Set(await records.getByRole('option').locator('.chip').allInnerTexts())).toEqual(new Set(['v1']))
    const firstKey = (await records.getByRole('option').first().locator('.record-key').innerText()).trim()
    const json = JSON.parse(await inspector.getByLabel(`JSON of ${firstKey} in the backup`).innerText()) as Record<string, unknown>
    expect(json.spec_ref === undefined || json.spec_refs === undefined).toBe(true)
    expect(json).not.toHaveProperty('depends_on')

    // Arrow keys move the selection; Next and Previous page through.
    await records.getByRole('option').first().focus()
    await page.keyboard.press('ArrowDown')
    await expect.poll(() => records.getByRole('option', { selected: true }).locator('.record-key').innerText()).not.toBe(firstKey)
    await inspector.getByRole('button', { name: 'Next →' }).click()
    await expect.poll(() => inspector.innerText()).toContain('Page 2')
    await expect.poll(() => records.getByRole('option').first().locator('.record-key').innerText()).not.toBe(firstKey)
    await screenshot(inspector, 'backup-browse-light')
    await inspector.getByRole('button', { name: '← Previous' }).click()
    await expect.poll(() => records.getByRole('option').first().locator('.record-key').innerText()).toBe(firstKey)

    // Another prefix: the episodes, which no migration touches.
    await inspector.getByRole('combobox', { name: 'Prefix' }).fill('episode:')
    await page.keyboard.press('Enter')
    const episodes = inspector.getByRole('listbox', { name: `Records of ${backupId} under episode:` })
    await expect.poll(() => episodes.getByRole('option').count()).toBe(25)
    expect((await episodes.getByRole('option').locator('.record-key').allInnerTexts()).every((key) => key.startsWith('episode:'))).toBe(true)
    await inspector.getByRole('combobox', { name: 'Prefix' }).fill('task:')
    await page.keyboard.press('Enter')
    await expect.poll(() => records.getByRole('option').count()).toBe(25)

    // Compare with the store, reached by the arrow keys on the tabs.
    await inspector.getByRole('tab', { name: 'Records' }).focus()
    await page.keyboard.press('ArrowRight')
    expect(await inspector.getByRole('tab', { name: 'Compare with store' }).getAttribute('aria-selected')).toBe('true')
    await inspector.getByRole('button', { name: 'Compare with store' }).click()
    const counts = inspector.getByRole('table', { name: 'Comparison counts' })
    await counts.waitFor({ timeout: 60_000 })
    await app.waitIdle()
    expect(await counts.innerText()).toMatch(/Added\s+0[\s\S]*Removed\s+0[\s\S]*Changed\s+300[\s\S]*Unchanged\s+0/)
    const changed = inspector.getByRole('listbox', { name: 'Changed records' })
    expect(await changed.getByRole('option').count()).toBe(20)
    expect(await inspector.innerText()).toContain('first 20 of 300')
    expect(await inspector.getByText('In the backup (v1)').count()).toBe(1)
    expect(await inspector.getByText('In the store now (v3)').count()).toBe(1)
    // The first task is of a pre-versioning shape, which already holds related_tasks: depends_on is what is new.
    expect(await inspector.innerText()).toMatch(/Changes: .*\+depends_on/)
    expect(await inspector.getByLabel('Sample record before').innerText()).toContain('"spec_ref"')
    expect(await inspector.getByLabel('Sample record after').innerText()).toContain('"spec_refs"')
    await screenshot(inspector, 'backup-compare-light')

    // Close returns focus to the Browse button it came from; the store is at v3 still (nothing was restored).
    await inspector.getByRole('button', { name: 'Close' }).click()
    await inspector.waitFor({ state: 'detached' })
    await expect.poll(() => page.locator(':focus').getAttribute('aria-label')).toBe(`Browse ${backupId}`)
    expect((await app.versions()).current).toBe('v3')
    expect(problems).toEqual([])
  })
})
