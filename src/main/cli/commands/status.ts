import type { CommandContext } from '../command-context.ts'
import { EXIT_OK, type ExitCode } from '../../../shared/exit-codes.ts'
import { formatHistory, formatStatus } from '../format-status.ts'
import { dataDirSchema, parseOption } from '../options.ts'
import { withManager } from '../session.ts'

/** `status DIR`: where the store stands, what would migrate, its records and its history. Writes nothing. */
export async function statusCommand(rawDir: string, ctx: CommandContext): Promise<ExitCode> {
  const dir = parseOption(dataDirSchema, 'DIR', rawDir)
  return withManager(dir, ctx.globals, async (manager): Promise<ExitCode> => {
    const status = await manager.status()
    const history = ctx.out.json ? [] : await manager.history()
    ctx.out.result(status, () => formatStatus(status, history))
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
