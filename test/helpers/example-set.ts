import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { z } from 'zod'
import specRefs, { taskV3Schema as buildTaskV3Schema } from '../../examples/migrations/spec-refs/task-v2-to-v3.ts'
import { SCHEMA_VERSION_KEY } from '../../src/main/engine/support/constants.ts'
import { populateDemoStore } from '../../src/main/demo/demo-store.ts'
import type { Migration } from '../../src/main/engine/migration/migration.ts'
import { createMigrationKit } from '../../src/main/engine/migration/set/migration-kit.ts'
import { allMigrations } from '../../src/main/engine/migrations/index.ts'
import { MigrationRegistry } from '../../src/main/engine/migration/registry.ts'
import type { MeridianStore } from '../../src/main/engine/store/store.ts'
import { putAll, readTasks } from './temp-store.ts'

/** The example migration set (Task v2 → v3 and back), as `--migrations` takes it. */
export const SPEC_REFS_SET = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples/migrations/spec-refs')

const kit = createMigrationKit(() => allMigrations)
const [upMigration, downMigration] = specRefs(kit) as [Migration, Migration]

/** The example's two migrations, built once with the kit as the loader would. */
export const taskV2ToV3: Migration = upMigration
export const taskV3ToV2: Migration = downMigration
export const taskV3Schema = taskV2ToV3.toSchema as ReturnType<typeof buildTaskV3Schema>
export type TaskV3 = z.infer<typeof taskV3Schema>

/** The built-in set plus the example: target v3 (not the default registry, so it runs on the main thread). */
export function exampleSetRegistry(): MigrationRegistry {
  return new MigrationRegistry([...allMigrations, taskV2ToV3, taskV3ToV2])
}

/**
 * A demo store at v3, made as a user of the example set would have it: a v2 demo whose tasks went through the
 * example's v2 → v3 step (records and `_schema_version` only: no backup, no history entry).
 */
export async function populateV3Demo(store: MeridianStore, options: { count: number; seed?: number; episodes?: number }): Promise<void> {
  await populateDemoStore(store, { ...options, version: 2 })
  await migrateToV3Directly(store)
}

/** A v2 store's tasks put through the example's v2 → v3 step in place, and the store marked v3 (test set-up only). */
export async function migrateToV3Directly(store: MeridianStore): Promise<void> {
  const tasks = await readTasks(store.db)
  await putAll(store.db, [...[...tasks].map(([key, task]) => [key, taskV2ToV3.migrateItem(key, task)] as const), [SCHEMA_VERSION_KEY, '3']])
}
