import { CommanderError } from 'commander'
import { EXIT_OK, EXIT_USAGE, type ExitCode } from '../../shared/exit-codes.ts'
import { Output } from './output.ts'
import { buildProgram, type RunState, toolVersion } from './program.ts'
import { transformFromEnv } from './transform-env.ts'

/** `--version` only where a program option goes, first: `demo DIR --version 2` is demo's own option. */
const VERSION_FLAGS = new Set(['--version', '-V'])

/**
 * Runs `meridian-admin` with `argv` (the arguments after the script) and returns the exit code. Never calls
 * process.exit, so stdout is flushed and the store closed before the process ends.
 */
export async function main(argv: readonly string[]): Promise<ExitCode> {
  if (VERSION_FLAGS.has(argv[0] ?? '')) {
    const version = toolVersion()
    process.stdout.write(argv.includes('--json') ? `${JSON.stringify({ version }, null, 2)}\n` : `${version}\n`)
    return EXIT_OK
  }
  const state: RunState = { exitCode: EXIT_OK }
  const program = buildProgram(state, transformFromEnv(process.env))
  try {
    await program.parseAsync([...argv], { from: 'user' })
    return state.exitCode
  } catch (error) {
    const json = program.opts().json === true || argv.includes('--json')
    if (error instanceof CommanderError) {
      // Commander has already printed its message (or the help) on stderr.
      if (error.exitCode === 0) return EXIT_OK
      if (json) process.stdout.write(`${JSON.stringify({ error: { code: 'INVALID_INPUT', message: error.message.replace(/^error: /, '') } }, null, 2)}\n`)
      return EXIT_USAGE
    }
    return new Output(json).error(error)
  }
}
