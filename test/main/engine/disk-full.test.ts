import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createDemoStore } from '../../../src/main/demo/demo-store.ts'
import { MeridianStore } from '../../../src/main/engine/store/store.ts'
import { mountSmallDisk, smallDiskUnavailable, type SmallDisk } from '../../helpers/small-disk.ts'
import { rejectionOf } from '../../helpers/temp-store.ts'
import { jsonOf, runCli } from '../cli/run-cli.ts'

type ErrorDocument = { error: { code: string; message: string } }

const disks: SmallDisk[] = []
afterEach(async () => {
  for (const disk of disks.splice(0)) await disk.unmount()
})

describe('a store on a full disk', () => {
  it.skipIf(smallDiskUnavailable !== null)(
    `is IO_ERROR "free space, then try again", never CORRUPT_DATABASE or INTERNAL, and opens again once there is room${smallDiskUnavailable ? ` (skipped: ${smallDiskUnavailable})` : ''}`,
    async () => {
      const disk = await mountSmallDisk(64)
      disks.push(disk)
      const dataDir = path.join(disk.dir, 'store')
      await createDemoStore(dataDir, { count: 20_000, version: 1 }) // its last writes still in the log
      const backupDir = path.join(disk.dir, 'backups')
      const backup = await runCli(['backup', dataDir, '--backup-dir', backupDir, '--json'])
      expect(backup.code, backup.stderr).toBe(0)
      const backupId = jsonOf<{ id: string }>(backup).id
      await disk.fill()

      // Opening to write replays the log into a new table, which the full disk refuses.
      const opening = await rejectionOf(MeridianStore.open(dataDir, { access: 'write' }))
      expect({ code: opening.code, message: opening.message }).toEqual({ code: 'IO_ERROR', message: expect.stringContaining('free space, then try again') })
      for (const args of [
        ['migrate', dataDir],
        ['restore', dataDir, backupId, '--yes']
      ]) {
        const run = await runCli([...args, '--backup-dir', backupDir, '--json'])
        expect({ code: run.code, error: jsonOf<ErrorDocument>(run).error.code }, args[0]).toEqual({ code: 1, error: 'IO_ERROR' })
        expect(jsonOf<ErrorDocument>(run).error.message, args[0]).toMatch(/full|No space left/i)
      }

      await disk.free()
      const status = await runCli(['status', dataDir, '--backup-dir', backupDir, '--json'])
      expect(status.code, status.stderr).toBe(0)
      expect(jsonOf<{ currentVersion: number }>(status).currentVersion).toBe(1)
      const migrated = await runCli(['migrate', dataDir, '--backup-dir', backupDir, '--json'])
      expect(migrated.code, migrated.stderr).toBe(0)
    }
  )
})
