import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { fsState } from '../../helpers/fs-state.ts'
import { meridianRecords, writeLdbStore } from '../../helpers/ldb-store.ts'
import { ldbUnavailable, rocksBindingUnavailable } from '../../helpers/store-kinds.ts'
import { screenshot } from '../support/browser.ts'
import { useE2eSession } from '../support/e2e-session.ts'
import { startWebHost } from '../support/web-host.ts'

const session = useE2eSession()
const unavailable = ldbUnavailable ?? rocksBindingUnavailable

describe.skipIf(unavailable !== null)(`web host on an older-format RocksDB store written by ldb${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('names the kind, warns about the format, and migrates only after the dialog explains the upgrade', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'meridian-e2e-rocksdb-'))
    const dataDir = path.join(root, 'meridian-data')
    writeLdbStore(dataDir, meridianRecords(30), 'zstd')
    const before = await fsState(dataDir)
    const host = await startWebHost(dataDir)
    try {
      const { page, app, problems } = await session.open(host.url)
      await app.expectVersion('v1', 'Migration needed')
      expect(await page.getByTestId('store-kind').innerText()).toBe('RocksDB store')
      const notice = page.getByRole('status', { name: 'RocksDB format upgrade' })
      expect(await notice.innerText()).toMatch(/Older RocksDB format[\s\S]*written by RocksDB 7\.\d+\.\d+[\s\S]*byte-identical/)
      await screenshot(page, 'rocksdb-older-format-light')
      expect(await fsState(dataDir)).toEqual(before)

      await app.plan.getByRole('button', { name: 'Migrate…' }).click()
      const dialog = page.getByRole('dialog', { name: 'Migrate v1 → v3?' })
      expect(await dialog.getByRole('status', { name: 'RocksDB format upgrade' }).innerText()).toMatch(
        /upgrades this store’s RocksDB format[\s\S]*older Meridian builds may no longer open it/
      )
      await screenshot(dialog, 'rocksdb-upgrade-confirm-light')
      await dialog.getByRole('button', { name: 'Back up, upgrade format and migrate' }).click()
      await app.expectVersion('v3', 'Up to date', 60_000)
      await expect.poll(() => page.getByRole('status', { name: 'RocksDB format upgrade' }).count()).toBe(0)
      expect(problems).toEqual([])
    } finally {
      await host.stop()
      await rm(root, { recursive: true, force: true })
    }
  })
})
