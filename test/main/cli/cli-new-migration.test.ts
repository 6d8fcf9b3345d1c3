import { execFile } from 'node:child_process'
import { readFile, realpath, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { MIGRATION_HISTORY_KEY } from '../../../src/main/engine/support/constants.ts'
import { createDemoStore } from '../../../src/main/demo/demo-store.ts'
import { newMigrationResultSchema } from '../../../src/shared/scaffold.ts'
import { readTasks, snapshotDir, useTempStores, without } from '../../helpers/temp-store.ts'
import { copyProject, RUNNABLE_PARTS } from '../../tools/scaffold/project-copy.ts'
import { jsonOf, runCli, type CliRun } from './run-cli.ts'

/** Runs `node <script> …args` in `cwd`, outside this vitest run (its VITEST_* variables would confuse a nested one). */
function runNode(cwd: string, script: string, args: readonly string[]): Promise<CliRun> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST') && name !== 'NODE_OPTIONS'))
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [script, ...args],
      { cwd, timeout: 120_000, maxBuffer: 16 * 1024 * 1024, env: { ...env, NO_COLOR: '1' } },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(new Error(`${script} ${args.join(' ')} did not run: ${error.message}\n${stderr}`))
        else resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr })
      }
    )
  })
}

interface VitestReport {
  testResults: Array<{ assertionResults: Array<{ title: string; status: string; failureMessages: string[] }> }>
}

const GENERATED_TEST = 'test/main/engine/migrations/task-v2-to-v3.test.ts'
const MIGRATION = 'src/main/engine/migrations/task-v2-to-v3.ts'
const SCHEMA = 'src/main/engine/schemas/task-v3.ts'
const CONSTANTS = 'src/main/engine/support/constants.ts'

