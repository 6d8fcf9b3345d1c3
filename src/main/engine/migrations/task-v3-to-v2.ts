import { defineMigration } from '../migration.ts'
import { withFields } from './record-fields.ts'
import { taskV2Schema } from '../schemas/task-v2.ts'
import { taskV3Schema, type TaskV3 } from '../schemas/task-v3.ts'

/** What a v3 task loses going back to v2: every spec reference after the first. */
export function taskV3ToV2Loss(task: Pick<TaskV3, 'spec_refs'>): string[] {
  const extra = task.spec_refs.length - 1
  return extra > 0 ? [`spec_refs[1..] (${extra} more ref${extra === 1 ? '' : 's'})`] : []
}

/** The downgrade of our worked example: a v2 task holds one spec reference, the first (null when there is none). */
export const taskV3ToV2 = defineMigration({
  from: 3,
  to: 2,
  name: 'Task v3 → v2: Keep the first of spec_refs as spec_ref',
  keyPrefix: 'task:',
  recordType: 'Task',
  fromSchema: taskV3Schema,
  toSchema: taskV2Schema,
  transform: (task) => withFields(task, { schema_version: 2 as const, spec_ref: task.spec_refs[0] ?? null }, ['spec_refs']),
  lossOf: taskV3ToV2Loss
})
