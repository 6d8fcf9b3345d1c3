import { MeridianError } from '../../shared/errors.ts'
import { formatUpgradeNotice } from '../../shared/store-status.ts'
import { loadMigrationRegistry, MeridianStore, MigrationManager, type OpenStoreOptions } from '../engine/index.ts'
import type { GlobalOptions } from './options.ts'
import type { ProgressReporter } from './progress-reporter.ts'

/**
 * Loads the migration set (`--migrations`, before the store is opened: a broken module touches nothing), opens the
 * store at `dataDir` (never creating it), runs `work` with a manager on it, and closes it whatever happens, so the store's lock is released before the process exits. `open` carries `allowFormatUpgrade` for the
 * commands that write.
 */
export async function withManager<T>(
  dataDir: string,
  globals: GlobalOptions,
  work: (manager: MigrationManager) => Promise<T>,
  open: Pick<OpenStoreOptions, 'allowFormatUpgrade'> = {}
): Promise<T> {
  const registry = await loadMigrationRegistry(globals.migrationsDir)
  const store = await MeridianStore.open(dataDir, open)
  if (store.formatUpgrade?.allowed) process.stderr.write(`⚠ Format upgrade allowed: ${formatUpgradeNotice(store.formatUpgrade)}\n`)
  try {
    const manager = new MigrationManager(store, { backupDir: globals.backupDir, registry, transform: globals.transform })
    // Recovery of an operation a killed process left unfinished comes before anything else, and is said aloud.
    // A store that cannot recover by itself still reaches the command: restore is how it gets fixed.
    try {
      const report = await whileInterruptsWait('Recovering the operation a killed process left unfinished', () => manager.recoverFirst())
      if (report) process.stderr.write(`⚠ Recovered: ${report.message}\n`)
    } catch (error) {
      if (!(error instanceof MeridianError && error.code === 'CORRUPT_DATABASE')) throw error
    }
    const result = await work(manager)
    // A checkpoint taken by hand is hashed after it is reported: the process waits for that before it exits.
    await manager.idle()
    return result
  } finally {
    await store.close().catch(() => undefined)
  }
}

/** Exit status when a second Ctrl-C forces the process down (128 + SIGINT). */
const FORCED_EXIT = 130

/**
 * Runs a long operation that Ctrl-C cancels: the first SIGINT aborts the signal (the engine puts the store back
 * and throws CANCELLED), a second one quits at once (every operation survives being killed).
 */
export async function withCancellation<T>(
  reporter: ProgressReporter,
  work: (signal: AbortSignal) => Promise<T>,
  /** What the first Ctrl-C says; a read says it stops, not that it puts the store back. */
  cancelling = 'Cancelling: putting the store back as it was'
): Promise<T> {
  const controller = new AbortController()
  const onInterrupt = (): void => {
    if (controller.signal.aborted) {
      reporter.log('Interrupted again: quitting now.')
      process.exit(FORCED_EXIT)
    }
    reporter.log(`${cancelling} (press Ctrl-C again to quit at once)…`)
    controller.abort()
  }
  process.on('SIGINT', onInterrupt)
  try {
    return await work(controller.signal)
  } finally {
    process.off('SIGINT', onInterrupt)
    keepFinishingOnInterrupt()
    reporter.stop()
  }
}

/**
 * Runs `work`, which must not be abandoned half-way by a first Ctrl-C (a recovery: it survives a kill, but the next
 * start would have to do it again): the first press says so, a second quits at once.
 */
async function whileInterruptsWait<T>(what: string, work: () => Promise<T>): Promise<T> {
  const onInterrupt = finishingOnInterrupt(`${what}: finishing it first (press Ctrl-C again to quit at once; the next start finishes it then)…`)
  process.on('SIGINT', onInterrupt)
  try {
    return await work()
  } finally {
    process.off('SIGINT', onInterrupt)
  }
}

let finishing = false

/**
 * Once an operation has ended (committed, or put back) Ctrl-C no longer kills the process by the signal: the store
 * is consistent either way, and the person must see how it ended, not a silent death that reads as a crash. The
 * first press says so; a second quits at once. Installed once: the process exits when the command returns.
 */
function keepFinishingOnInterrupt(): void {
  if (finishing) return
  finishing = true
  process.on('SIGINT', finishingOnInterrupt('The operation has already ended: finishing (press Ctrl-C again to quit at once)…'))
}

/** A SIGINT handler for work that goes on: the first press prints `message`, a second quits at once. */
function finishingOnInterrupt(message: string): () => void {
  let pressed = false
  return () => {
    if (pressed) process.exit(FORCED_EXIT)
    pressed = true
    process.stderr.write(`${message}\n`)
  }
}