describe('meridian-admin new-migration (child processes on a copy of the checkout)', () => {
  const temp = useTempStores()

  it('scaffolds v2 → v3 that compiles and lints, whose test fails until the transform is filled in and passes after', async () => {
    const root = await realpath(await copyProject(await temp.root(), RUNNABLE_PARTS, true))
    const cli = (...args: string[]): Promise<CliRun> => runNode(root, 'bin/meridian-admin.js', args)
    const edit = async (file: string, change: (text: string) => string): Promise<void> => {
      const text = await readFile(path.join(root, file), 'utf8')
      const changed = change(text)
      expect(changed, `edit of ${file}`).not.toBe(text)
      await writeFile(path.join(root, file), changed)
    }
    const vitest = async (): Promise<{ code: number; results: VitestReport['testResults'][number]['assertionResults'] }> => {
      const run = await runNode(root, 'node_modules/vitest/vitest.mjs', ['run', '--project', 'unit', GENERATED_TEST])
      const report = JSON.parse(await readFile(path.join(root, 'test-results/vitest.json'), 'utf8')) as VitestReport
      return { code: run.code, results: report.testResults.flatMap((file) => file.assertionResults) }
    }

    // No --root: the copy's own CLI writes into the checkout it runs from.
    const scaffold = await cli('new-migration', '--prefix', 'task', '--name', 'Add estimate_confidence', '--json')
    expect(scaffold.code, scaffold.stderr).toBe(0)
    const result = newMigrationResultSchema.parse(jsonOf(scaffold))
    expect(result.root).toBe(root)
    expect(result.created).toEqual([SCHEMA, MIGRATION, GENERATED_TEST])
    expect(result.steps).toHaveLength(4)
    for (const file of [...result.created, ...result.changed]) await expect(readFile(path.join(root, file), 'utf8')).resolves.toBeTruthy()

    // As generated, the code type-checks (the engine, the new files and index.ts that imports them) and lints.
    await writeFile(
      path.join(root, 'tsconfig.scaffold-check.json'),
      JSON.stringify({
        extends: './tsconfig.base.json',
        compilerOptions: { lib: ['ES2023'], types: ['node'], noEmit: true },
        files: [...result.created, ...result.changed]
      })
    )
    // Unfilled, the generated test fails: the transform is not implemented and the version is not bumped yet.
    const [tsc, lint, format, unfilled] = await Promise.all([
      runNode(root, 'node_modules/typescript/bin/tsc', ['-p', 'tsconfig.scaffold-check.json']),
      runNode(root, 'node_modules/eslint/bin/eslint.js', ['--max-warnings', '0', ...result.created, ...result.changed]),
      runNode(root, 'node_modules/prettier/bin/prettier.cjs', ['--check', ...result.created, ...result.changed]),
      vitest()
    ])
    expect(tsc.code, tsc.stdout).toBe(0)
    expect(lint.code, lint.stdout).toBe(0)
    // What it writes is already formatted as `npm run lint` checks it.
    expect(format.code, format.stdout).toBe(0)
    expect(unfilled.code).not.toBe(0)
    const byTitle = new Map(unfilled.results.map((test) => [test.title, test]))
    expect(byTitle.get('declares the step v2 → v3 for task: records')?.status).toBe('passed')
    expect(byTitle.get('is the version this build migrates to: CURRENT_SCHEMA_VERSION is at least 3')?.status).toBe('failed')
    const transformTests = unfilled.results.filter((test) => !/declares|CURRENT_SCHEMA_VERSION/.test(test.title))
    expect(transformTests).toHaveLength(3)
    for (const test of transformTests) {
      expect(test.status, test.title).toBe('failed')
      expect(test.failureMessages.join('\n'), test.title).toContain('Task v2 → v3 is not implemented yet')
    }

    // Version bumped but transform unfilled: a real migration of a store refuses and rolls back.
    await edit(CONSTANTS, (text) => text.replace('export const CURRENT_SCHEMA_VERSION = 2', 'export const CURRENT_SCHEMA_VERSION = 3'))
    const store = path.join(await temp.root(), 'store')
    await createDemoStore(store, { count: 20, version: 2 })
    const before = without(await snapshotDir(store), MIGRATION_HISTORY_KEY)
    const refused = await cli('migrate', store, '--json')
    expect(refused.code).toBe(1)
    expect(jsonOf<{ error: { code: string; message: string } }>(refused).error).toMatchObject({ code: 'MIGRATION_FAILED' })
    expect(refused.stdout).toContain('not implemented')
    expect(without(await snapshotDir(store), MIGRATION_HISTORY_KEY)).toEqual(before)

    // Fill in the field and the transform, as a developer would.
    await edit(SCHEMA, (text) =>
      text.replace(/^ {2}\/\/ TODO\(add-estimate-confidence\): declare the new field.*$/m, '  estimate_confidence: z.number().min(0).max(1).nullable(),')
    )
    await edit(MIGRATION, (text) =>
      text
        .replace("import { MeridianError } from '../../../shared/errors.ts'\n", '')
        .replace(
          /^ {2}\/\/ TODO\(add-estimate-confidence\): return[\s\S]*?\n {2}\}\n/m,
          '  transform: (task) => Object.assign({}, task, { schema_version: 3 as const, estimate_confidence: null })\n'
        )
    )

    const filled = await vitest()
    expect(filled.results.filter((test) => test.status !== 'passed')).toEqual([])
    expect(filled.results).toHaveLength(5)
    expect(filled.code).toBe(0)

    // And the registered step now migrates a real store to v3.
    const migrated = await cli('migrate', store, '--json')
    expect(migrated.code, migrated.stderr).toBe(0)
    const opened = await temp.open(store)
    expect(await opened.readVersion()).toBe(3)
    const tasks = await readTasks(opened.db)
    expect(tasks.size).toBe(20)
    for (const task of tasks.values()) expect(task).toMatchObject({ schema_version: 3, estimate_confidence: null })
  }, 180_000)

  it('refuses an unknown prefix with a JSON INVALID_INPUT error and exit 2, writing nothing', async () => {
    const root = await copyProject(await temp.root(), ['src/main/engine/support/constants.ts', 'src/main/engine/schemas', 'src/main/engine/migrations'])
    const run = await runCli(['new-migration', '--prefix', 'episode', '--name', 'Add mood', '--root', root, '--json'])
    expect(run.code).toBe(2)
    expect(jsonOf<{ error: { code: string; message: string } }>(run).error).toMatchObject({ code: 'INVALID_INPUT' })
    expect(run.stderr).toContain('Unknown --prefix "episode"')
  })

  it('says in its help that it writes source files into the checkout it runs from, or a module into the set --migrations names', async () => {
    const run = await runCli(['new-migration', '--help'])
    expect(run.code).toBe(0)
    const help = run.stdout.replace(/\s+/g, ' ')
    expect(help).toContain('developer command')
    expect(help).toContain('writes source files into the meridian-admin checkout it runs from')
    expect(help).toContain('--root <DIR>')
    expect(help).toContain('With --migrations DIR it writes one module into that migration set')
  })
})
