import { z } from 'zod'

/** RFC 3339 timestamps as Meridian's chrono writes them (`Z` or an offset, any sub-second precision). */
export const rfc3339 = z.iso.datetime({ offset: true })

export const taskStatusSchema = z.enum(['pending', 'in_progress', 'blocked', 'done', 'cancelled'])
export const taskPrioritySchema = z.enum(['low', 'medium', 'high', 'critical'])

export const specRefSchema = z.object({ spec_name: z.string(), section: z.string() })

export const statusChangeSchema = z.looseObject({
  timestamp: rfc3339,
  from: taskStatusSchema.nullish(),
  to: taskStatusSchema,
  note: z.string().nullish()
})

/**
 * The Task fields every version shares. Rust `Option`s serialise as `null` or are absent, so optional fields are
 * `nullish`. Objects are loose: fields this tool does not know survive every migration untouched.
 */
export const taskBaseShape = {
  id: z.string().min(1),
  title: z.string(),
  description: z.string().nullish(),
  status: taskStatusSchema,
  priority: taskPrioritySchema,
  session_id: z.string().nullish(),
  active_session_id: z.string().nullish(),
  created_at: rfc3339,
  updated_at: rfc3339,
  completed_at: rfc3339.nullish(),
  history: z.array(statusChangeSchema),
  tags: z.array(z.string()),
  estimated_hours: z.number().nullish(),
  actual_hours: z.number().nullish(),
  commit_hash: z.string().nullish(),
  episode_id: z.string().nullish()
}
