import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { backupInfoSchema } from '../../../src/shared/backup.ts'
import { storeReportSchema } from '../../../src/shared/store-status.ts'
import { fsState } from '../../helpers/fs-state.ts'
import { holdFilesInAnotherProcess, storeFlavours } from '../../helpers/store-flavours.ts'
import { useTempStores } from '../../helpers/temp-store.ts'
import { jsonOf, runCli } from './run-cli.ts'

const temp = useTempStores()
const onLinux = process.platform === 'linux'

// LevelDB, and a Snappy store written by ldb 7.8.3, whose allowed format upgrade would recompress it in place.
const flavours = [storeFlavours[0]!, storeFlavours[1]!]

describe.skipIf(!onLinux).each(flavours)('the CLI while another process holds files of a $name open', (flavour) => {
  it.skipIf(flavour.unavailable !== null)(
    `shows it in status and refuses every write with STORE_IN_USE naming the pid and command; no file changes${flavour.unavailable ? ` (skipped: ${flavour.unavailable})` : ''}`,
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

      const holder = await holdFilesInAnotherProcess(dataDir)
      try {
        const text = await runCli(['status', dataDir, ...backups])
        expect(text.code, text.stderr).toBe(0)
        expect(text.stdout).toContain(`⚠ In use: pid ${holder.pid} (${process.execPath} -e // meridian-stand-in`)
        const status = storeReportSchema.parse(jsonOf(await runCli(['status', dataDir, ...backups, '--json'])))
        expect(status.inUseBy).toEqual([{ pid: holder.pid, command: expect.stringContaining('meridian-stand-in') }])

        const upgrade = flavour.olderFormat ? ['--allow-format-upgrade'] : []
        for (const args of [
          ['migrate', dataDir, ...upgrade],
          ['restore', dataDir, id, '--yes', ...upgrade],
          // (no --allow-format-upgrade there: an older-format store refuses it as FORMAT_UPGRADE_REFUSED first)
          ...(flavour.olderFormat ? [] : [['remove-in-store', dataDir, '--all', '--yes']])
        ]) {
          const run = await runCli([...args, ...backups, '--json'])
          expect({ args, code: run.code }).toEqual({ args, code: 2 })
          expect(jsonOf(run)).toEqual({
            error: { code: 'STORE_IN_USE', message: expect.stringContaining(`pid ${holder.pid} (${process.execPath} -e // meridian-stand-in`) }
          })
        }
        const shown = await runCli(['migrate', dataDir, ...upgrade, ...backups])
        expect(shown.stderr).toContain('Meridian itself, most likely')
      } finally {
        await holder.release()
      }
      expect(await fsState(dataDir)).toEqual(before)
      // Once it is gone, the same migration runs.
      const migrated = await runCli(['migrate', dataDir, ...(flavour.olderFormat ? ['--allow-format-upgrade'] : []), ...backups, '--json'])
      expect(migrated.code, migrated.stderr).toBe(0)
    }
  )
})
