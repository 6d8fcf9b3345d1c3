import { z } from 'zod'
import { MeridianError } from '../../../../shared/errors.ts'
import { defineMigration, type Migration } from '../migration.ts'
import { withFields } from '../../migrations/record-fields.ts'
import { rfc3339, specRefSchema, statusChangeSchema, taskBaseShape, taskPrioritySchema, taskStatusSchema } from '../../schemas/task-common.ts'
import { taskV1Schema } from '../../schemas/task-v1.ts'
import { taskV2Schema } from '../../schemas/task-v2.ts'

/** The built-in schemas a migration set builds on, by name. */
const builtInSchemas = {
  taskV1: taskV1Schema,
  taskV2: taskV2Schema,
  rfc3339,
  specRef: specRefSchema,
  statusChange: statusChangeSchema,
  taskStatus: taskStatusSchema,
  taskPriority: taskPrioritySchema,
  taskBaseShape
}

/**
 * What a migration module's default export receives. A set's modules get everything they need from here rather
 * than by importing this package, so a folder anywhere on disk loads without resolving meridian-admin, and its
 * schemas are built with the same zod the engine checks and compiles them with.
 */
export interface MigrationKit {
  readonly defineMigration: typeof defineMigration
  readonly z: typeof z
  readonly withFields: typeof withFields
  readonly schemas: typeof builtInSchemas
  /**
   * The schema records of `keyPrefix` have at `version`, as the built-in set or a module loaded before this one
   * declares it (the to-schema of a migration that reaches it): how a later step starts from an earlier set's
   * schema. MIGRATION_SET_INVALID when nothing loaded so far reaches that version.
   */
  schemaFor(keyPrefix: string, version: number): z.ZodType
}

/** The kit a module loads with; `known` lists the migrations so far (the built-in set and the modules before). */
export function createMigrationKit(known: () => readonly Migration[]): MigrationKit {
  return {
    defineMigration,
    z,
    withFields,
    schemas: builtInSchemas,
    schemaFor(keyPrefix, version) {
      const reaching = known().find((m) => m.keyPrefix === keyPrefix && m.to === version)
      if (!reaching) {
        throw new MeridianError(
          'MIGRATION_SET_INVALID',
          `kit.schemaFor("${keyPrefix}", ${version}): no migration loaded so far reaches ${keyPrefix} v${version} (modules load in file-name order)`
        )
      }
      return reaching.toSchema as z.ZodType
    }
  }
}
