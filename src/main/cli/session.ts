import { MeridianError } from '../../shared/errors.ts'
import { formatUpgradeNotice } from '../../shared/store-status.ts'
import { loadMigrationRegistry, MeridianStore, MigrationManager, type OpenStoreOptions } from '../engine/index.ts'
import type { GlobalOptions } from './options.ts'
import { whileInterruptsWait } from './interrupts.ts'

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
