import { MeridianError } from '../../../shared/errors.ts'
import type { CommandContext } from '../command-context.ts'
import { confirm } from '../confirm.ts'
import { EXIT_OK, type ExitCode } from '../../../shared/exit-codes.ts'
import { describeInStore, formatExported, formatRemoval } from '../format-in-store.ts'
import { dataDirSchema, inStoreIdSchema, parseOption, parseOptional } from '../options.ts'
import { withCancellation } from '../interrupts.ts'
import { withManager } from '../session.ts'

/** `export DIR ID`: writes in-store backup ID out as a backup file and prints the new backup's id. */
export async function exportCommand(rawDir: string, rawId: string, ctx: CommandContext): Promise<ExitCode> {
  const dir = parseOption(dataDirSchema, 'DIR', rawDir)
  const id = parseOption(inStoreIdSchema, 'ID', rawId)
  return withManager(dir, ctx.globals, async (manager): Promise<ExitCode> => {
    const reporter = ctx.progress()
    const info = await withCancellation(reporter, (signal) => manager.exportInStoreBackup(id, { signal, onProgress: reporter.onProgress }))
    ctx.out.result(info, () => formatExported(id, info, manager.backupDir))
    return EXIT_OK
  })
}

export interface RemoveInStoreOptions {
  all?: boolean
  yes?: boolean
}

/**
 * `remove-in-store DIR (ID | --all) [--yes]`: deletes in-store backups from the store and compacts their range.
 * It destroys data, so it needs `--yes` or a "y" typed on a terminal; with neither it refuses before opening the store.
 */
export async function removeInStoreCommand(rawDir: string, rawId: string | undefined, options: RemoveInStoreOptions, ctx: CommandContext): Promise<ExitCode> {
  const dir = parseOption(dataDirSchema, 'DIR', rawDir)
  const id = parseOptional(inStoreIdSchema, 'ID', rawId)
  if ((id === undefined) === (options.all !== true)) {
    throw new MeridianError('INVALID_INPUT', 'remove-in-store needs either one in-store backup ID or --all (not both)')
  }
  const what = id ?? 'every in-store backup'
  if (!options.yes && process.stdin.isTTY !== true) {
    throw new MeridianError('INVALID_INPUT', `Removing ${what} from ${dir} cannot be undone: pass --yes to confirm (there is no terminal to ask on)`)
  }
  return withManager(dir, ctx.globals, async (manager): Promise<ExitCode> => {
    if (!options.yes) {
      const listed = (await manager.listInStoreBackups()).filter((backup) => id === undefined || backup.id === id)
      if (id !== undefined && listed.length === 0) throw new MeridianError('BACKUP_NOT_FOUND', `No in-store backup ${id} in ${manager.store.dataDir}`)
      ctx.out.warn(`Will remove from ${manager.store.dataDir}:\n${listed.map((backup) => `  ${describeInStore(backup)}`).join('\n')}`)
      const question = 'Remove these for good? (`export` one first to keep it as a file)'
      if (!(await confirm(question))) throw new MeridianError('CANCELLED', 'Removal not confirmed: nothing was changed')
    }
    const reporter = ctx.progress()
    const result = await withCancellation(reporter, (signal) => manager.removeInStoreBackups(id === undefined ? { all: true } : { id }, { signal }))
    ctx.out.result(result, () => formatRemoval(result))
    return EXIT_OK
  })
}
