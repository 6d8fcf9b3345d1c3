import { z } from 'zod'
import { defineMigration, type FieldFate } from '../migration/migration.ts'
import { withFields } from './record-fields.ts'
import { compileSchemaPredicate } from '../migration/predicate/schema-predicate.ts'
import { rfc3339, u32 } from '../schemas/task-common.ts'
import { taskV1Schema, type TaskV1 } from '../schemas/task-v1.ts'
import { taskV2WrittenSchema } from '../schemas/task-v2-written.ts'

/** The fields v2 adds, each with the rule a value must meet for v2 and why one that does not is replaced. */
const ADDED = {
  depends_on: { schema: z.array(z.string()), rule: 'not a list of task ids' },
  related_tasks: { schema: z.array(z.string()), rule: 'not a list of task ids' },
  started_at: { schema: rfc3339.nullable(), rule: 'not an RFC 3339 date-time' },
  last_activity: { schema: rfc3339, rule: 'not an RFC 3339 date-time' },
  timeout_hours: { schema: u32.nullable(), rule: 'not a u32, a whole number 0…4294967295' }
} as const
type AddedField = keyof typeof ADDED

export const TASK_V2_ADDED_FIELDS = Object.keys(ADDED) as AddedField[]

const holds = Object.fromEntries(
  TASK_V2_ADDED_FIELDS.map((field) => {
    const schema: z.ZodType = ADDED[field].schema
    return [field, compileSchemaPredicate(schema) ?? ((value: unknown) => schema.safeParse(value).success)]
  })
) as Record<AddedField, (value: unknown) => boolean>

/**
 * Records older than the versioning already hold some v2 fields (the first releases `related_tasks`, a later
 * one also `started_at`, `last_activity` and `timeout_hours`): a value v2 can hold is kept, an absent field
 * gets Meridian's default, and a value v2 cannot hold (`timeout_hours: 4.5`) is replaced: lost.
 */
export function taskV2FieldFate(task: TaskV1, field: string): FieldFate {
  const value = task[field]
  if (value === undefined) return 'defaulted'
  return holds[field as AddedField](value) ? 'kept' : 'lost'
}

const shown = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 60 ? `${text.slice(0, 57)}…` : text
}

/** The values v1 → v2 would replace, one phrase each: "timeout_hours: 4.5 (not a u32 …)". */
export function taskV1ToV2Loss(task: TaskV1): string[] {
  const loses: string[] = []
  for (const field of TASK_V2_ADDED_FIELDS) {
    if (taskV2FieldFate(task, field) === 'lost') loses.push(`${field}: ${shown(task[field])} (${ADDED[field].rule})`)
  }
  return loses
}

/** `task[field]` when v2 keeps it, else the default. */
function keptOr<T>(task: TaskV1, field: AddedField, fallback: T): T {
  return taskV2FieldFate(task, field) === 'kept' ? (task[field] as T) : fallback
}

/**
 * Meridian's v1 → v2 (the seed's "Add depends_on and related_tasks fields", plus `started_at`, `last_activity`
 * and `timeout_hours`), made lossless: Meridian's own step overwrites the values old records hold; this one keeps
 * them. The record is written as Meridian's serde writes a v2 Task: every field explicit, `null` for None.
 */
export const taskV1ToV2 = defineMigration({
  from: 1,
  to: 2,
  name: 'Task v1 → v2: Add depends_on and related_tasks fields',
  keyPrefix: 'task:',
  recordType: 'Task',
  fromSchema: taskV1Schema,
  toSchema: taskV2WrittenSchema,
  // withFields, not `{ ...task, field: … }` or Object.assign: see record-fields.ts.
  transform: (task) =>
    withFields(task, {
      schema_version: 2 as const,
      description: task.description ?? null,
      spec_ref: task.spec_ref ?? null,
      session_id: task.session_id ?? null,
      active_session_id: task.active_session_id ?? null,
      completed_at: task.completed_at ?? null,
      estimated_hours: task.estimated_hours ?? null,
      actual_hours: task.actual_hours ?? null,
      commit_hash: task.commit_hash ?? null,
      episode_id: task.episode_id ?? null,
      depends_on: keptOr<string[]>(task, 'depends_on', []),
      related_tasks: keptOr<string[]>(task, 'related_tasks', []),
      started_at: keptOr<string | null>(task, 'started_at', null),
      // A v1 task's last known activity is its last update.
      last_activity: keptOr<string>(task, 'last_activity', task.updated_at),
      timeout_hours: keptOr<number | null>(task, 'timeout_hours', null)
    }),
  lossOf: taskV1ToV2Loss,
  fieldReport: { fields: TASK_V2_ADDED_FIELDS, fateOf: taskV2FieldFate }
})
