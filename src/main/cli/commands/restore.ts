import { MeridianError } from '../../../shared/errors.ts'
import type { CommandContext } from '../command-context.ts'
import { confirm } from '../confirm.ts'
import { EXIT_OK, type ExitCode } from '../../../shared/exit-codes.ts'
import { formatRestoreResult, inStoreRestoreQuestion, restoreQuestion } from '../format-backups.ts'
import { anyBackupIdSchema, dataDirSchema, parseOption } from '../options.ts'
import { type BackupInfo, isInStoreBackupId } from '../../../shared/backup.ts'
import type { InStoreBackupInfo } from '../../../shared/in-store-backup.ts'
import type { MigrationManager } from '../../engine/index.ts'
import { withCancellation } from '../interrupts.ts'
import { withManager } from '../session.ts'

export interface RestoreCommandOptions {
  yes?: boolean
  allowFormatUpgrade?: boolean
  /** Restore a backup of another store sharing the backup folder. */
  anyStore?: boolean
}

async function inStoreBackup(manager: MigrationManager, id: string): Promise<InStoreBackupInfo> {
  const info = (await manager.listInStoreBackups()).find((backup) => backup.id === id)
  if (!info) throw new MeridianError('BACKUP_NOT_FOUND', `No in-store backup ${id} in ${manager.store.dataDir}`)
  return info
}

/** The backup the prompt describes; another store's (a shared folder) is refused before asking, unless `anyStore`. */
async function fileBackup(manager: MigrationManager, id: string, anyStore: boolean): Promise<BackupInfo> {
  const info = (await manager.backups.listAllStores()).find((backup) => backup.id === id)
  if (!info) throw new MeridianError('BACKUP_NOT_FOUND', `No backup ${id} in ${manager.backupDir}`)
  if (!anyStore && !(await manager.listBackups()).some((backup) => backup.id === id)) {
    throw new MeridianError(
      'BACKUP_OF_ANOTHER_STORE',
      `Backup ${id} is of another store sharing ${manager.backupDir}, not of ${manager.store.dataDir}: pass --any-store to restore it anyway`
    )
  }
  return info
}

/**
 * `restore DIR ID [--yes]`: returns the store to a backup (verified first; a pre-restore backup is taken). It
 * replaces the store's content, so it needs `--yes`, or a "y" typed on a terminal; with neither it refuses
 * before opening the store.
 */
export async function restoreCommand(rawDir: string, rawId: string, options: RestoreCommandOptions, ctx: CommandContext): Promise<ExitCode> {
  const dir = parseOption(dataDirSchema, 'DIR', rawDir)
  const id = parseOption(anyBackupIdSchema, 'ID', rawId)
  const canAsk = process.stdin.isTTY === true
  if (!options.yes && !canAsk) {
    throw new MeridianError('INVALID_INPUT', `Restoring ${id} replaces the content of ${dir}: pass --yes to confirm (there is no terminal to ask on)`)
  }
  return withManager(
    dir,
    ctx.globals,
    async (manager): Promise<ExitCode> => {
      if (!options.yes) {
        const status = await manager.status()
        // The question says what the store holds now: counted first, with the progress line, Ctrl-C stopping it.
        const counting = ctx.progress()
        const counts = await withCancellation(counting, (signal) => manager.recordCounts({ signal, onProgress: counting.onProgress }), 'Stopping the count')
        const now = { version: status.currentVersion, counts }
        const question = isInStoreBackupId(id)
          ? inStoreRestoreQuestion(manager.store.dataDir, now, await inStoreBackup(manager, id))
          : restoreQuestion(manager.store.dataDir, now, await fileBackup(manager, id, options.anyStore === true))
        if (!(await confirm(question))) throw new MeridianError('CANCELLED', 'Restore not confirmed: nothing was changed')
      }
      const reporter = ctx.progress()
      const result = await withCancellation(reporter, (signal, onCommitted) =>
        manager.restoreBackup(id, { signal, onCommitted, onProgress: reporter.onProgress, anyStore: options.anyStore === true })
      )
      ctx.out.result(result, () => formatRestoreResult(result))
      return EXIT_OK
    },
    { allowFormatUpgrade: options.allowFormatUpgrade === true }
  )
}
