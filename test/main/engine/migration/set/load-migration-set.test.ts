import { cp, mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { CURRENT_SCHEMA_VERSION } from '../../../../../src/main/engine/support/constants.ts'
import { listMigrationModules, loadMigrationRegistry, loadMigrationSet } from '../../../../../src/main/engine/migration/set/load-migration-set.ts'
import { SPEC_REFS_SET } from '../../../../helpers/example-set.ts'
import { taskV2 } from '../../../../helpers/tasks.ts'
import { rejectionOf, useTempStores } from '../../../../helpers/temp-store.ts'

const temp = useTempStores()

/** A set folder (outside the repository, where nothing resolves meridian-admin or zod) holding `files`. */
async function setWith(files: Record<string, string>): Promise<string> {
  const dir = path.join(await temp.root(), 'set')
  await mkdir(dir, { recursive: true })
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true })
    await writeFile(path.join(dir, name), text)
  }
  return dir
}

/** A plain-JS step vN → vN+1 on `task:` records, built only from the kit. */
const jsStep = (from: number, extra = ''): string => `
export default (kit) => {
  const { z, defineMigration, withFields } = kit
  const fromSchema = kit.schemaFor('task:', ${from})
  const toSchema = z.looseObject({ schema_version: z.literal(${from + 1}), id: z.string() })
  return [defineMigration({
    from: ${from}, to: ${from + 1}, name: 'Task v${from} → v${from + 1}: stamp', keyPrefix: 'task:', recordType: 'Task',
    fromSchema, toSchema,
    transform: (task) => withFields(task, { schema_version: ${from + 1}, stamped: true })
  })]${extra}
}
`

const failure = async (dir: string): Promise<Error & { code?: string }> => rejectionOf(loadMigrationRegistry(dir))

describe('loading a migration set', () => {
  it("without a set, is the built-in one: Meridian's v1 → v2, target v2, rebuilt in a worker", async () => {
    const registry = await loadMigrationRegistry(undefined)
    expect(registry.latestVersion).toBe(CURRENT_SCHEMA_VERSION)
    expect(CURRENT_SCHEMA_VERSION).toBe(2)
    expect(registry.findPath(1, 2).map((s) => s.name)).toEqual(['Task v1 → v2: Add depends_on and related_tasks fields'])
    expect(registry.findPath(2, 1)).toHaveLength(1)
    expect(registry.rebuildableInWorker).toBe(true)
  })

  it('adds the example set (a .ts module) to the built-in one: target v3, both ways, on the main thread', async () => {
    const registry = await loadMigrationRegistry(SPEC_REFS_SET)
    expect(registry.latestVersion).toBe(3)
    expect(registry.findPath(1, 3).map((s) => `${s.from}->${s.to}`)).toEqual(['1->2', '2->3'])
    expect(registry.findPath(3, 1).map((s) => `${s.from}->${s.to}`)).toEqual(['3->2', '2->1'])
    expect(registry.rebuildableInWorker).toBe(false)
    const [step] = registry.findPath(2, 3)
    const migrated = step?.migrations[0]?.migrateItem('task:task-1', taskV2())
    expect(migrated).toMatchObject({ schema_version: 3, spec_refs: [taskV2().spec_ref] })
  })

  it('loads the example set copied anywhere on disk (it resolves nothing of this package)', async () => {
    const dir = path.join(await temp.root(), 'elsewhere')
    await cp(SPEC_REFS_SET, dir, { recursive: true })
    expect((await loadMigrationRegistry(dir)).latestVersion).toBe(3)
  })

  it('loads .js and .mjs modules in numeric file order, each building on the schema the one before reached', async () => {
    const dir = await setWith({ 'task-v10-to-v11.mjs': jsStep(10), 'task-v2-to-v3.mjs': jsStep(2), 'README.md': 'not a module' })
    for (let v = 3; v < 10; v++) await writeFile(path.join(dir, `task-v${v}-to-v${v + 1}.js`), jsStep(v))
    await writeFile(path.join(dir, 'package.json'), '{"type":"module"}')
    const set = await loadMigrationSet(dir)
    expect(set.modules.map((m) => path.basename(m.file))).toEqual([
      'task-v2-to-v3.mjs',
      ...[3, 4, 5, 6, 7, 8, 9].map((v) => `task-v${v}-to-v${v + 1}.js`),
      'task-v10-to-v11.mjs'
    ])
    const registry = await loadMigrationRegistry(dir)
    expect(registry.latestVersion).toBe(11)
    // Each step's from-schema is the previous step's to-schema: one fused chain, checked shape by shape.
    const path3to4 = registry.findPath(3, 4)[0]?.migrations[0]
    expect(path3to4?.fromSchema).toBe(registry.findPath(2, 3)[0]?.migrations[0]?.toSchema)
  })

  it('skips test files, declarations and subfolders (a module may import its own helpers from one)', async () => {
    const dir = await setWith({
      'lib/name.mjs': "export const stepName = 'Task v2 → v3: from a helper'",
      'step.mjs': jsStep(2).replace("'Task v2 → v3: stamp'", 'stepName').replace('export default', "import { stepName } from './lib/name.mjs'\nexport default"),
      'step.test.mjs': 'throw new Error("a test file is not a module of the set")',
      'types.d.ts': 'export {}'
    })
    expect((await listMigrationModules(dir)).map((file) => path.basename(file))).toEqual(['step.mjs'])
    expect((await loadMigrationRegistry(dir)).findPath(2, 3)[0]?.name).toBe('Task v2 → v3: from a helper')
  })

  it('takes a single module file as the set', async () => {
    const dir = await setWith({ 'one.mjs': jsStep(2) })
    expect((await loadMigrationRegistry(path.join(dir, 'one.mjs'))).latestVersion).toBe(3)
  })
})

