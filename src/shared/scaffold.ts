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
