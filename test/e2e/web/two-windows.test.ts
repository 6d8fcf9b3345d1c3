import { describe, expect, it } from 'vitest'
import { useE2eSession } from '../support/e2e-session.ts'

const session = useE2eSession()

describe('web host, two windows on one store', () => {
  it('a second window sees the first one’s migration (progress, actions disabled) and then the new state', async () => {
    const { host } = await session.serve(30_000)
    const first = await session.open(host.url)
    const second = await session.open(host.url)
    await first.app.expectVersion('v1', 'Migration needed')
    await second.app.expectVersion('v1', 'Migration needed')

    await first.app.plan.getByRole('button', { name: 'Migrate…' }).click()
    await first.page.getByRole('dialog', { name: 'Migrate v1 → v3?' }).getByRole('button', { name: 'Back up and migrate' }).click()

    // The other window shows the operation and disables its own actions, with the reason.
    await second.app.progressbar.waitFor({ timeout: 30_000 })
    expect(await second.page.getByRole('region', { name: /Another window's migration/ }).count()).toBe(1)
    await expect.poll(() => second.app.plan.getByRole('button', { name: 'Migrate…' }).isDisabled()).toBe(true)
    expect(await second.app.plan.innerText()).toContain('Another window is running a migration')

    // When it ends, both show v3 and the success, and the second window's actions come back.
    await first.app.expectVersion('v3', 'Up to date', 60_000)
    await second.app.expectVersion('v3', 'Up to date', 60_000)
    await second.app.waitIdle()
    await expect.poll(() => second.app.historyStatuses()).toEqual(['success'])
    expect(await second.app.backups.getByRole('button', { name: 'Back up now' }).isEnabled()).toBe(true)

    // A backup taken in one window leaves no stale progress behind in either.
    await first.app.backups.getByRole('button', { name: 'Back up now' }).click()
    await first.app.waitIdle()
    await second.app.waitIdle()
    expect(first.problems).toEqual([])
    expect(second.problems).toEqual([])
  })
})
