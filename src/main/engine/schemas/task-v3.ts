import { z } from 'zod'
import { rfc3339, specRefSchema, taskBaseShape } from './task-common.ts'

/** Task v3: a task may reference several spec sections (`spec_ref` becomes `spec_refs`). */
export const taskV3Schema = z.looseObject({
  ...taskBaseShape,
  schema_version: z.literal(3),
  spec_refs: z.array(specRefSchema),
  depends_on: z.array(z.string()),
  related_tasks: z.array(z.string()),
  started_at: rfc3339.nullable(),
  last_activity: rfc3339,
  timeout_hours: z.number().nullable()
})
export type TaskV3 = z.infer<typeof taskV3Schema>
