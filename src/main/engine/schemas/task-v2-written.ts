import { z } from 'zod'
import { f32, rfc3339, specRefSchema, statusChangeSchema, taskPrioritySchema, taskStatusSchema, u32 } from './task-common.ts'

/**
 * Task v2 as Meridian's serde writes it, and so as our migrations write it: every field explicit, `null` for a
 * None and `[]` for an empty list. A step into v2 is checked against this.
 */
export const taskV2WrittenSchema = z.looseObject({
  schema_version: z.literal(2),
  id: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  status: taskStatusSchema,
  priority: taskPrioritySchema,
  spec_ref: specRefSchema.nullable(),
  session_id: z.string().nullable(),
  active_session_id: z.string().nullable(),
  created_at: rfc3339,
  updated_at: rfc3339,
  started_at: rfc3339.nullable(),
  completed_at: rfc3339.nullable(),
  last_activity: rfc3339,
  timeout_hours: u32.nullable(),
  history: z.array(statusChangeSchema),
  tags: z.array(z.string()),
  estimated_hours: f32.nullable(),
  actual_hours: f32.nullable(),
  commit_hash: z.string().nullable(),
  episode_id: z.string().nullable(),
  depends_on: z.array(z.string()),
  related_tasks: z.array(z.string())
})
export type TaskV2Written = z.infer<typeof taskV2WrittenSchema>
