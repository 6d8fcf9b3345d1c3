import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { backupInfoSchema } from '../../../src/shared/backup.ts'
import { storeReportSchema } from '../../../src/shared/store-status.ts'
import { fsState } from '../../helpers/fs-state.ts'
import { storeFlavours } from '../../helpers/store-flavours.ts'
import { useTempStores } from '../../helpers/temp-store.ts'
import { jsonOf, runCli } from './run-cli.ts'

const temp = useTempStores()

describe.each(storeFlavours)('every read command of the CLI on a $name', (flavour) => {
  it.skipIf(flavour.unavailable !== null)(
    `leaves every file of the directory byte-identical${flavour.unavailable ? ` (skipped: ${flavour.unavailable})` : ''}`,
    { timeout: 120_000 },
    async () => {
      const root = await temp.root()
      const dataDir = path.join(root, 'meridian-data')
      const backups = ['--backup-dir', path.join(root, 'backups')]
      await flavour.build(dataDir)
      const backup = await runCli(['backup', dataDir, ...backups, '--json'])
      expect(backup.code, backup.stderr).toBe(0)
      const { id } = backupInfoSchema.parse(jsonOf(backup))
      const before = await fsState(dataDir)

      const reads = [
        ['status', dataDir],
        ['history', dataDir],
        ['backups', dataDir],
        ['show', dataDir, id, '--prefix', 'task:', '--limit', '3'],
        ['compare', dataDir, id],
        ['verify', dataDir, id],
        ['migrate', dataDir, '--dry-run']
      ]
      for (const args of reads) {
        const run = await runCli([...args, ...backups])
        expect({ args, code: run.code, stderr: run.stderr }).toEqual({ args, code: 0, stderr: expect.any(String) })
        expect(await fsState(dataDir), `after ${args[0]}`).toEqual(before)
      }
      const status = await runCli(['status', dataDir, ...backups, '--json'])
      expect(storeReportSchema.parse(jsonOf(status))).toMatchObject({ currentVersion: 1, inUseBy: [] })
      expect(await fsState(dataDir)).toEqual(before)
    }
  )
})
