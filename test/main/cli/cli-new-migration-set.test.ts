import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { dryRunReportSchema } from '../../../src/shared/migration-result.ts'
import { newSetMigrationResultSchema, type NewSetMigrationResult } from '../../../src/shared/scaffold.ts'
import { storeStatusSchema } from '../../../src/shared/store-status.ts'
import { SPEC_REFS_SET } from '../../helpers/example-set.ts'
import { fsState } from '../../helpers/fs-state.ts'
import { hexOf, readTasks, snapshotDir, useTempStores, type Snapshot } from '../../helpers/temp-store.ts'
import { copyExampleSet, fillInEstimateConfidence, typeCheck } from '../../tools/scaffold/example-set-copy.ts'
import { jsonOf, runCli, type CliRun } from './run-cli.ts'

const NAME = ['--prefix', 'task', '--name', 'Add estimate_confidence']
const EXAMPLE_MODULE = 'task-v2-to-v3.ts'

/** `{ error }` of a failed `--json` run. */
const errorOf = (run: CliRun): { code: string; message: string } => jsonOf<{ error: { code: string; message: string } }>(run).error

/** The store without what a failed migration may still write: its history entry and `_admin:` bookkeeping. */
const withoutBookkeeping = (snapshot: Snapshot): Snapshot =>
  Object.fromEntries(Object.entries(snapshot).filter(([key]) => key !== hexOf('_migration_history') && !key.startsWith(hexOf('_admin:'))))

