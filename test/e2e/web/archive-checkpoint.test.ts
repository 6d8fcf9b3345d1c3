import { describe, expect, it } from 'vitest'
import { screenshot } from '../support/browser.ts'
import { useE2eSession } from '../support/e2e-session.ts'

const session = useE2eSession()

describe('web host, the archive of a checkpoint', () => {
  it('writes the portable file of a checkpoint from the keyboard, listed beside it, and offers no archive of an archive', async () => {
    const served = await session.serve(2000)
    const { page, app, problems } = await session.open(served.host.url)
    await app.waitIdle()
    await app.backups.getByRole('button', { name: 'Checkpoint now' }).click()
    await expect.poll(() => app.backupIds().then((ids) => ids.length), { timeout: 30_000 }).toBe(1)
    await app.waitIdle()
    const [checkpointId = ''] = await app.backupIds()
    expect(await app.backupRow(checkpointId).innerText()).toMatch(/checkpoint[\s\S]*manual/)

    // Keyboard: focus the row's Archive button and press Enter.
    const archiveButton = app.backups.getByRole('button', { name: `Archive ${checkpointId}` })
    await archiveButton.focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => app.backupIds().then((ids) => ids.length), { timeout: 60_000 }).toBe(2)
    await app.waitIdle()
    const archiveId = (await app.backupIds()).find((id) => id !== checkpointId) ?? ''
    expect(archiveId.startsWith(checkpointId)).toBe(true)
    const archiveRow = app.backupRow(archiveId)
    expect(await archiveRow.innerText()).toMatch(/archive[\s\S]*manual[\s\S]*v1[\s\S]*\d/)
    await expect.poll(() => app.backups.getByRole('status').filter({ hasText: 'written from checkpoint' }).innerText()).toContain(`Archive ${archiveId}`)
    // An archive is already the portable file: its row has no Archive button; the checkpoint keeps its own.
    expect(await archiveRow.getByRole('button', { name: `Archive ${archiveId}` }).count()).toBe(0)
    expect(await archiveButton.count()).toBe(1)
    await screenshot(app.backups, 'backups-archived-light')

    // The archive reads whole.
    await app.backups.getByRole('button', { name: `Verify ${archiveId}` }).click()
    await expect.poll(() => archiveRow.innerText(), { timeout: 30_000 }).toContain('verified')
    expect(problems).toEqual([])
  })
})
