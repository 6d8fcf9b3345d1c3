import type { CommandContext } from '../command-context.ts'
import { EXIT_FAILED, EXIT_OK, type ExitCode } from '../../../shared/exit-codes.ts'
import { formatArchiveMade, formatBackupCreated, formatBackupList, formatOtherStores, formatVerifyReport } from '../format-backups.ts'
import { formatInStoreList } from '../format-in-store.ts'
import { anyBackupIdSchema, backupIdSchema, dataDirSchema, parseOption } from '../options.ts'
import { withCancellation } from '../interrupts.ts'
import { withManager } from '../session.ts'

/** `backups DIR`: the store's archives and checkpoints, newest first, then Meridian's in-store backups (each marked by `kind`). */
export async function backupsCommand(rawDir: string, ctx: CommandContext): Promise<ExitCode> {
  const dir = parseOption(dataDirSchema, 'DIR', rawDir)
  return withManager(dir, ctx.globals, async (manager): Promise<ExitCode> => {
    const { backups, otherStores } = await manager.backups.listScoped()
    const inStore = await manager.listInStoreBackups()
    const listed = [...backups, ...inStore]
    ctx.out.result(listed, () =>
      [formatBackupList(backups, manager.backupDir), formatOtherStores(otherStores), formatInStoreList(inStore)].filter(Boolean).join('\n\n')
    )
    return EXIT_OK
  })
}

export interface BackupCommandOptions {
  checkpoint?: boolean
}

/** `backup DIR`: a manual backup of the whole store: an archive file, or with --checkpoint a checkpoint. */
export async function backupCommand(rawDir: string, options: BackupCommandOptions, ctx: CommandContext): Promise<ExitCode> {
  const dir = parseOption(dataDirSchema, 'DIR', rawDir)
  const kind = options.checkpoint === true ? 'checkpoint' : 'archive'
  return withManager(dir, ctx.globals, async (manager): Promise<ExitCode> => {
    const reporter = ctx.progress()
    const info = await withCancellation(reporter, (signal) => manager.createBackup({ kind, signal, onProgress: reporter.onProgress }))
    ctx.out.result(info, () => formatBackupCreated(info, manager.backupDir))
    return EXIT_OK
  })
}

/**
 * `archive DIR ID`: the portable archive of checkpoint ID, written from the checkpoint's files (the store itself is
 * not read, nor held up); Ctrl-C stops it and removes what it wrote.
 */
export async function archiveCommand(rawDir: string, rawId: string, ctx: CommandContext): Promise<ExitCode> {
  const dir = parseOption(dataDirSchema, 'DIR', rawDir)
  const id = parseOption(backupIdSchema, 'ID', rawId)
  return withManager(dir, ctx.globals, async (manager): Promise<ExitCode> => {
    const reporter = ctx.progress()
    const info = await withCancellation(
      reporter,
      (signal) => manager.archiveCheckpoint(id, { signal, onProgress: reporter.onProgress }),
      'Stopping the archive'
    )
    ctx.out.result(info, () => formatArchiveMade(info, id, manager.backupDir))
    return EXIT_OK
  })
}

/** `verify DIR ID`: reads the backup whole; exit 1 when it is damaged. */
export async function verifyCommand(rawDir: string, rawId: string, ctx: CommandContext): Promise<ExitCode> {
  const dir = parseOption(dataDirSchema, 'DIR', rawDir)
  const id = parseOption(anyBackupIdSchema, 'ID', rawId)
  return withManager(dir, ctx.globals, async (manager): Promise<ExitCode> => {
    const reporter = ctx.progress()
    const report = await withCancellation(reporter, (signal) => manager.verifyBackup(id, { signal, onProgress: reporter.onProgress }))
    ctx.out.result(report, () => formatVerifyReport(report))
    return report.ok ? EXIT_OK : EXIT_FAILED
  })
}
