import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Command, CommanderError, InvalidArgumentError } from 'commander'
import { exitCodeFor } from '../../shared/exit-codes.ts'
import { formatError, toErrorShape } from '../../shared/errors.ts'
import { StoreMemory } from '../api/store-memory.ts'
import { StoreSession } from '../api/store-session.ts'
import { createDemoStore } from '../demo/demo-store.ts'
import { loadMigrationRegistry, type Logger } from '../engine/index.ts'
import { openInBrowser } from './open-in-browser.ts'
import { webStateFolder } from './state-folder.ts'
import { startWebHost, type WebHost } from './web-host.ts'

export const DEMO_TASKS = 2_000

export interface ServeOptions {
  dataDir?: string
  backupDir?: string
  migrations?: string
  port: number
  demo: boolean
  demoCount: number
  last: boolean
  open: boolean
}

export interface ServeEnvironment {
  /** The built renderer (out/renderer). */
  rendererDir: string
  stdout?: NodeJS.WritableStream
  stderr?: NodeJS.WritableStream
  /** Where MERIDIAN_ADMIN_TOKEN, MERIDIAN_ADMIN_STATE_DIR and BROWSER are read (default process.env). */
  variables?: NodeJS.ProcessEnv
}

/** The variable that fixes the host's token, so a host restarted on the same --port keeps the open pages working. */
export const TOKEN_VARIABLE = 'MERIDIAN_ADMIN_TOKEN'
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{32,128}$/

