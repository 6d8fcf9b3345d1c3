import { z } from 'zod'
import { specRefSchema, taskBaseShape } from './task-common.ts'
import { taskV2FieldsShape } from './task-v2-fields.ts'

/**
 * Task v2 as we read it: Meridian's `Task` (see meridian-task.ts) at `schema_version` 2; a record without one
 * is v1 to this tool. Every field Meridian defaults may be absent (task-v2-fields.ts).
 */
export const taskV2Schema = z.looseObject({
  ...taskBaseShape,
  schema_version: z.literal(2),
  spec_ref: specRefSchema.nullish(),
  ...taskV2FieldsShape
})
export type TaskV2 = z.infer<typeof taskV2Schema>