describe('meridian-admin new-migration --migrations DIR (a migration set, not this repository)', () => {
  const temp = useTempStores()

  async function demoStore(count = 20): Promise<string> {
    const dir = path.join(await temp.root(), 'store')
    const run = await runCli(['demo', dir, '--count', String(count), '--version', '2', '--json'])
    expect(run.code, run.stderr).toBe(0)
    return dir
  }

  async function scaffold(set: string, ...more: string[]): Promise<NewSetMigrationResult> {
    const run = await runCli(['new-migration', ...NAME, '--migrations', set, '--json', ...more])
    expect(run.code, run.stderr).toBe(0)
    return newSetMigrationResultSchema.parse(jsonOf(run))
  }

  it('writes Task v3 → v4 into a copy of the example set: one module needing only the kit, that type-checks, after which the set targets v4', async () => {
    const set = await copyExampleSet(await temp.root())
    const result = await scaffold(set)
    const module = path.join(set, 'task-v3-to-v4.ts')
    expect(result).toMatchObject({
      migrations: set,
      prefix: 'task',
      from: 3,
      to: 4,
      name: 'Task v3 → v4: Add estimate_confidence',
      module,
      createdFolder: false
    })
    expect(result.next).toBe(`meridian-admin migrate STORE --dry-run --migrations ${set}`)
    expect((await readdir(set)).sort()).toEqual([EXAMPLE_MODULE, 'task-v3-to-v4.ts'])
    expect(await readFile(path.join(set, EXAMPLE_MODULE), 'utf8')).toBe(await readFile(path.join(SPEC_REFS_SET, EXAMPLE_MODULE), 'utf8'))

    const text = await readFile(module, 'utf8')
    // Its one import is of a type (erased at run time): nothing of this package is loaded from the folder.
    expect(text.split('\n').filter((line) => /^\s*import\b|\brequire\(/.test(line))).toEqual([
      expect.stringMatching(/^import type \{ MigrationKit \} from '.*\/src\/main\/engine\/migration\/set\/migration-kit\.ts'$/)
    ])
    expect(text).toContain("const schema = kit.schemaFor('task:', 3)")
    expect(text).toContain('TODO(add-estimate-confidence): declare the new field here')
    const tsc = await typeCheck(await temp.root(), [module])
    expect(tsc.code, tsc.stdout).toBe(0)

    const status = storeStatusSchema.parse(jsonOf(await runCli(['status', await demoStore(), '--migrations', set, '--json'])))
    expect(status).toMatchObject({ currentVersion: 2, targetVersion: 4 })
    expect(status.pending.map(({ from, to, name }) => [from, to, name])).toEqual([
      [2, 3, 'Task v2 → v3: Replace spec_ref with spec_refs'],
      [3, 4, 'Task v3 → v4: Add estimate_confidence']
    ])
  })

  it('prints what it wrote, the steps left and the dry run to try next', async () => {
    const set = await copyExampleSet(await temp.root())
    const run = await runCli(['new-migration', ...NAME, '--migrations', set])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain(
      `✓ Scaffolded Task v3 → v4: Add estimate_confidence in the migration set ${set}\n  created  ${path.join(set, 'task-v3-to-v4.ts')}\n`
    )
    expect(run.stdout).toContain('grep -n "TODO(add-estimate-confidence)"')
    expect(run.stdout).toContain(`\nNext: meridian-admin migrate STORE --dry-run --migrations ${set}\n`)
  })

  it('fails every task with "not implemented" until its transform is written (store untouched), then migrates them to v4', async () => {
    const set = await copyExampleSet(await temp.root())
    await scaffold(set)
    const store = await demoStore()
    const before = await snapshotDir(store)

    const dryRun = await runCli(['migrate', store, '--dry-run', '--migrations', set, '--json'])
    expect(dryRun.code).toBe(1)
    const report = dryRunReportSchema.parse(jsonOf(dryRun))
    expect(report.failures).toHaveLength(20)
    for (const failure of report.failures) expect(failure.reason).toContain('Task v3 → v4 is not implemented yet: write its transform in task-v3-to-v4.ts')
    const refused = await runCli(['migrate', store, '--migrations', set, '--json'])
    expect(refused.code).toBe(1)
    expect(errorOf(refused)).toMatchObject({ code: 'MIGRATION_FAILED', message: expect.stringContaining('not implemented yet') as string })
    expect(withoutBookkeeping(await snapshotDir(store))).toEqual(withoutBookkeeping(before))

    await fillInEstimateConfidence(path.join(set, 'task-v3-to-v4.ts'))
    const clean = await runCli(['migrate', store, '--dry-run', '--migrations', set, '--json'])
    expect(clean.code, clean.stderr).toBe(0)
    expect(dryRunReportSchema.parse(jsonOf(clean))).toMatchObject({ from: 2, to: 4, failures: [], itemsToMigrate: 20 })
    const migrated = await runCli(['migrate', store, '--migrations', set, '--json'])
    expect(migrated.code, migrated.stderr).toBe(0)
    const opened = await temp.open(store)
    expect(await opened.readVersion()).toBe(4)
    for (const task of (await readTasks(opened.db)).values()) {
      expect(task).toMatchObject({ schema_version: 4, estimate_confidence: null, spec_refs: expect.any(Array) as unknown })
      expect(task).not.toHaveProperty('spec_ref')
    }
  })

  it("starts a folder that does not exist yet at the built-in set's target: makes it and writes Task v2 → v3, which loads", async () => {
    const set = path.join(await temp.root(), 'new', 'set')
    const result = await scaffold(set)
    expect(result).toMatchObject({ from: 2, to: 3, createdFolder: true, module: path.join(set, 'task-v2-to-v3.ts') })
    const status = storeStatusSchema.parse(jsonOf(await runCli(['status', await demoStore(5), '--migrations', set, '--json'])))
    expect(status).toMatchObject({ currentVersion: 2, targetVersion: 3 })
  })

  it('never overwrites a module: a second run writes the step after it, leaving the first as it was', async () => {
    const set = await copyExampleSet(await temp.root())
    await scaffold(set)
    const first = await readFile(path.join(set, 'task-v3-to-v4.ts'), 'utf8')
    expect(await scaffold(set, '--name', 'Add reviewer')).toMatchObject({ from: 4, to: 5, name: 'Task v4 → v5: Add reviewer' })
    expect(await readFile(path.join(set, 'task-v3-to-v4.ts'), 'utf8')).toBe(first)
  })

  it('refuses, writing nothing, when the file it would write exists: INVALID_INPUT for a module of another step, MIGRATION_SET_INVALID for one that does not load', async () => {
    const set = await copyExampleSet(await temp.root())
    const target = path.join(set, 'task-v3-to-v4.ts')
    const episodeStep =
      "export default (kit) => [kit.defineMigration({ from: 2, to: 3, name: 'Episode v2 → v3: as it was', keyPrefix: 'episode:', recordType: 'TaskEpisode', " +
      'fromSchema: kit.z.looseObject({}), toSchema: kit.z.looseObject({}), transform: (episode) => episode })]\n'
    for (const [content, code, says] of [
      [episodeStep, 'INVALID_INPUT', `${target} already exists: new-migration never overwrites a file`],
      ['// started by hand\n', 'MIGRATION_SET_INVALID', 'default export']
    ] as const) {
      await writeFile(target, content)
      const before = await fsState(set)
      const run = await runCli(['new-migration', ...NAME, '--migrations', set, '--json'])
      expect(run.code).toBe(2)
      expect(errorOf(run)).toMatchObject({ code, message: expect.stringContaining(says) as string })
      expect(errorOf(run).message).toContain(target)
      expect(await fsState(set)).toEqual(before)
    }
  })

  it('removes the module again when the set does not load with it (it would load before the module it builds on)', async () => {
    const root = await temp.root()
    const set = path.join(root, 'set')
    await mkdir(set)
    // A set whose Task v3 comes from a module named to load after task-v3-to-v4.ts, where kit.schemaFor looks too early.
    await writeFile(path.join(set, 'zz-spec-refs.ts'), await readFile(path.join(SPEC_REFS_SET, EXAMPLE_MODULE), 'utf8'))
    const before = await fsState(set)
    const run = await runCli(['new-migration', ...NAME, '--migrations', set, '--json'])
    expect(run.code).toBe(2)
    expect(errorOf(run).code).toBe('MIGRATION_SET_INVALID')
    expect(errorOf(run).message).toContain('kit.schemaFor("task:", 3)')
    expect(errorOf(run).message).toContain('the set did not load with the new module, so it was removed')
    expect(await fsState(set)).toEqual(before)
  })

  it('refuses a --migrations path that is a file, or lies under one, with INVALID_INPUT naming it, writing nothing', async () => {
    const root = await temp.root()
    const file = path.join(root, 'set.txt')
    await writeFile(file, 'not a folder\n')
    const before = await fsState(root)
    for (const given of [file, path.join(file, 'set')]) {
      const run = await runCli(['new-migration', ...NAME, '--migrations', given, '--json'])
      expect(run.code).toBe(2)
      expect(errorOf(run)).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining(`--migrations ${given} is not a folder`) as string })
      expect(await fsState(root)).toEqual(before)
    }
  })

  it('refuses --root with --migrations, and a record type no loaded migration knows, writing nothing', async () => {
    const root = await temp.root()
    const set = path.join(root, 'set')
    await mkdir(set)
    const both = await runCli(['new-migration', ...NAME, '--migrations', set, '--root', root, '--json'])
    expect({ exit: both.code, code: errorOf(both).code }).toEqual({ exit: 2, code: 'INVALID_INPUT' })
    expect(errorOf(both).message).toContain('--root and --migrations')
    const unknown = await runCli(['new-migration', '--prefix', 'episode', '--name', 'Add mood', '--migrations', set, '--json'])
    expect({ exit: unknown.code, code: errorOf(unknown).code }).toEqual({ exit: 2, code: 'INVALID_INPUT' })
    expect(errorOf(unknown).message).toContain('Unknown --prefix "episode"')
    expect(await readdir(set)).toEqual([])
  })
})
