import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { Migration } from '../../../src/main/engine/migration/migration.ts'
import { newMigration } from '../../../tools/scaffold/new-migration.ts'
import { taskV2ToV3 } from '../../helpers/example-set.ts'
import { taskV2 } from '../../helpers/tasks.ts'
import { useTempStores } from '../../helpers/temp-store.ts'
import { copyProject, RUNNABLE_PARTS } from './project-copy.ts'

const SCHEMA = 'src/main/engine/schemas/task-v3.ts'
const MIGRATION = 'src/main/engine/migrations/task-v2-to-v3.ts'
const TAG = 'TODO(replace-spec-ref-with-spec-refs)'

/**
 * The README's walkthrough, checked: the built-in set ends at Meridian's v2, so the scaffold on a copy of the
 * checkout writes Task v2 → v3; with the README's two edits it migrates records exactly as the example set's
 * module (examples/migrations/spec-refs) does.
 */
describe("the README's v2 → v3 walkthrough", () => {
  const temp = useTempStores()

  it('scaffolds Task v2 → v3 and, once the field and transform are filled in, migrates like the example set', async () => {
    const root = await copyProject(await temp.root(), RUNNABLE_PARTS, true)
    const result = await newMigration({ root, prefix: 'task', name: 'Replace spec_ref with spec_refs' })
    expect(result.name).toBe('Task v2 → v3: Replace spec_ref with spec_refs')
    const at = (file: string): string => path.join(root, file)

    const schema = (await readFile(at(SCHEMA), 'utf8')).replace(
      /^ {2}\/\/ TODO\(replace-spec-ref-with-spec-refs\): declare.*\n {2}spec_ref: specRefSchema\.nullish\(\),$/m,
      '  spec_refs: z.array(specRefSchema),'
    )
    expect(schema).toContain('  spec_refs: z.array(specRefSchema),')
    await writeFile(at(SCHEMA), schema)

    const migration = (await readFile(at(MIGRATION), 'utf8'))
      .replace("import { MeridianError } from '../../../shared/errors.ts'\n", '')
      .replace(
        "import { defineMigration } from '../migration/migration.ts'\n",
        "import { defineMigration } from '../migration/migration.ts'\nimport { withFields } from './record-fields.ts'\n"
      )
      .replace(
        /^ {2}\/\/ TODO\(replace-spec-ref-with-spec-refs\): return[\s\S]*?\n {2}\}\n/m,
        "  transform: (task) => withFields(task, { schema_version: 3 as const, spec_refs: task.spec_ref ? [task.spec_ref] : [] }, ['spec_ref'])\n"
      )
    expect(migration).toContain('withFields(task, { schema_version: 3 as const')
    expect(migration).not.toContain(`${TAG}: return`)
    await writeFile(at(MIGRATION), migration)

    const generated = ((await import(pathToFileURL(at(MIGRATION)).href)) as { taskV2ToV3: Migration }).taskV2ToV3
    expect(generated).toMatchObject({ from: 2, to: 3, keyPrefix: 'task:', recordType: 'Task', name: taskV2ToV3.name })
    const { spec_ref: _absent, ...withoutRef } = taskV2()
    for (const record of [taskV2(), taskV2({ spec_ref: null }), withoutRef, taskV2({ extra: [1], spec_ref: { spec_name: 's', section: '1', anchor: '#a' } })]) {
      expect(generated.migrateItem('task:w', record)).toEqual(taskV2ToV3.migrateItem('task:w', record))
    }
    expect(() => generated.migrateItem('task:w', taskV2({ spec_ref: { spec_name: 's', section: 7 } }))).toThrow(/spec_ref\.section/)
  })
})
