import { readFile } from 'node:fs/promises'
import { MeridianError } from '../../../shared/errors.ts'
import { EXIT_OK, type ExitCode } from '../../../shared/exit-codes.ts'
import type { CommandContext } from '../command-context.ts'
import { confirm } from '../confirm.ts'
import {
  deleteQuestion,
  formatDeleteResult,
  formatInvalidRecords,
  formatPutResult,
  formatSetAsideRestoreResult,
  formatSetAsideResult
} from '../format-repair.ts'
import { dataDirSchema, parseOption, parseOptional, recordKeySchema } from '../options.ts'
import { withCancellation } from '../interrupts.ts'
import { withManager } from '../session.ts'
import { z } from 'zod'

export interface PutCommandOptions {
  value?: string
  file?: string
  force?: boolean
}

export interface DeleteCommandOptions {
  yes?: boolean
}

export interface SetAsideCommandOptions {
  archive?: string
  dryRun?: boolean
}

export interface RestoreSetAsideCommandOptions {
  force?: boolean
}

const pathSchema = z.string().trim().min(1, 'a file path')

/** The value `put` writes: exactly one of --value and --file, read before the store is opened. */
async function valueOf(options: PutCommandOptions): Promise<string> {
  if ((options.value === undefined) === (options.file === undefined)) {
    throw new MeridianError('INVALID_INPUT', 'Give the new value with exactly one of --value JSON or --file PATH')
  }
  if (options.value !== undefined) return options.value
  const file = parseOption(pathSchema, '--file', options.file ?? '')
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    throw new MeridianError('INVALID_INPUT', `--file: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
  }
}

/** `put DIR KEY (--value JSON | --file PATH) [--force]`: replaces one record, checked first (RECORD_INVALID, exit 2). */
export async function putCommand(rawDir: string, rawKey: string, options: PutCommandOptions, ctx: CommandContext): Promise<ExitCode> {
  const dir = parseOption(dataDirSchema, 'DIR', rawDir)
  const key = parseOption(recordKeySchema, 'KEY', rawKey)
  const value = await valueOf(options)
  return withManager(dir, ctx.globals, async (manager): Promise<ExitCode> => {
    const reporter = ctx.progress()
    const result = await withCancellation(reporter, (signal, onCommitted) =>
      manager.repair.put(key, value, { force: options.force === true, signal, onCommitted, onProgress: reporter.onProgress })
    )
    ctx.out.result(result, () => formatPutResult(result))
    return EXIT_OK
  })
}

/** `delete DIR KEY [--yes]`: deletes one record after a backup; asks on a terminal, needs --yes without one. */
export async function deleteCommand(rawDir: string, rawKey: string, options: DeleteCommandOptions, ctx: CommandContext): Promise<ExitCode> {
  const dir = parseOption(dataDirSchema, 'DIR', rawDir)
  const key = parseOption(recordKeySchema, 'KEY', rawKey)
  if (!options.yes && process.stdin.isTTY !== true) {
    throw new MeridianError('INVALID_INPUT', `Deleting ${key} from ${dir}: pass --yes to confirm (there is no terminal to ask on)`)
  }
  return withManager(dir, ctx.globals, async (manager): Promise<ExitCode> => {
    if (!options.yes) {
      const record = await manager.record(key)
      const question = deleteQuestion(manager.store.dataDir, record, await manager.repair.check(key))
      if (!(await confirm(question))) throw new MeridianError('CANCELLED', 'Delete not confirmed: nothing was changed')
    }
    const reporter = ctx.progress()
    const result = await withCancellation(reporter, (signal, onCommitted) =>
      manager.repair.delete(key, { signal, onCommitted, onProgress: reporter.onProgress })
    )
    ctx.out.result(result, () => formatDeleteResult(result))
    return EXIT_OK
  })
}

/** `set-aside DIR [--archive PATH] [--dry-run]`: moves every invalid record into an archive, so a migration can run. */
export async function setAsideCommand(rawDir: string, options: SetAsideCommandOptions, ctx: CommandContext): Promise<ExitCode> {
  const dir = parseOption(dataDirSchema, 'DIR', rawDir)
  const archive = parseOptional(pathSchema, '--archive', options.archive)
  return withManager(dir, ctx.globals, async (manager): Promise<ExitCode> => {
    const reporter = ctx.progress()
    if (options.dryRun) {
      const report = await withCancellation(reporter, (signal) => manager.repair.invalidRecords({ signal }))
      ctx.out.result(report, () => formatInvalidRecords(report))
      return EXIT_OK
    }
    const result = await withCancellation(reporter, (signal, onCommitted) =>
      manager.repair.setAside({ archive, signal, onCommitted, onProgress: reporter.onProgress })
    )
    ctx.out.result(result, () => formatSetAsideResult(result))
    return EXIT_OK
  })
}

/** `restore-set-aside DIR ARCHIVE [--force]`: puts archived records back, checked and brought to the store's version. */
export async function restoreSetAsideCommand(
  rawDir: string,
  rawArchive: string,
  options: RestoreSetAsideCommandOptions,
  ctx: CommandContext
): Promise<ExitCode> {
  const dir = parseOption(dataDirSchema, 'DIR', rawDir)
  const archive = parseOption(pathSchema, 'ARCHIVE', rawArchive)
  return withManager(dir, ctx.globals, async (manager): Promise<ExitCode> => {
    const reporter = ctx.progress()
    const result = await withCancellation(reporter, (signal, onCommitted) =>
      manager.repair.restoreSetAside(archive, { force: options.force === true, signal, onCommitted, onProgress: reporter.onProgress })
    )
    ctx.out.result(result, () => formatSetAsideRestoreResult(result))
    return EXIT_OK
  })
}
