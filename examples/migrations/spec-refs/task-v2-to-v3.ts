// A migration set's module: it imports nothing at run time (the type import below is erased), so the folder
// works wherever it is on disk. Everything comes from the kit the loader passes in.
import type { MigrationKit } from '../../../src/main/engine/migration/set/migration-kit.ts'

/** Task v3: a task may reference several spec sections (`spec_ref` becomes `spec_refs`). */
export function taskV3Schema(kit: MigrationKit) {
  const { z, schemas } = kit
  return schemas.taskV2.omit({ spec_ref: true }).extend({ schema_version: z.literal(3), spec_refs: z.array(schemas.specRef) })
}

/** What a v3 task loses going back to v2: every spec reference after the first. */
export function taskV3ToV2Loss(task: { spec_refs: readonly unknown[] }): string[] {
  const extra = task.spec_refs.length - 1
  return extra > 0 ? [`spec_refs[1..] (${extra} more ref${extra === 1 ? '' : 's'})`] : []
}

/** Our worked example, Task v2 → v3, and its downgrade (which keeps the first reference as `spec_ref`). */
export default function specRefs(kit: MigrationKit) {
  const { defineMigration, withFields, schemas } = kit
  const taskV3 = taskV3Schema(kit)
  const up = defineMigration({
    from: 2,
    to: 3,
    name: 'Task v2 → v3: Replace spec_ref with spec_refs',
    keyPrefix: 'task:',
    recordType: 'Task',
    fromSchema: schemas.taskV2,
    toSchema: taskV3,
    // withFields rather than a rest pattern or a spread literal: its objects keep one fast V8 shape.
    transform: (task) => withFields(task, { schema_version: 3 as const, spec_refs: task.spec_ref ? [task.spec_ref] : [] }, ['spec_ref'])
  })
  const down = defineMigration({
    from: 3,
    to: 2,
    name: 'Task v3 → v2: Keep the first of spec_refs as spec_ref',
    keyPrefix: 'task:',
    recordType: 'Task',
    fromSchema: taskV3,
    toSchema: schemas.taskV2,
    transform: (task) => withFields(task, { schema_version: 2 as const, spec_ref: task.spec_refs[0] ?? null }, ['spec_refs']),
    lossOf: taskV3ToV2Loss
  })
  return [up, down]
}
