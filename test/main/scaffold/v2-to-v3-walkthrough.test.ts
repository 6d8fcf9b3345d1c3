import { readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { newMigration } from '../../../src/main/scaffold/new-migration.ts'
import { useTempStores } from '../../helpers/temp-store.ts'
import { copyProject, REPO, SCAFFOLD_PARTS } from './project-copy.ts'

const SCHEMA = 'src/main/engine/schemas/task-v3.ts'
const MIGRATION = 'src/main/engine/migrations/task-v2-to-v3.ts'
const INDEX = 'src/main/engine/migrations/index.ts'
const CONSTANTS = 'src/main/engine/constants.ts'
const TAG = 'TODO(replace-spec-ref-with-spec-refs)'

/**
 * The README's walkthrough, checked: on a tree wound back to v2, the scaffold plus the few edits the README shows
 * give back today's v2 → v3 files. If the templates drift from the house style, this says where.
 */
describe("the README's v2 → v3 walkthrough", () => {
  const temp = useTempStores()

  async function treeAtV2(): Promise<string> {
    const root = await copyProject(await temp.root(), SCAFFOLD_PARTS)
    const at = (file: string): string => path.join(root, file)
    for (const file of [SCHEMA, MIGRATION, 'src/main/engine/migrations/task-v3-to-v2.ts']) await rm(at(file))
    const index = (await readFile(at(INDEX), 'utf8'))
      .replace("import { taskV2ToV3 } from './task-v2-to-v3.ts'\n", '')
      .replace("import { taskV3ToV2 } from './task-v3-to-v2.ts'\n", '')
      .replace('  taskV2ToV3,\n', '')
      .replace('[taskV3ToV2, taskV2ToV1]', '[taskV2ToV1]')
    await writeFile(at(INDEX), index)
    await writeFile(at(CONSTANTS), (await readFile(at(CONSTANTS), 'utf8')).replace('CURRENT_SCHEMA_VERSION = 3', 'CURRENT_SCHEMA_VERSION = 2'))
    return root
  }

  it('scaffolds Task v2 → v3 and, once the field and transform are filled in, gives back the files we have', async () => {
    const root = await treeAtV2()
    const result = await newMigration({ root, prefix: 'task', name: 'Replace spec_ref with spec_refs' })
    expect(result.name).toBe('Task v2 → v3: Replace spec_ref with spec_refs')
    const generated = async (file: string): Promise<string> => readFile(path.join(root, file), 'utf8')

    const schema = (await generated(SCHEMA))
      .replace(`/** Task v3: Replace spec_ref with spec_refs. ${TAG}: say what changed and why. */`, '/** Task v3: a task may reference several spec sections (`spec_ref` becomes `spec_refs`). */')
      .replace(/^ {2}\/\/ TODO\(replace-spec-ref-with-spec-refs\): declare.*\n {2}spec_ref: specRefSchema\.nullish\(\),$/m, '  spec_refs: z.array(specRefSchema),')
    expect(schema).toBe(await readFile(path.join(REPO, SCHEMA), 'utf8'))

    const migration = (await generated(MIGRATION))
      .replace("import { MeridianError } from '../../../shared/errors.ts'\n", '')
      .replace("import { defineMigration } from '../migration.ts'\n", "import { defineMigration } from '../migration.ts'\nimport { withFields } from './record-fields.ts'\n")
      .replace(`/** ${TAG}: say in a line why records change (see task-v1-to-v2.ts). */`, '/** Our worked example: a task may reference several spec sections. */')
      .replace(
        /^ {2}\/\/ TODO\(replace-spec-ref-with-spec-refs\): return[\s\S]*?\n {2}\}\n/m,
        "  transform: (task) => withFields(task, { schema_version: 3 as const, spec_refs: task.spec_ref ? [task.spec_ref] : [] }, ['spec_ref'])\n"
      )
    const ours = (await readFile(path.join(REPO, MIGRATION), 'utf8')).replace(/^ {2}\/\/ withFields rather than .*\n/m, '')
    expect(migration).toBe(ours)

    const index = await generated(INDEX)
    expect(index.replace("[taskV2ToV1]", '[taskV3ToV2, taskV2ToV1]').replace("import { taskV2ToV3 } from './task-v2-to-v3.ts'\n", "import { taskV2ToV3 } from './task-v2-to-v3.ts'\nimport { taskV3ToV2 } from './task-v3-to-v2.ts'\n")).toBe(
      await readFile(path.join(REPO, INDEX), 'utf8')
    )
  })
})
