import { MigrationRegistry } from '../registry.ts'
import { taskV1ToV2 } from './task-v1-to-v2.ts'
import { taskV2ToV1 } from './task-v2-to-v1.ts'
import { taskV2ToV3 } from './task-v2-to-v3.ts'
import { taskV3ToV2 } from './task-v3-to-v2.ts'
// new-migration: imports above this line

/**
 * Every upgrade this build knows, in one place (the seed's `register_all_migrations`). The `new-migration:` marker
 * lines are where `meridian-admin new-migration` registers the next one: keep them.
 */
export const upMigrations = [
  taskV1ToV2,
  taskV2ToV3,
  // new-migration: upgrades above this line
]
/** The downgrades, each reporting per record what it loses. */
export const downMigrations = [taskV3ToV2, taskV2ToV1]
export const allMigrations = [...upMigrations, ...downMigrations]

export function createDefaultRegistry(): MigrationRegistry {
  return new MigrationRegistry(allMigrations).markDefault()
}
