import type { CommandContext } from '../command-context.ts'
import { EXIT_FAILED, EXIT_OK, type ExitCode } from '../../../shared/exit-codes.ts'
import { formatBackupCreated, formatBackupList, formatOtherStores, formatVerifyReport } from '../format-backups.ts'
import { formatInStoreList } from '../format-in-store.ts'
import { anyBackupIdSchema, dataDirSchema, parseOption } from '../options.ts'
import { withCancellation, withManager } from '../session.ts'

/** `backups DIR`: the store's backup files, newest first, then Meridian's in-store backups (marked `kind`). */
export async function backupsCommand(rawDir: string, ctx: CommandContext): Promise<ExitCode> {
  const dir = parseOption(dataDirSchema, 'DIR', rawDir)
  return withManager(dir, ctx.globals, async (manager): Promise<ExitCode> => {
    const { backups, otherStores } = await manager.backups.listScoped()
    const inStore = await manager.listInStoreBackups()
    const listed = [...backups.map((backup) => ({ ...backup, kind: 'file' as const })), ...inStore]
    ctx.out.result(listed, () =>
      [formatBackupList(backups, manager.backupDir), formatOtherStores(otherStores), formatInStoreList(inStore)].filter(Boolean).join('\n\n')
    )
    return EXIT_OK
  })
}

/** `backup DIR`: a manual backup of the whole store. */
export async function backupCommand(rawDir: string, ctx: CommandContext): Promise<ExitCode> {
  const dir = parseOption(dataDirSchema, 'DIR', rawDir)
  return withManager(dir, ctx.globals, async (manager): Promise<ExitCode> => {
    const reporter = ctx.progress()
    const info = await withCancellation(reporter, (signal) => manager.createBackup({ signal, onProgress: reporter.onProgress }))
    ctx.out.result(info, () => formatBackupCreated(info, manager.backupDir))
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
