import type { GlobalOptions } from './options.ts'
import type { Output } from './output.ts'
import { createProgressReporter, type ProgressReporter } from './progress-reporter.ts'

/** What every command handler gets: the parsed global options, where to write, and a progress reporter. */
export interface CommandContext {
  readonly globals: GlobalOptions
  readonly out: Output
  /** A fresh reporter on stderr for one long operation (a bar on a terminal, plain lines otherwise). */
  progress(): ProgressReporter
}

export function createCommandContext(globals: GlobalOptions, out: Output): CommandContext {
  return { globals, out, progress: () => createProgressReporter(process.stderr) }
}
