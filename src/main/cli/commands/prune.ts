import type { CommandContext } from '../command-context.ts'
import { EXIT_OK, type ExitCode } from '../../../shared/exit-codes.ts'
import { formatPruneResult } from '../format-backups.ts'
import { ageSchema, dataDirSchema, keepSchema, parseOption, parseOptional } from '../options.ts'
import { withManager } from '../session.ts'

export interface PruneCommandOptions {
  keep?: string
  olderThan?: string
  dryRun?: boolean
}

/**
 * `prune DIR [--keep N] [--older-than 30d] [--dry-run]`: deletes the backups beyond the newest N that are older
 * than the age, never the newest one that verifies nor one an interrupted operation needs.
 */
export async function pruneCommand(rawDir: string, options: PruneCommandOptions, ctx: CommandContext): Promise<ExitCode> {
  const dir = parseOption(dataDirSchema, 'DIR', rawDir)
  const keepNewest = parseOptional(keepSchema, '--keep', options.keep)
  const olderThanDays = parseOptional(ageSchema, '--older-than', options.olderThan)
  return withManager(dir, ctx.globals, async (manager): Promise<ExitCode> => {
    const result = await manager.pruneBackups({ keepNewest, olderThanDays, dryRun: options.dryRun === true })
    ctx.out.result(result, () => formatPruneResult(result, manager.backupDir))
    return EXIT_OK
  })
}
