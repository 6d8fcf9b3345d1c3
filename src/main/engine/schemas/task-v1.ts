import { z } from 'zod'
import { specRefSchema, taskBaseShape } from './task-common.ts'

/**
 * Task v1 as Meridian's own migration reads it: `history` and `tags` required, no v2 field. `schema_version` is
 * absent on the oldest records, which are v1. Loose: records older than the versioning already hold some v2
 * fields (`related_tasks`; later also `started_at`, `last_activity`, `timeout_hours`), which v1 → v2 keeps.
 */
export const taskV1Schema = z.looseObject({
  ...taskBaseShape,
  schema_version: z.literal(1).optional(),
  spec_ref: specRefSchema.nullish()
})
export type TaskV1 = z.infer<typeof taskV1Schema>
