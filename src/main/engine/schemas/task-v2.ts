import { z } from 'zod'
import { rfc3339, specRefSchema, taskBaseShape } from './task-common.ts'

/** Task v2: adds dependencies and activity tracking (Meridian's `TaskV1ToV2Migration`). */
export const taskV2Schema = z.looseObject({
  ...taskBaseShape,
  schema_version: z.literal(2),
  spec_ref: specRefSchema.nullish(),
  depends_on: z.array(z.string()),
  related_tasks: z.array(z.string()),
  started_at: rfc3339.nullable(),
  last_activity: rfc3339,
  timeout_hours: z.number().nullable()
})
export type TaskV2 = z.infer<typeof taskV2Schema>
