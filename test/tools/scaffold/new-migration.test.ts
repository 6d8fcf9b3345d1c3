import { readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { newMigration } from '../../../tools/scaffold/new-migration.ts'
import { newMigrationResultSchema } from '../../../src/shared/scaffold.ts'
import { fsState } from '../../helpers/fs-state.ts'
import { rejectionOf, useTempStores } from '../../helpers/temp-store.ts'
import { copyProject, SCAFFOLD_PARTS } from './project-copy.ts'

const SCHEMA = 'src/main/engine/schemas/task-v3.ts'
const MIGRATION = 'src/main/engine/migrations/task-v2-to-v3.ts'
const TEST = 'test/main/engine/migrations/task-v2-to-v3.test.ts'
const INDEX = 'src/main/engine/migrations/index.ts'
const CONSTANTS = 'src/main/engine/support/constants.ts'

describe('new-migration (the scaffold, on a copy of the source tree)', () => {
  const temp = useTempStores()
  const checkout = async (): Promise<string> => copyProject(await temp.root(), SCAFFOLD_PARTS)
  const read = (root: string, file: string): Promise<string> => readFile(path.join(root, file), 'utf8')
  const request = (root: string, overrides: { prefix?: string; name?: string } = {}) => ({
    root,
    prefix: 'task',
    name: 'Add estimate_confidence',
    ...overrides
  })

  /** Runs a request that must fail; proves it fails with `code` and leaves every file of the tree as it was. */
  async function refusal(root: string, overrides: { prefix?: string; name?: string }, code = 'INVALID_INPUT'): Promise<string> {
    const before = await fsState(root)
    const error = await rejectionOf(newMigration(request(root, overrides)))
    expect(error.code, error.message).toBe(code)
    expect(await fsState(root)).toEqual(before)
    return error.message
  }

  it('writes the v3 schema, the v2 → v3 migration, its test, and registers it; reports the paths and steps left', async () => {
    const root = await checkout()
    const result = newMigrationResultSchema.parse(await newMigration(request(root)))
    expect(result).toMatchObject({ root, prefix: 'task', from: 2, to: 3, name: 'Task v2 → v3: Add estimate_confidence' })
    expect(result.created).toEqual([SCHEMA, MIGRATION, TEST])
    expect(result.changed).toEqual([INDEX])
    expect(result.todoTag).toBe('TODO(add-estimate-confidence)')
    expect(result.steps.join('\n')).toMatch(/Bump CURRENT_SCHEMA_VERSION to 3 in src\/main\/engine\/support\/constants.ts/)
    expect(result.steps.join('\n')).toContain('task-v3-to-v2.ts')
    expect(result.steps.join('\n')).toContain(`npx vitest run --project unit ${TEST}`)

    const index = await read(root, INDEX)
    expect(index).toContain("import { taskV2ToV3 } from './task-v2-to-v3.ts'")
    expect(index).toMatch(/taskV1ToV2,\n {2}taskV2ToV3,\n/)
    expect(await read(root, CONSTANTS)).toContain('CURRENT_SCHEMA_VERSION = 2')
  })

  it('derives the v3 schema from the v2 one: every field kept, schema_version 3, a TODO for the new field', async () => {
    const root = await checkout()
    await newMigration(request(root))
    const v2 = await read(root, 'src/main/engine/schemas/task-v2.ts')
    const v3 = await read(root, SCHEMA)
    expect(v3).toContain('export const taskV3Schema = z.looseObject({')
    expect(v3).toContain('export type TaskV3 = z.infer<typeof taskV3Schema>')
    expect(v3).toContain('/** Task v3: Add estimate_confidence. TODO(add-estimate-confidence)')
    expect(v3).toContain('  schema_version: z.literal(3),\n  // TODO(add-estimate-confidence): declare the new field here, e.g. `estimate_confidence:')
    const fieldLines = (text: string): string[] => text.split('\n').filter((line) => /^ {2}\w+: |^ {2}\.\.\./.test(line) && !line.includes('schema_version'))
    expect(fieldLines(v3)).toEqual(fieldLines(v2))
    // v2's own field group (taskV2FieldsShape) carries over; v2's schema and version do not.
    expect(v3).not.toMatch(/taskV2Schema|TaskV2\b|literal\(2\)/)
  })

  it('writes a migration whose transform throws "not implemented", and a test on the v2 fixture', async () => {
    const root = await checkout()
    await newMigration(request(root))
    const migration = await read(root, MIGRATION)
    expect(migration).toContain("name: 'Task v2 → v3: Add estimate_confidence',")
    expect(migration).toContain("keyPrefix: 'task:',")
    expect(migration).toContain('fromSchema: taskV2Schema,\n  toSchema: taskV3Schema,')
    expect(migration).toContain(`throw new MeridianError('MIGRATION_FAILED', 'Task v2 → v3 is not implemented yet: write its transform in ${MIGRATION}')`)
    const test = await read(root, TEST)
    expect(test).toContain("import { taskV2 } from '../../../helpers/tasks.ts'")
    expect(test).toContain('taskV3Schema.safeParse(output)')
  })

  it('writes a sample-record stub into the test when no fixture of the previous version exists', async () => {
    const root = await checkout()
    await rm(path.join(root, 'test/helpers'), { recursive: true })
    await newMigration(request(root))
    const test = await read(root, TEST)
    expect(test).not.toContain('helpers/tasks.ts')
    expect(test).toContain('function taskV2(overrides: Record<string, unknown> = {}): Record<string, unknown> {')
  })

  it('continues the chain: once v3 is finished (version bumped), the next run scaffolds v3 → v4 after it', async () => {
    const root = await checkout()
    await newMigration(request(root))
    await writeFile(path.join(root, CONSTANTS), (await read(root, CONSTANTS)).replace('CURRENT_SCHEMA_VERSION = 2', 'CURRENT_SCHEMA_VERSION = 3'))
    const result = await newMigration(request(root, { name: 'Add reviewer' }))
    expect(result).toMatchObject({ from: 3, to: 4, name: 'Task v3 → v4: Add reviewer' })
    expect(await read(root, 'src/main/engine/schemas/task-v4.ts')).toContain('schema_version: z.literal(4),')
    expect(await read(root, INDEX)).toMatch(/taskV2ToV3,\n {2}taskV3ToV4,\n {2}\/\/ new-migration: upgrades/)
  })

  it('refuses a second run while the previous step is half-done (v3 exists, version still 3), writing nothing', async () => {
    const root = await checkout()
    await newMigration(request(root))
    const message = await refusal(root, { name: 'Add reviewer' })
    expect(message).toContain('task-v3.ts exists but CURRENT_SCHEMA_VERSION is 2')
  })

  it('refuses a bad --name with INVALID_INPUT, writing nothing', async () => {
    expect(await refusal(await checkout(), { name: "Add owner's `name`" })).toContain('--name')
  })

  it('refuses an unknown prefix, naming the prefixes it knows, writing nothing', async () => {
    const message = await refusal(await checkout(), { prefix: 'episode' })
    expect(message).toContain('Unknown --prefix "episode"')
    expect(message).toContain('known: task')
  })

  it('refuses when a target file already exists, naming it, and writes none of the others', async () => {
    const root = await checkout()
    await writeFile(path.join(root, MIGRATION), '// someone started this by hand\n')
    expect(await refusal(root, {})).toContain(`${MIGRATION} already exists`)
  })

  it('refuses when index.ts lacks its marker line, writing nothing', async () => {
    const root = await checkout()
    await writeFile(path.join(root, INDEX), (await read(root, INDEX)).replace('// new-migration: upgrades above this line\n', ''))
    expect(await refusal(root, {})).toContain('has no line "// new-migration: upgrades above this line"')
  })

  it('refuses when index.ts already registers the step, writing nothing', async () => {
    const root = await checkout()
    const index = await read(root, INDEX)
    await writeFile(
      path.join(root, INDEX),
      index.replace('// new-migration: imports', "import { taskV2ToV3 } from './elsewhere.ts'\n// new-migration: imports")
    )
    expect(await refusal(root, {})).toContain('already registers Task v2 → v3')
  })

  it('refuses a --root that is not a meridian-admin source tree', async () => {
    expect(await refusal(await temp.root(), {})).toContain('is not a meridian-admin source tree')
  })

  it('removes what it wrote when a write fails midway (IO_ERROR), leaving the tree as it was', async () => {
    const root = await checkout()
    // A file where the test folder must go: the schema and migration are written, then making test/main/engine fails.
    await writeFile(path.join(root, 'test/main'), 'not a folder\n')
    const message = await refusal(root, {}, 'IO_ERROR')
    expect(message).toContain(`write ${TEST}`)
    expect(message).toContain('nothing was left written')
  })
})
