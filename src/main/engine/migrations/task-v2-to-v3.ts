import { defineMigration } from '../migration.ts'
import { withFields } from './record-fields.ts'
import { taskV2Schema } from '../schemas/task-v2.ts'
import { taskV3Schema } from '../schemas/task-v3.ts'

/** Our worked example: a task may reference several spec sections. */
export const taskV2ToV3 = defineMigration({
  from: 2,
  to: 3,
  name: 'Task v2 → v3: Replace spec_ref with spec_refs',
  keyPrefix: 'task:',
  recordType: 'Task',
  fromSchema: taskV2Schema,
  toSchema: taskV3Schema,
  // withFields rather than a rest pattern or a spread literal: see record-fields.ts.
  transform: (task) => withFields(task, { schema_version: 3 as const, spec_refs: task.spec_ref ? [task.spec_ref] : [] }, ['spec_ref'])
})
