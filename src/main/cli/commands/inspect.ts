import type { CommandContext } from '../command-context.ts'
import { EXIT_OK, type ExitCode } from '../../../shared/exit-codes.ts'
import { formatBackupPage, formatComparison, nextPageCommand, shellWord } from '../format-inspect.ts'
import { backupIdSchema, dataDirSchema, pageCursorSchema, pageLimitSchema, parseOption, parseOptional } from '../options.ts'
import { inspectPrefixSchema } from '../../../shared/backup-inspect.ts'
import { withCancellation } from '../interrupts.ts'
import { withManager } from '../session.ts'

/** Records per page when --limit is not given: a screenful. */
export const DEFAULT_SHOW_LIMIT = 20

export interface ShowCommandOptions {
  prefix?: string
  after?: string
  limit?: string
}

export interface CompareCommandOptions {
  prefix?: string
}

/** `show DIR ID [--prefix P] [--after KEY] [--limit N]`: one page of a backup's records; restores nothing. */
export async function showCommand(rawDir: string, rawId: string, options: ShowCommandOptions, ctx: CommandContext): Promise<ExitCode> {
  const dir = parseOption(dataDirSchema, 'DIR', rawDir)
  const id = parseOption(backupIdSchema, 'ID', rawId)
  const prefix = parseOptional(inspectPrefixSchema, '--prefix', options.prefix) ?? ''
  const after = parseOptional(pageCursorSchema, '--after', options.after)
  const limit = parseOptional(pageLimitSchema, '--limit', options.limit) ?? DEFAULT_SHOW_LIMIT
  return withManager(dir, ctx.globals, async (manager): Promise<ExitCode> => {
    const page = await manager.backupRecords(id, { prefix, after, limit })
    const backupDir = ctx.globals.backupDir ? ['--backup-dir', shellWord(ctx.globals.backupDir)] : []
    const nextCommand = nextPageCommand(['meridian-admin show', shellWord(rawDir), id, ...backupDir], { prefix, nextAfter: page.nextAfter, limit })
    const info = ctx.out.json ? undefined : (await manager.listBackups()).find((backup) => backup.id === id)
    ctx.out.result({ id, prefix, ...page }, () => formatBackupPage({ id, prefix, after, ...page, nextCommand }, info))
    return EXIT_OK
  })
}

/** `compare DIR ID [--prefix P]`: the backup against the store now; counts and a sample diff. Writes nothing. */
export async function compareCommand(rawDir: string, rawId: string, options: CompareCommandOptions, ctx: CommandContext): Promise<ExitCode> {
  const dir = parseOption(dataDirSchema, 'DIR', rawDir)
  const id = parseOption(backupIdSchema, 'ID', rawId)
  const prefix = parseOptional(inspectPrefixSchema, '--prefix', options.prefix) ?? ''
  return withManager(dir, ctx.globals, async (manager): Promise<ExitCode> => {
    const reporter = ctx.progress()
    const result = await withCancellation(reporter, (signal) => manager.compareBackup(id, { prefix, signal, onProgress: reporter.onProgress }))
    const info = ctx.out.json ? undefined : (await manager.listBackups()).find((backup) => backup.id === id)
    ctx.out.result(result, () => formatComparison(result, info))
    return EXIT_OK
  })
}
