import { defineMigration } from '../migration/migration.ts'
import { withFields } from './record-fields.ts'
import { taskV1Schema } from '../schemas/task-v1.ts'
import { taskV2Schema, type TaskV2 } from '../schemas/task-v2.ts'

const ids = (n: number): string => `${n} id${n === 1 ? '' : 's'}`

/**
 * What a v2 task loses going back to v1. Only values v1 → v2 would not put back count: empty or absent lists,
 * null or absent times, and a `last_activity` absent or equal to `updated_at` (what the upgrade sets) are no loss.
 */
export function taskV2ToV1Loss(task: Pick<TaskV2, 'depends_on' | 'related_tasks' | 'started_at' | 'last_activity' | 'timeout_hours' | 'updated_at'>): string[] {
  const loses: string[] = []
  const dependsOn = task.depends_on?.length ?? 0
  const related = task.related_tasks?.length ?? 0
  if (dependsOn > 0) loses.push(`depends_on: ${ids(dependsOn)}`)
  if (related > 0) loses.push(`related_tasks: ${ids(related)}`)
  if (task.started_at != null) loses.push(`started_at: ${task.started_at}`)
  if (task.last_activity !== undefined && task.last_activity !== task.updated_at) loses.push(`last_activity: ${task.last_activity}`)
  if (task.timeout_hours != null) loses.push(`timeout_hours: ${task.timeout_hours}`)
  return loses
}

/**
 * Back to Meridian's original record: the v2 fields go, `schema_version` becomes 1. `history` and `tags`, which
 * a v2 Task may leave out (Meridian defaults them), are written as v1 requires them.
 */
export const taskV2ToV1 = defineMigration({
  from: 2,
  to: 1,
  name: 'Task v2 → v1: Drop depends_on, related_tasks and activity tracking',
  keyPrefix: 'task:',
  recordType: 'Task',
  fromSchema: taskV2Schema,
  toSchema: taskV1Schema,
  transform: (task) =>
    withFields(task, { schema_version: 1 as const, history: task.history ?? [], tags: task.tags ?? [] }, [
      'depends_on',
      'related_tasks',
      'started_at',
      'last_activity',
      'timeout_hours'
    ]),
  lossOf: taskV2ToV1Loss
})
