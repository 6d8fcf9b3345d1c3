import { type ErrorShape, formatError, toErrorShape } from '../../shared/errors.ts'
import { type ExitCode, exitCodeFor } from '../../shared/exit-codes.ts'
import { faultPoint } from '../engine/index.ts'

/** The one text of an error on the terminal: `✗ message`, the advice, then the code. */
export function formatCliError(shape: ErrorShape): string {
  const message = shape.code === 'MIGRATION_FAILED' && !/^migration failed/i.test(shape.message) ? `Migration failed: ${shape.message}` : shape.message
  return `✗ ${formatError({ ...shape, message })} [${shape.code}]`
}

/**
 * Where a command's words go. With `--json`, stdout carries exactly one JSON document (the result or the error)
 * and nothing else; people-facing lines go to stdout only without `--json`; errors and progress go to stderr.
 */
export class Output {
  constructor(
    readonly json: boolean,
    private readonly stdout: NodeJS.WritableStream = process.stdout,
    private readonly stderr: NodeJS.WritableStream = process.stderr
  ) {}

  /** The command's result: `value` as JSON with `--json`, else the human text. */
  result(value: unknown, human: () => string): void {
    if (this.json) this.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
    else this.stdout.write(`${human()}\n`)
    // The result is out and the process is about to close the store and exit: a harness can hold it here.
    faultPoint('cli.result.written')
  }

  /** A line for people (what is about to happen); silent with `--json`. */
  note(text: string): void {
    if (!this.json) this.stdout.write(`${text}\n`)
  }

  /** A line for people that must not mix with a result (warnings, prompts); always stderr. */
  warn(text: string): void {
    this.stderr.write(`${text}\n`)
  }

  /** Reports an error (human text on stderr; the JSON error on stdout with `--json`) and returns the exit code. */
  error(error: unknown): ExitCode {
    const shape = toErrorShape(error)
    this.stderr.write(`${formatCliError(shape)}\n`)
    // An unexpected error is a bug: keep its stack where a person can report it.
    if (shape.code === 'INTERNAL' && error instanceof Error && error.stack) this.stderr.write(`${error.stack}\n`)
    if (this.json) this.stdout.write(`${JSON.stringify({ error: shape }, null, 2)}\n`)
    return exitCodeFor(shape.code)
  }
}