describe('a migration set that does not load: MIGRATION_SET_INVALID naming the folder or the file', () => {
  it('a folder that does not exist', async () => {
    const missing = path.join(await temp.root(), 'nowhere')
    const error = await failure(missing)
    expect(error).toMatchObject({ code: 'MIGRATION_SET_INVALID' })
    expect(error.message).toContain(missing)
    expect(error.message).toContain('does not exist')
  })

  it('a folder with no modules', async () => {
    const error = await failure(await setWith({ 'notes.txt': 'nothing here' }))
    expect(error).toMatchObject({ code: 'MIGRATION_SET_INVALID', message: expect.stringContaining('holds no migration modules') })
  })

  it.each([
    ['fails to load (a syntax error)', 'export default (kit => [', 'failed to load'],
    ['fails to load (it imports what is not there)', "import 'no-such-package-anywhere'\nexport default () => []", 'failed to load'],
    ['has no default export', 'export const migrations = []', 'no default export'],
    ['default-exports something other than a function', 'export default [{ from: 2 }]', 'must be a function'],
    ['returns something other than an array', 'export default () => ({ from: 2, to: 3 })', 'must return an array of migrations'],
    ['returns no migrations', 'export default () => []', 'returned no migrations'],
    [
      'returns a hand-made object, not a defineMigration',
      "export default () => [{ from: 2, to: 3, name: 'x', keyPrefix: 'task:', recordType: 'Task' }]",
      '[0].migrateItem'
    ],
    ['throws when called', "export default () => { throw new Error('boom') }", 'threw: boom'],
    [
      'asks the kit for a schema nothing reaches',
      "export default (kit) => { kit.schemaFor('task:', 7); return [] }",
      'no migration loaded so far reaches task: v7'
    ]
  ])('a module that %s', async (_label, text, expected) => {
    const dir = await setWith({ 'good.mjs': jsStep(2), 'bad.mjs': text })
    const error = await failure(dir)
    expect(error.code).toBe('MIGRATION_SET_INVALID')
    expect(error.message).toContain(path.join(dir, 'bad.mjs'))
    expect(error.message).toContain(expected)
  })

  it('a module whose step the built-in set already has (a duplicate v1 → v2), naming that module', async () => {
    const dir = await setWith({ 'a-ok.mjs': jsStep(2), 'b-dup.mjs': jsStep(1) })
    const error = await failure(dir)
    expect(error.code).toBe('MIGRATION_SET_INVALID')
    expect(error.message).toContain(path.join(dir, 'b-dup.mjs'))
    expect(error.message).toContain('Duplicate migration v1 → v2')
  })

  it('a set with a gap (v3 → v4 without v2 → v3), naming the set', async () => {
    const dir = await setWith({ 'task-v3-to-v4.mjs': jsStep(3).replace("kit.schemaFor('task:', 3)", 'kit.schemas.taskV2') })
    const error = await failure(dir)
    expect(error.code).toBe('MIGRATION_SET_INVALID')
    expect(error.message).toContain(dir)
    expect(error.message).toContain('gap: no migration from v2 to v3')
  })
})
