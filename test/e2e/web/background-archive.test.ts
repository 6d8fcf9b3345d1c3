import { describe, expect, it } from 'vitest'
import { screenshot } from '../support/browser.ts'
import { useE2eSession } from '../support/e2e-session.ts'

const session = useE2eSession()

describe('web host, the archive written after a migration', () => {
  it('is asked for in the confirmation (ticked by default), runs after the commit with its line in Backups, and ends listed beside the checkpoint', async () => {
    const served = await session.serve(20_000)
    const { page, app, problems } = await session.open(served.host.url)
    await app.waitIdle()
    await app.plan.getByRole('button', { name: 'Migrate…' }).click()
    const confirm = page.getByRole('dialog', { name: 'Migrate v1 → v3?' })
    const asked = confirm.getByRole('checkbox', { name: /portable archive/ })
    expect(await asked.isChecked()).toBe(true)
    await confirm.getByRole('button', { name: 'Back up and migrate' }).click()

    const line = app.backups.getByRole('status', { name: 'Background archive' })
    await line.waitFor({ timeout: 60_000 })
    await expect.poll(() => line.getAttribute('data-state'), { timeout: 120_000 }).toBe('done')
    await app.waitIdle()
    const ids = await app.backupIds()
    expect(ids).toHaveLength(2)
    const checkpointId = ids.find((id) => !id.endsWith('_2')) ?? ''
    const archiveId = `${checkpointId}_2`
    expect(ids).toContain(archiveId)
    expect(await line.innerText()).toContain(`Archive ${archiveId} written from the checkpoint ${checkpointId}`)
    expect(await app.backupRow(archiveId).innerText()).toMatch(/archive[\s\S]*pre-migration[\s\S]*v1/)
    await screenshot(app.backups, 'backups-background-archive-light')
    await line.getByRole('button', { name: 'Dismiss' }).click()
    await line.waitFor({ state: 'detached' })
    expect(problems).toEqual([])
  })

  it('Stop archive ends it with nothing kept but the checkpoint', async () => {
    const served = await session.serve(60_000)
    const { page, app, problems } = await session.open(served.host.url)
    await app.waitIdle()
    await app.plan.getByRole('button', { name: 'Migrate…' }).click()
    await page.getByRole('dialog', { name: 'Migrate v1 → v3?' }).getByRole('button', { name: 'Back up and migrate' }).click()
    const line = app.backups.getByRole('status', { name: 'Background archive' })
    const stop = line.getByRole('button', { name: 'Stop archive' })
    await stop.waitFor({ timeout: 120_000 })
    await screenshot(app.backups, 'backups-background-archive-running-light')
    await stop.click()
    await expect.poll(() => line.getAttribute('data-state'), { timeout: 60_000 }).toBe('stopped')
    expect(await line.innerText()).toMatch(/was stopped: nothing of it was kept, and the checkpoint stays/)
    await app.waitIdle()
    const [checkpointId = '', ...others] = await app.backupIds()
    expect(others).toEqual([])
    expect(await app.backupRow(checkpointId).innerText()).toMatch(/checkpoint[\s\S]*pre-migration/)
    expect(problems).toEqual([])
  })
})
