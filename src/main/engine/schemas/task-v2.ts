import { z } from 'zod'
import { f32, rfc3339, specRefSchema, statusChangeSchema, taskBaseShape, u32 } from './task-common.ts'

/**
 * The v2 fields and the shared ones as Meridian's `Task` reads them: every field Meridian defaults may be absent
 * (`history`, `tags`, `depends_on`, `related_tasks` → `[]`; `started_at`, `timeout_hours` → None;
 * `last_activity` → now; `schema_version` → 2).
 */
const meridianTaskShape = {
  ...taskBaseShape,
  schema_version: u32.optional(),
  spec_ref: specRefSchema.nullish(),
  history: z.array(statusChangeSchema).optional(),
  tags: z.array(z.string()).optional(),
  started_at: rfc3339.nullish(),
  last_activity: rfc3339.optional(),
  timeout_hours: u32.nullish(),
  depends_on: z.array(z.string()).optional(),
  related_tasks: z.array(z.string()).optional()
}

/** Exactly what Meridian's serde accepts as a `Task` (any `schema_version`): the conformance test's subject. */
export const meridianTaskSchema = z.looseObject(meridianTaskShape)

/** Task v2 as we read it: Meridian's `Task` at `schema_version` 2 (a record without one is v1 to this tool). */
export const taskV2Schema = z.looseObject({ ...meridianTaskShape, schema_version: z.literal(2) })
export type TaskV2 = z.infer<typeof taskV2Schema>

/**
 * Task v2 as Meridian's serde writes it, and so as our migrations write it: every field explicit, `null` for a
 * None and `[]` for an empty list. A step into v2 is checked against this.
 */
export const taskV2WrittenSchema = z.looseObject({
  schema_version: z.literal(2),
  id: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  status: taskBaseShape.status,
  priority: taskBaseShape.priority,
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