const wholeNumber =
  (name: string, min: number, max: number) =>
  (text: string): number => {
    const value = Number(text)
    if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}.`)
    }
    return value
  }

export function buildServeProgram(): Command {
  return new Command('meridian-serve')
    .description('Serve Meridian Admin in a browser: the admin UI and its API on 127.0.0.1 only, behind a random token')
    .option('--data-dir <dir>', 'the store to serve (a LevelDB directory)')
    .option('--backup-dir <dir>', 'where backup files live (default: <DIR>.backups beside the store)')
    .option('--migrations <dir>', "a migration set (a folder of migration modules) to add to the built-in one (Meridian's v1 → v2)")
    .option('--port <port>', 'the port on 127.0.0.1 (default: 0, a free one)', wholeNumber('--port', 0, 65535), 0)
    .option(
      '--demo',
      'without --data-dir: serve a new demo store in a temporary folder (removed on exit); with it: create the demo there if the folder holds no store yet'
    )
    .option('--last', 'without --data-dir: serve the store opened last (the recent stores), or a demo store kept for next time when there is none')
    .option('--open', 'open the address in the browser ($BROWSER, or the system default) once serving')
    .option('--demo-count <n>', `tasks in the demo store (default: ${DEMO_TASKS})`, wholeNumber('--demo-count', 1, 10_000_000), DEMO_TASKS)
    .addHelpText(
      'after',
      '\nThe page can open, switch and close stores; the ones opened are remembered in recent-stores.json in the state folder\n' +
        '(MERIDIAN_ADMIN_STATE_DIR, or ~/.local/state/meridian-admin).\n\nExample:\n  $ npm run serve -- --data-dir ./my-store\n  $ npm run serve -- --demo\n  $ npm run serve -- --last --open'
    )
    .showSuggestionAfterError(true)
    .exitOverride()
}

/** Creates the demo store the options ask for; returns the folder to remove on exit, if any. */
async function prepareDemo(options: ServeOptions, log: (line: string) => void): Promise<{ dataDir: string; temporary?: string }> {
  if (options.dataDir !== undefined) {
    const dataDir = path.resolve(options.dataDir)
    const result = await createDemoStore(dataDir, { count: options.demoCount, version: 1 }).catch((error: unknown) => {
      // An existing store is served as it is: --demo never writes over data.
      if (toErrorShape(error).code === 'INVALID_INPUT') return null
      throw error
    })
    log(result ? `Created a demo store with ${result.tasks} v1 tasks in ${dataDir}` : `${dataDir} already holds data: serving it as it is`)
    return { dataDir }
  }
  const temporary = await mkdtemp(path.join(os.tmpdir(), 'meridian-admin-demo-'))
  const dataDir = path.join(temporary, 'store')
  const result = await createDemoStore(dataDir, { count: options.demoCount, version: 1 })
  log(`Created a demo store with ${result.tasks} v1 tasks in ${dataDir} (removed when the host stops)`)
  return { dataDir, temporary }
}

/**
 * For --last: the most recent store that still holds a store (a CURRENT file); when none does, the demo store
 * kept in the state folder, created on first use, so `npm start` shows the same store, and what was done to it,
 * next time.
 */
async function lastOrKeptDemo(memory: StoreMemory, stateFolder: string, count: number, log: (line: string) => void): Promise<string> {
  const last = memory.list().find((dir) => existsSync(path.join(dir, 'CURRENT')))
  if (last) {
    log(`Reopening ${last}, the store opened last`)
    return last
  }
  const dataDir = path.join(stateFolder, 'demo-store')
  if (!existsSync(path.join(dataDir, 'CURRENT'))) {
    const result = await createDemoStore(dataDir, { count, version: 1 })
    log(`Created a demo store with ${result.tasks} v1 tasks in ${dataDir} (kept for next time)`)
  }
  return dataDir
}

/**
 * `meridian-serve`: opens the store, starts the loopback web host and prints exactly one line on stdout,
 * `Meridian Admin is serving <dataDir> at <url>`; everything else goes to stderr. Stops cleanly on SIGINT or
 * SIGTERM (a running migration is cancelled and rolled back first). Resolves with the exit code once stopped.
 */
export async function serveMain(argv: readonly string[], env: ServeEnvironment): Promise<number> {
  const stdout = env.stdout ?? process.stdout
  const stderr = env.stderr ?? process.stderr
  const log = (line: string): void => {
    stderr.write(`${line}\n`)
  }
  const program = buildServeProgram()
  program.configureOutput({ writeOut: (text) => stderr.write(text), writeErr: (text) => stderr.write(text) })
  let options: ServeOptions
  try {
    program.parse([...argv], { from: 'user' })
    options = program.opts<ServeOptions>()
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2
    throw error
  }
  const fixedToken = (env.variables ?? process.env)[TOKEN_VARIABLE]
  if (fixedToken !== undefined && !TOKEN_SHAPE.test(fixedToken)) {
    log(`error: ${TOKEN_VARIABLE} must be 32 to 128 letters, digits, "-" or "_" (it is a password for the API); leave it unset for a random one`)
    return 2
  }
  if (options.dataDir === undefined && !options.demo && !options.last) {
    log('error: give the store to serve with --data-dir DIR (or --demo for a demo store, or --last for the store opened last)')
    return 2
  }
  const variables = env.variables ?? process.env
  const stateFolder = webStateFolder(variables)

  let temporary: string | undefined
  let host: WebHost | undefined
  let resolveStopped: (code: number) => void = () => undefined
  const stopped = new Promise<number>((resolve) => (resolveStopped = resolve))
  try {
    // The migration set loads first: one that does not load leaves every folder as it was, a demo's too.
    const registry = await loadMigrationRegistry(options.migrations)
    const memory = await StoreMemory.load(path.join(stateFolder, 'recent-stores.json'))
    let dataDir = options.dataDir
    if (dataDir === undefined && options.last) dataDir = await lastOrKeptDemo(memory, stateFolder, options.demoCount, log)
    else if (options.demo) ({ dataDir, temporary } = await prepareDemo(options, log))
    const logger: Logger = { info: log, warn: log, error: log }
    const session = await StoreSession.open({ dataDir: dataDir as string, backupDir: options.backupDir, registry, logger, choice: { recent: memory } })
    // A demo removed on exit is not worth remembering; every other store is, for --last and the page's recent list.
    if (!temporary) await memory.remember(session.store.dataDir)
    try {
      host = await startWebHost({ session, rendererDir: env.rendererDir, port: options.port, ...(fixedToken ? { token: fixedToken } : {}) })
    } catch (error) {
      await session.close()
      throw error
    }
    stopOnSignals(host, temporary, log, resolveStopped)
    stdout.write(`Meridian Admin is serving ${session.store.dataDir} at ${host.url}\n`)
    if (options.open) openInBrowser(host.url, variables, log)
  } catch (error) {
    const shape = toErrorShape(error)
    log(`✗ ${formatError(shape)} [${shape.code}]`)
    if (shape.code === 'INTERNAL' && error instanceof Error && error.stack) log(error.stack)
    if (temporary) await rm(temporary, { recursive: true, force: true })
    return exitCodeFor(shape.code)
  }

  return stopped
}

/**
 * Stops the host on SIGINT or SIGTERM (a running operation is cancelled and rolled back first); a second signal
 * quits at once. Installed before the URL is printed: a signal sent the moment a script reads it would otherwise
 * meet no handler and end the process by its default action.
 */
function stopOnSignals(running: WebHost, temporary: string | undefined, log: (line: string) => void, resolve: (code: number) => void): void {
  let stopping = false
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      log('Stopping now.')
      process.exit(130)
    }
    stopping = true
    log(`${signal}: stopping (a running operation is cancelled and rolled back first; press Ctrl-C again to quit at once)…`)
    void running
      .close()
      .catch((error: unknown) => log(`Could not close cleanly: ${(error as Error).message}`))
      .then(() => (temporary ? rm(temporary, { recursive: true, force: true }) : undefined))
      .finally(() => {
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
        resolve(0)
      })
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}
