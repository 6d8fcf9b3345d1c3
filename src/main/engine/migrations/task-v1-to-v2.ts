import { defineMigration } from '../migration.ts'
import { withFields } from './record-fields.ts'
import { taskV1Schema } from '../schemas/task-v1.ts'
import { taskV2Schema } from '../schemas/task-v2.ts'

/** From the seed, with the fields Meridian's real migration also adds. */
export const taskV1ToV2 = defineMigration({
  from: 1,
  to: 2,
  name: 'Task v1 → v2: Add depends_on and related_tasks fields',
  keyPrefix: 'task:',
  recordType: 'Task',
  fromSchema: taskV1Schema,
  toSchema: taskV2Schema,
  // withFields, not `{ ...task, field: … }` or Object.assign: see record-fields.ts.
  transform: (task) =>
    withFields(task, {
      schema_version: 2 as const,
      depends_on: [],
      related_tasks: [],
      started_at: null,
      // A v1 task's last known activity is its last update.
      last_activity: task.updated_at,
      timeout_hours: null
    })
})
