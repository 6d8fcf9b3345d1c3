import { existsSync } from 'node:fs'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { MeridianError } from '../../src/shared/errors.ts'
import type { NewMigrationResult } from '../../src/shared/scaffold.ts'
import { toIoError } from '../../src/main/engine/index.ts'
import { parseMigrationName, parsePrefix, stepNames } from './migration-names.ts'
import { migrationSource, migrationTitle, schemaSource, testSource, type StepPlan } from './migration-templates.ts'
import { inTree, readSchemaChain, TREE } from './project-tree.ts'
import { addRegistration } from './registration-edit.ts'

export interface NewMigrationRequest {
  /** The checkout to write into. */
  root: string
  /** `--prefix` as typed (`task` or `task:`). */
  prefix: string
  /** `--name` as typed. */
  name: string
}

/** What the developer still has to do, in order; printed by the CLI. */
function stepsLeft(plan: StepPlan, files: NewMigrationResult['files']): string[] {
  const { chain, from, to } = plan
  const tag = `TODO(${plan.names.slug})`
  return [
    `Bump CURRENT_SCHEMA_VERSION to ${to} in ${TREE.constants} (the generated test checks it).`,
    `Declare the new field in ${files.schema} and write the transform in ${files.migration}: until then the step throws "not implemented" (MIGRATION_FAILED) wherever it runs. grep -rn "${tag}" src test lists every spot.`,
    `If downgrades must work, add ${TREE.migrations}/${chain.prefix}-v${to}-to-v${from}.ts with its lossOf${chain.previousDown ? ` (like ${chain.previousDown})` : ''} and list it in downMigrations in ${files.registry}.`,
    `Run the tests: npx vitest run --project unit ${files.test}, then npm run typecheck && npm run lint.`
  ]
}

/**
 * Writes files that must not exist yet, then swaps in the edited registry by rename, so index.ts is either old or
 * new. If anything fails, what was written (and any folder made for it) is removed: all or nothing.
 */
async function writeAll(root: string, created: ReadonlyArray<readonly [string, string]>, registry: readonly [string, string]): Promise<void> {
  const undo: string[] = []
  let doing = ''
  try {
    for (const [relative, text] of created) {
      doing = `write ${relative}`
      const file = inTree(root, relative)
      const madeDir = await mkdir(path.dirname(file), { recursive: true })
      if (madeDir) undo.push(madeDir)
      await writeFile(file, text, { flag: 'wx' })
      undo.push(file)
    }
    doing = `update ${registry[0]}`
    const file = inTree(root, registry[0])
    const temp = path.join(path.dirname(file), `.${path.basename(file)}.new-migration.tmp`)
    await writeFile(temp, registry[1], { flag: 'wx' })
    undo.push(temp)
    await rename(temp, file)
  } catch (error) {
    for (const written of undo.reverse()) await rm(written, { recursive: true, force: true }).catch(() => undefined)
    throw toIoError(error, `${doing} (nothing was left written)`)
  }
}

/**
 * `new-migration`: scaffolds the next version of a record type — schema, migration, registration and test — in
 * the checkout at `root`. Every check runs before the first write; bad input is INVALID_INPUT with nothing written.
 */
export async function newMigration(request: NewMigrationRequest): Promise<NewMigrationResult> {
  const prefix = parsePrefix(request.prefix)
  const names = parseMigrationName(request.name)
  const root = path.resolve(request.root)
  const chain = await readSchemaChain(root, prefix)
  const from = chain.latest
  const to = from + 1
  const ids = stepNames(prefix, from, to)
  const plan: StepPlan = { chain, names, ids, from, to }
  const files = {
    schema: `${TREE.schemas}/${ids.schemaFile}`,
    migration: `${TREE.migrations}/${ids.migrationFile}`,
    test: `${TREE.migrationTests}/${ids.testFile}`,
    registry: TREE.registry
  }

  for (const relative of [files.schema, files.migration, files.test]) {
    if (existsSync(inTree(root, relative))) {
      throw new MeridianError('INVALID_INPUT', `${relative} already exists: new-migration never overwrites a file (remove it, or finish that step by hand)`)
    }
  }
  const registryPath = inTree(root, files.registry)
  if (!existsSync(registryPath)) throw new MeridianError('INVALID_INPUT', `${files.registry} does not exist under ${root} (check --root)`)
  const registry = addRegistration(
    await readFile(registryPath, 'utf8'),
    { identifier: ids.migration, modulePath: `./${ids.migrationFile}`, step: `${chain.recordType} v${from} → v${to}` },
    files.registry
  )
  const created = [
    [files.schema, schemaSource(plan)],
    [files.migration, migrationSource(plan)],
    [files.test, testSource(plan)]
  ] as const

  await writeAll(root, created, [files.registry, registry])
  return {
    root,
    prefix,
    from,
    to,
    name: migrationTitle(plan),
    todoTag: `TODO(${names.slug})`,
    files,
    created: created.map(([relative]) => relative),
    changed: [files.registry],
    steps: stepsLeft(plan, files)
  }
}
