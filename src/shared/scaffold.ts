import { z } from 'zod'

/** What `meridian-admin new-migration --json` prints: the files it wrote (relative to `root`) and the steps left. */
export const newMigrationResultSchema = z.object({
  root: z.string(),
  prefix: z.string(),
  from: z.number().int().positive(),
  to: z.number().int().positive(),
  /** The migration's name, e.g. "Task v3 → v4: Add estimate_confidence". */
  name: z.string(),
  /** Tags every TODO the scaffold left, e.g. "TODO(add-estimate-confidence)". */
  todoTag: z.string(),
  files: z.object({
    schema: z.string(),
    migration: z.string(),
    test: z.string(),
    registry: z.string()
  }),
  created: z.array(z.string()),
  changed: z.array(z.string()),
  steps: z.array(z.string())
})
export type NewMigrationResult = z.infer<typeof newMigrationResultSchema>

/** What `meridian-admin new-migration --migrations DIR --json` prints: the one module it wrote into the set. */
export const newSetMigrationResultSchema = z.object({
  /** The set's folder, resolved. */
  migrations: z.string(),
  prefix: z.string(),
  from: z.number().int().positive(),
  to: z.number().int().positive(),
  /** The migration's name, e.g. "Task v3 → v4: Add estimate_confidence". */
  name: z.string(),
  todoTag: z.string(),
  /** The module written, e.g. "/home/me/my-migrations/task-v3-to-v4.ts". */
  module: z.string(),
  /** Whether the folder was made for it. */
  createdFolder: z.boolean(),
  steps: z.array(z.string()),
  /** The command to try next: a dry run with the set loaded. */
  next: z.string()
})
export type NewSetMigrationResult = z.infer<typeof newSetMigrationResultSchema>
