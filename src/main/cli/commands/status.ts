import type { CommandContext } from '../command-context.ts'
import { EXIT_OK, type ExitCode } from '../../../shared/exit-codes.ts'
import type { StoreReport } from '../../../shared/store-status.ts'
import { formatHistory, formatStatus, formatStatusBody, formatStatusHeader } from '../format-status.ts'
import { dataDirSchema, parseOption } from '../options.ts'
import { withCancellation } from '../interrupts.ts'
import { withManager } from '../session.ts'

export interface StatusCommandOptions {
  /** false with `--no-counts`: no read of every record, only what seeks find (answers at once on any size). */
  counts?: boolean
}

/**
 * `status DIR`: where the store stands, what would migrate, its records and its history. Writes nothing. The
 * header is printed before the records are counted (seconds on millions of records, with a progress line on
 * stderr, Ctrl-C stopping it); `--json` prints one document once everything is known.
 */
export async function statusCommand(rawDir: string, options: StatusCommandOptions, ctx: CommandContext): Promise<ExitCode> {
  const dir = parseOption(dataDirSchema, 'DIR', rawDir)
  return withManager(dir, ctx.globals, async (manager): Promise<ExitCode> => {
    const status = await manager.status()
    const history = ctx.out.json ? [] : await manager.history()
    if (options.counts === false) {
      ctx.out.result(status, () => formatStatus(status, null, history))
      return EXIT_OK
    }
    ctx.out.note(`${formatStatusHeader(status)}\n`)
    const reporter = ctx.progress()
    const counts = await withCancellation(reporter, (signal) => manager.recordCounts({ signal, onProgress: reporter.onProgress }), 'Stopping the count')
    const report: StoreReport = { ...status, counts }
    ctx.out.result(report, () => formatStatusBody(status, counts, history))
    return EXIT_OK
  })
}

/** `history DIR`: every recorded migration, restore and failure, oldest first. */
export async function historyCommand(rawDir: string, ctx: CommandContext): Promise<ExitCode> {
  const dir = parseOption(dataDirSchema, 'DIR', rawDir)
  return withManager(dir, ctx.globals, async (manager): Promise<ExitCode> => {
    const history = await manager.history()
    ctx.out.result(history, () => formatHistory(history))
    return EXIT_OK
  })
}
