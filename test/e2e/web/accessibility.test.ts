import { describe, expect, it } from 'vitest'
import { accessibilityViolations } from '../support/axe.ts'
import { useE2eSession } from '../support/e2e-session.ts'

// axe-core on every screen a user meets, in light and dark mode: zero WCAG 2.1 AA violations (contrast included).

const session = useE2eSession()

describe.each(['light', 'dark'] as const)('accessibility, %s mode (axe-core)', (colorScheme) => {
  it('the store page, the dry run, the Migrate dialog, a failed migration, the backup list and inspector, the restore dialog: no violations', async () => {
    const bad = 'task:zz-corrupt'
    const { host } = await session.serve(400, { raw: { [bad]: '{"id": "zz-corrupt", "title": ' } })
    const { page, app, problems } = await session.open(host.url, colorScheme)
    const audit = async (screen: string): Promise<void> => {
      expect(await accessibilityViolations(page), `${screen} (${colorScheme})`).toEqual([])
    }
    await app.expectVersion('v1', 'Migration needed')
    await audit('store page, v1 store')

    await app.plan.getByRole('button', { name: 'Dry run' }).click()
    await page.getByRole('table', { name: 'Dry run failures' }).waitFor()
    await app.waitIdle()
    await audit('dry run report')

    await app.plan.getByRole('button', { name: 'Migrate…' }).click()
    const confirm = page.getByRole('dialog', { name: 'Migrate v1 → v3?' })
    await confirm.waitFor()
    await audit('Migrate dialog')
    await confirm.getByRole('button', { name: 'Back up and migrate' }).click()
    await page.getByRole('alert', { name: 'Migration: MIGRATION_FAILED' }).waitFor({ timeout: 60_000 })
    await app.waitIdle()
    await audit('failed migration banner, history, backup list')

    const [backupId = ''] = await app.backupIds()
    await app.backups.getByRole('button', { name: `Browse ${backupId}` }).click()
    await app.region(`Backup ${backupId}`).waitFor()
    await audit('backup inspector')

    await app.backups.getByRole('button', { name: `Restore ${backupId}` }).click()
    await page.getByRole('dialog', { name: new RegExp(`Restore ${backupId}`) }).waitFor()
    await audit('restore dialog')
    expect(problems).toEqual([])
  })

  it('a successful migration, the comparison, in-store backups, the clean-up and downgrade dialogs: no violations', async () => {
    const legacy = '_backup_20240101_120000'
    const task = JSON.stringify({
      id: 'legacy-a',
      title: 'Legacy',
      status: 'done',
      priority: 'low',
      created_at: '2024-01-01T00:00:00Z',
      updated_at: '2024-01-01T00:00:00Z',
      history: [],
      tags: []
    })
    const raw = {
      [legacy]: JSON.stringify({ timestamp: '2024-01-01T12:00:00Z', prefix: 'task:', item_count: 1, keys: ['task:legacy-a'] }),
      [`${legacy}:task:legacy-a`]: task
    }
    const { host } = await session.serve(300, { raw })
    const { page, app, problems } = await session.open(host.url, colorScheme)
    const audit = async (screen: string): Promise<void> => {
      expect(await accessibilityViolations(page), `${screen} (${colorScheme})`).toEqual([])
    }
    await app.backupRow(legacy).waitFor({ timeout: 30_000 })
    await audit('store page with an in-store backup')

    await app.plan.getByRole('button', { name: 'Migrate…' }).click()
    await page.getByRole('dialog', { name: 'Migrate v1 → v3?' }).getByRole('button', { name: 'Back up and migrate' }).click()
    await app.expectVersion('v3', 'Up to date', 60_000)
    await app.waitIdle()
    await audit('migration done: summary, history, backups')

    const [backupId = ''] = (await app.backupIds()).filter((id) => id !== legacy)
    await app.backups.getByRole('button', { name: `Browse ${backupId}` }).click()
    const inspector = app.region(`Backup ${backupId}`)
    await inspector.waitFor()
    await inspector.getByRole('tab', { name: 'Compare with store' }).click()
    await inspector.getByRole('button', { name: 'Compare with store' }).click()
    await inspector.getByRole('table', { name: 'Comparison counts' }).waitFor({ timeout: 60_000 })
    await app.waitIdle()
    await audit('backup compared with the store')
    await inspector.getByRole('button', { name: 'Close' }).click()

    await app.backups.getByRole('button', { name: `Remove ${legacy} from the store` }).click()
    await page.getByRole('dialog', { name: `Remove ${legacy} from the store?` }).waitFor()
    await audit('in-store remove dialog')
    await page.keyboard.press('Escape')

    await app.backups.getByRole('button', { name: 'Clean up old backups…' }).click()
    await page.getByRole('dialog', { name: 'Clean up old backups' }).waitFor()
    await audit('clean-up dialog')
    await page.keyboard.press('Escape')

    await app.plan.getByRole('button', { name: 'Downgrade to…' }).click()
    const downgrade = page.getByRole('dialog', { name: 'Downgrade from v3?' })
    await downgrade.waitFor()
    await downgrade.getByLabel('Downgrade to').selectOption('1')
    await downgrade.getByRole('alert', { name: 'Data loss warning' }).waitFor({ timeout: 60_000 })
    await audit('downgrade dialog with its data-loss warning')
    expect(problems).toEqual([])
  })
})
