import { describe, expect, it } from 'vitest'
import { screenshot } from '../support/browser.ts'
import { useE2eSession } from '../support/e2e-session.ts'
import { snapshot } from '../support/stores.ts'

const session = useE2eSession()

const LEGACY = '_backup_20240101_120000'
const DAMAGED = '_backup_20240301_000000'
const task = (id: string): string =>
  JSON.stringify({
    id,
    title: `Legacy ${id}`,
    status: 'done',
    priority: 'low',
    created_at: '2024-01-01T00:00:00Z',
    updated_at: '2024-01-01T00:00:00Z',
    history: [],
    tags: []
  })

/** A Meridian-style in-store backup of two v1 tasks, and one whose metadata is not JSON. */
const raw = {
  [LEGACY]: JSON.stringify({ timestamp: '2024-01-01T12:00:00Z', prefix: 'task:', item_count: 2, keys: ['task:legacy-a', 'task:legacy-b'] }),
  [`${LEGACY}:task:legacy-a`]: task('legacy-a'),
  [`${LEGACY}:task:legacy-b`]: task('legacy-b'),
  [DAMAGED]: '{not json'
}

describe('web host, in-store (legacy) backups', () => {
  it('lists them marked in-store, verifies one, and removes one after a confirmation, leaving every other key alone', async () => {
    const served = await session.serve(200, { raw, snapshot: true })
    const { page, app, problems } = await session.open(served.host.url)
    const row = app.backupRow(LEGACY)
    await row.waitFor({ timeout: 30_000 })
    expect(await row.innerText()).toMatch(/in-store[\s\S]*task:[\s\S]*2/)
    expect(await app.backupRow(DAMAGED).innerText()).toMatch(/its metadata is not JSON[\s\S]*damaged/)

    await app.backups.getByRole('button', { name: `Verify ${LEGACY}` }).click()
    await expect.poll(() => row.innerText(), { timeout: 30_000 }).toContain('verified')
    await app.waitIdle()
    await screenshot(app.backups, 'in-store-backups-light')

    // Remove: the dialog lists what goes; Escape keeps it, the danger button removes it.
    await app.backups.getByRole('button', { name: `Remove ${LEGACY} from the store` }).click()
    let dialog = page.getByRole('dialog', { name: `Remove ${LEGACY} from the store?` })
    await dialog.waitFor()
    expect(await dialog.innerText()).toMatch(/2 task: records[\s\S]*cannot be undone/)
    await expect.poll(() => page.locator(':focus').innerText()).toBe('Keep it')
    await screenshot(page, 'in-store-remove-confirm-light')
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    expect(await row.count()).toBe(1)

    await app.backups.getByRole('button', { name: `Remove ${LEGACY} from the store` }).click()
    dialog = page.getByRole('dialog', { name: `Remove ${LEGACY} from the store?` })
    await dialog.getByRole('button', { name: 'Remove from store' }).click()
    await row.waitFor({ state: 'detached', timeout: 30_000 })
    await app.waitIdle()
    expect(await app.backupIds()).toEqual([DAMAGED])
    expect(problems).toEqual([])

    await served.stopHost()
    const after = await snapshot(served.store.dataDir)
    const expected = new Map([...(served.before ?? new Map<string, string>())].filter(([key]) => !key.startsWith(LEGACY)))
    expect(after).toEqual(expected)
  })

  it('restores one after a keyboard confirmation: task: holds its two records, and the export it went through and a pre-restore backup are listed', async () => {
    const served = await session.serve(200, { raw })
    const { page, app, problems } = await session.open(served.host.url)
    await app.backupRow(LEGACY).waitFor({ timeout: 30_000 })
    await app.backups.getByRole('button', { name: `Restore ${LEGACY}` }).click()
    const dialog = page.getByRole('dialog', { name: `Restore in-store backup ${LEGACY}?` })
    await dialog.waitFor()
    expect(await dialog.innerText()).toMatch(/exactly the 2 records[\s\S]*pre-restore backup/)
    // The counts before → after, as the file restore shows them, and what goes said before it goes.
    const counts = await dialog.getByRole('table', { name: 'Restore comparison' }).innerText()
    expect(counts).toMatch(/Records under task:\s+200\s+→?\s*2\b/)
    expect(await dialog.getByRole('status', { name: 'Records removed by the restore' }).innerText()).toMatch(
      /198 of the 200 records under\s+task:\s+are not in this backup/
    )
    await expect.poll(() => page.locator(':focus').innerText()).toBe('Cancel')
    await screenshot(page, 'in-store-restore-confirm-light')
    await page.keyboard.press('Tab')
    await expect.poll(() => page.locator(':focus').innerText()).toBe('Restore task: records')
    await page.keyboard.press('Enter')

    await app.waitIdle(60_000)
    await expect.poll(() => page.getByRole('table', { name: 'Record counts' }).innerText(), { timeout: 30_000 }).toMatch(/task:\s+2\s/)
    await expect.poll(() => app.historyStatuses()).toEqual(['restored'])
    const files = await app.backups.getByRole('table', { name: 'Backup list' }).innerText()
    expect(files).toContain('pre-restore')
    expect(files).toContain('in-store-export')
    expect(problems).toEqual([])
  })
})
