import { EXIT_OK, type ExitCode } from '../../../shared/exit-codes.ts'
import { inspectPrefixSchema } from '../../../shared/backup-inspect.ts'
import type { CommandContext } from '../command-context.ts'
import { formatRecord, formatStorePage, nextPageCommand, shellWord } from '../format-inspect.ts'
import { dataDirSchema, pageCursorSchema, pageLimitSchema, parseOption, parseOptional, recordKeySchema } from '../options.ts'
import { withManager } from '../session.ts'
import { formatCheck } from '../format-repair.ts'
import { DEFAULT_SHOW_LIMIT, type ShowCommandOptions } from './inspect.ts'

/** `records DIR [--prefix P] [--after KEY] [--limit N]`: one page of the live store's records. Reads only. */
export async function recordsCommand(rawDir: string, options: ShowCommandOptions, ctx: CommandContext): Promise<ExitCode> {
  const dir = parseOption(dataDirSchema, 'DIR', rawDir)
  const prefix = parseOptional(inspectPrefixSchema, '--prefix', options.prefix) ?? ''
  const after = parseOptional(pageCursorSchema, '--after', options.after)
  const limit = parseOptional(pageLimitSchema, '--limit', options.limit) ?? DEFAULT_SHOW_LIMIT
  return withManager(dir, ctx.globals, async (manager): Promise<ExitCode> => {
    const page = await manager.records({ prefix, after, limit })
    const nextCommand = nextPageCommand(['meridian-admin records', shellWord(rawDir)], { prefix, nextAfter: page.nextAfter, limit })
    ctx.out.result({ prefix, ...page }, () => formatStorePage(manager.store.dataDir, { prefix, after, ...page, nextCommand }))
    return EXIT_OK
  })
}

/**
 * `get DIR KEY`: the record under KEY, whole, and its check (valid, or why not) (RECORD_NOT_FOUND, exit 2, when
 * there is none). Reads only.
 */
export async function getCommand(rawDir: string, rawKey: string, ctx: CommandContext): Promise<ExitCode> {
  const dir = parseOption(dataDirSchema, 'DIR', rawDir)
  const key = parseOption(recordKeySchema, 'KEY', rawKey)
  return withManager(dir, ctx.globals, async (manager): Promise<ExitCode> => {
    const record = await manager.record(key)
    const check = await manager.repair.check(key)
    ctx.out.result({ ...record, check }, () => `${formatRecord(record)}\n${formatCheck(check)}`)
    return EXIT_OK
  })
}
