import { MeridianStore, MigrationManager, type MigrationRegistry } from '../engine/index.ts'

/** One open store as a session serves it. */
export interface OpenStore {
  store: MeridianStore
  manager: MigrationManager
}

/** What every store a session opens shares: the migrations and the target. */
export interface Migrations {
  registry: MigrationRegistry
  targetVersion: number | undefined
}

/** Opens an existing store (never creates one: demo stores are created before, on purpose) and recovers it. */
export async function openStore(dataDir: string, backupDir: string | undefined, migrations: Migrations, allowFormatUpgrade = false): Promise<OpenStore> {
  const store = await MeridianStore.open(dataDir, { allowFormatUpgrade })
  try {
    const manager = new MigrationManager(store, { backupDir, ...migrations })
    // Recovered once, here, on open (status reports what was done). A store that cannot recover by itself still
    // opens: its calls then answer why, and a restore, which the gate lets through, is how it gets fixed.
    await manager.recoverFirst().catch(() => undefined)
    return { store, manager }
  } catch (error) {
    await store.close().catch(() => undefined)
    throw error
  }
}
