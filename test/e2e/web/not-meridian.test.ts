import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { useE2eSession } from '../support/e2e-session.ts'
import { putRaw, snapshot } from '../support/stores.ts'
import { startWebHost } from '../support/web-host.ts'

const session = useE2eSession()

describe('web host, a store that is not Meridian’s', () => {
  it('says so in the header with its key prefixes, offers no migration, and leaves the store as it was', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'meridian-e2e-'))
    const dataDir = path.join(root, 'store')
    try {
      await putRaw(dataDir, { 'users/1': '{"name":"ada"}', 'users/2': '{"name":"grace"}', config: '{}' })
      const before = await snapshot(dataDir)
      const host = await startWebHost(dataDir)
      try {
        const { page, app, problems } = await session.open(host.url)
        await app.expectVersion('—', 'Not a Meridian store')
        const banner = page.getByRole('alert', { name: 'Not a Meridian store' })
        expect(await banner.innerText()).toContain('NOT_A_MERIDIAN_STORE')
        await expect.poll(() => page.getByRole('table', { name: 'Record counts' }).innerText()).toMatch(/users\/\s+2/)
        expect(await app.plan.getByRole('button', { name: 'Migrate…' }).isDisabled()).toBe(true)
        expect(await app.plan.getByRole('button', { name: 'Dry run' }).isDisabled()).toBe(true)
        expect(await app.plan.innerText()).toContain('This is not a Meridian store')
        expect(problems).toEqual([])
      } finally {
        await host.stop()
      }
      expect(await snapshot(dataDir)).toEqual(before)
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  })
})
