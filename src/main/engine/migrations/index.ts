import { MigrationRegistry } from '../registry.ts'
import { taskV1ToV2 } from './task-v1-to-v2.ts'
import { taskV2ToV3 } from './task-v2-to-v3.ts'

/** Every migration this build knows, in one place (the seed's `register_all_migrations`). */
export const allMigrations = [taskV1ToV2, taskV2ToV3]

export function createDefaultRegistry(): MigrationRegistry {
  return new MigrationRegistry(allMigrations)
}
