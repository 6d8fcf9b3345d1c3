import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createDemoStore } from '../../../src/main/demo/demo-store.ts'
import { fsState } from '../../helpers/fs-state.ts'
import { holdFilesInAnotherProcess } from '../../helpers/store-flavours.ts'
import { useE2eSession } from '../support/e2e-session.ts'
import { startWebHost } from '../support/web-host.ts'

const session = useE2eSession()
const onLinux = process.platform === 'linux'

describe.skipIf(!onLinux)(`web host on a store another process holds open${onLinux ? '' : ' (skipped: no /proc here)'}`, () => {
  it('says so in the store header, naming the pid, while browsing leaves every file of the store as it was', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'meridian-e2e-in-use-'))
    const dataDir = path.join(root, 'store')
    await createDemoStore(dataDir, { count: 40, version: 1 })
    const holder = await holdFilesInAnotherProcess(dataDir)
    const before = await fsState(dataDir)
    const host = await startWebHost(dataDir)
    try {
      const { page, app, problems } = await session.open(host.url)
      await app.expectVersion('v1', 'Migration needed')
      const notice = page.getByRole('status', { name: 'Store in use' })
      expect(await notice.innerText()).toMatch(new RegExp(`In use by another process[\\s\\S]*pid ${holder.pid} \\(`))
      expect(problems).toEqual([])
      expect(await fsState(dataDir)).toEqual(before)
    } finally {
      await host.stop()
      await holder.release()
      await rm(root, { recursive: true, force: true }).catch(() => undefined)
    }
  })
})
