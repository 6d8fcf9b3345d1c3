import { MigrationRegistry } from '../migration/registry.ts'
import { taskV1ToV2 } from './task-v1-to-v2.ts'
import { taskV2ToV1 } from './task-v2-to-v1.ts'
// new-migration: imports above this line

/**
 * The built-in migration set, Meridian's own (the seed's `register_all_migrations`): Task v1 → v2, and its
 * downgrade. Further steps come as a migration set (`--migrations DIR`, see migration/set/). The `new-migration:` marker
 * lines are where `meridian-admin new-migration` registers the next one: keep them.
 */
// Each step ends with a comma, so new-migration adds a line and touches none: kept from the formatter.
// prettier-ignore
export const upMigrations = [
  taskV1ToV2,
  // new-migration: upgrades above this line
]
/** The downgrades, each reporting per record what it loses. */
export const downMigrations = [taskV2ToV1]
export const allMigrations = [...upMigrations, ...downMigrations]

export function createDefaultRegistry(): MigrationRegistry {
  return new MigrationRegistry(allMigrations).markDefault()
}
