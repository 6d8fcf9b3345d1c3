import { z } from 'zod'
import { isChronoDateTime } from './chrono-datetime.ts'
import { mirroredRefinement } from '../migration/predicate/predicate-source.ts'

/**
 * Meridian's field types, as its serde_json reads them (see Meridian's STORE-FORMAT sheet): what these accept
 * and reject is held to Rust's own answer by test/conformance (cases.json through serde and through these).
 */

/** `DateTime<Utc>`: chrono's RFC 3339 (see chrono-datetime.ts). */
export const rfc3339 = z.string().refine(mirroredRefinement(isChronoDateTime), { message: 'not an RFC 3339 date-time chrono reads' })

/** `u32`: a whole number 0…4294967295 (not 4.5, -1 or 4294967296). */
export const u32 = z.uint32()

/** `usize` on Meridian's 64-bit targets, as far as a JSON number in JavaScript is exact. */
export const usize = z.int().min(0)

/**
 * `f32`: serde_json takes any JSON number for it (an integer too; one beyond f32's range becomes infinity).
 * JSON has no NaN or infinity, and zod's number rejects them.
 */
export const f32 = z.number()

export const taskStatusSchema = z.enum(['pending', 'in_progress', 'blocked', 'done', 'cancelled'])
export const taskPrioritySchema = z.enum(['low', 'medium', 'high', 'critical'])

/** `Option<SpecRef>`'s inner struct; extra fields are ignored by serde, and by z.object. */
export const specRefSchema = z.object({ spec_name: z.string(), section: z.string() })

export const statusChangeSchema = z.looseObject({
  timestamp: rfc3339,
  from: taskStatusSchema.nullish(),
  to: taskStatusSchema,
  note: z.string().nullish()
})

/**
 * The Task fields every version shares, with the same rules in each. Rust `Option`s read `null` or an absent
 * field as None, so they are `nullish`; `id` is a plain `String` and may be empty. Objects are loose: serde
 * ignores unknown fields (Meridian drops them only when it re-saves a task), and so do our migrations.
 */
export const taskBaseShape = {
  id: z.string(),
  title: z.string(),
  description: z.string().nullish(),
  status: taskStatusSchema,
  priority: taskPrioritySchema,
  session_id: z.string().nullish(),
  active_session_id: z.string().nullish(),
  created_at: rfc3339,
  updated_at: rfc3339,
  completed_at: rfc3339.nullish(),
  /** Required as Meridian's v1 reads them; Meridian's v2 `Task` defaults them (task-v2.ts makes them optional). */
  history: z.array(statusChangeSchema),
  tags: z.array(z.string()),
  estimated_hours: f32.nullish(),
  actual_hours: f32.nullish(),
  commit_hash: z.string().nullish(),
  episode_id: z.string().nullish()
}
