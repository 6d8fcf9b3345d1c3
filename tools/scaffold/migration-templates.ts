import path from 'node:path'
import { MeridianError } from '../../src/shared/errors.ts'
import type { MigrationNames, StepNames } from './migration-names.ts'
import { schemaTypeName } from './migration-names.ts'
import { TREE, type SchemaChain } from './project-tree.ts'

/** One step being scaffolded: the chain it extends, what it is called, and its identifiers. */
export interface StepPlan {
  chain: SchemaChain
  names: MigrationNames
  ids: StepNames
  from: number
  to: number
}

const todo = (plan: StepPlan): string => `TODO(${plan.names.slug})`
const stepLabel = (plan: StepPlan): string => `${plan.chain.recordType} v${plan.from} → v${plan.to}`
export const migrationTitle = (plan: StepPlan): string => `${stepLabel(plan)}: ${plan.names.title}`

/**
 * The next schema: the previous schema file as it is, renamed to v`to`, with `schema_version` bumped, a new doc
 * comment and a TODO where the new field goes. INVALID_INPUT when the previous file does not have the shape the
 * edit relies on (then there is nothing safe to derive from).
 */
export function schemaSource(plan: StepPlan): string {
  const { chain, ids, from, to } = plan
  const fromType = schemaTypeName(chain.prefix, from)
  const source = `${TREE.schemas}/${chain.prefix}-v${from}.ts`
  const declaration = new RegExp(`^export const ${ids.fromSchema} = z\\.(looseObject|object|strictObject)\\(\\{$`, 'm')
  const version = new RegExp(`^([ \\t]*)schema_version: z\\.literal\\(${from}\\)(\\.optional\\(\\))?,[ \\t]*$`, 'm')
  const typeExport = new RegExp(`^export type ${fromType} = z\\.infer<typeof ${ids.fromSchema}>`, 'm')
  if (!declaration.test(chain.latestSchemaText) || !version.test(chain.latestSchemaText) || !typeExport.test(chain.latestSchemaText)) {
    throw new MeridianError(
      'INVALID_INPUT',
      `Cannot derive v${to} from ${source}: it must declare "export const ${ids.fromSchema} = z.looseObject({" with a "schema_version: z.literal(${from})," line and "export type ${fromType} = z.infer<typeof ${ids.fromSchema}>"`
    )
  }
  const docComment = `/** ${chain.recordType} v${to}: ${plan.names.title}. ${todo(plan)}: say what changed and why. */\n`
  return chain.latestSchemaText
    .replace(new RegExp(`(?:/\\*\\*(?:(?!\\*/)[\\s\\S])*\\*/\\n)?(?=export const ${ids.fromSchema} =)`), docComment)
    .replace(
      version,
      (_line, indent: string) =>
        `${indent}schema_version: z.literal(${to}),\n${indent}// ${todo(plan)}: declare the new field here, e.g. \`${plan.names.fieldHint}: z.number().nullable(),\``
    )
    .replaceAll(new RegExp(`\\b${ids.fromSchema}\\b`, 'g'), ids.toSchema)
    .replaceAll(new RegExp(`\\b${fromType}\\b`, 'g'), ids.toType)
}

/**
 * The migration, in the style of task-v2-to-v3.ts, whose transform refuses to run until it is written: a step
 * registered half-done fails loudly (MIGRATION_FAILED, rolled back) instead of writing records unchanged.
 */
export function migrationSource(plan: StepPlan): string {
  const { chain, ids, from, to } = plan
  const file = `${TREE.migrations}/${ids.migrationFile}`
  return `import { MeridianError } from '../../../shared/errors.ts'
import { defineMigration } from '../migration/migration.ts'
import { ${ids.fromSchema} } from '../schemas/${chain.prefix}-v${from}.ts'
import { ${ids.toSchema} } from '../schemas/${ids.schemaFile}'

/** ${todo(plan)}: say in a line why records change${chain.previousUp ? ` (see ${chain.previousUp})` : ''}. */
export const ${ids.migration} = defineMigration({
  from: ${from},
  to: ${to},
  name: '${migrationTitle(plan)}',
  keyPrefix: '${chain.keyPrefix}',
  recordType: '${chain.recordType}',
  fromSchema: ${ids.fromSchema},
  toSchema: ${ids.toSchema},
  // ${todo(plan)}: return the v${to} record built from the v${from} one, without mutating it, e.g.
  //   transform: (record) => withFields(record, { schema_version: ${to} as const, ${plan.names.fieldHint}: null })
  // (withFields from ./record-fields.ts, not a spread or Object.assign: see that file), then import withFields and
  // delete the MeridianError import.
  transform: (_record) => {
    throw new MeridianError('MIGRATION_FAILED', '${stepLabel(plan)} is not implemented yet: write its transform in ${file}')
  }
})
`
}

/** The sample record: the previous version's test fixture when there is one, else a stub to fill in. */
function sampleImport(plan: StepPlan): { imports: string; stub: string } {
  const { chain, ids } = plan
  if (chain.fixture) {
    const relative = path.posix.relative(TREE.migrationTests, chain.fixture.file)
    return { imports: `import { ${ids.fromFixture} } from '${relative}'\n`, stub: '' }
  }
  const stub = `
/** A valid ${chain.recordType} v${plan.from}. ${todo(plan)}: fill in every field ${ids.fromSchema} requires (no fixture was found in ${TREE.fixtures}). */
function ${ids.fromFixture}(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { schema_version: ${plan.from}, ...overrides }
}
`
  return { imports: '', stub }
}

/** The test: the step declared, a sample of the previous version migrated into a valid record, nothing else lost. */
export function testSource(plan: StepPlan): string {
  const { chain, ids, from, to } = plan
  const src = '../../../../src/main/engine'
  const sample = sampleImport(plan)
  const key = `${chain.keyPrefix}${chain.prefix}-1`
  return `import { describe, expect, it } from 'vitest'
import { CURRENT_SCHEMA_VERSION } from '${src}/support/constants.ts'
import { ${ids.migration} } from '${src}/migrations/${ids.migrationFile}'
import { ${ids.toSchema} } from '${src}/schemas/${ids.schemaFile}'
${sample.imports}
const KEY = '${key}'

/** The fields this step may change; every other field must come through untouched. ${todo(plan)}: add those it renames or removes. */
const CHANGED_FIELDS = new Set(['schema_version'])
${sample.stub}
describe('${stepLabel(plan)}', () => {
  it('declares the step v${from} → v${to} for ${chain.keyPrefix} records', () => {
    expect(${ids.migration}).toMatchObject({ from: ${from}, to: ${to}, keyPrefix: '${chain.keyPrefix}', recordType: '${chain.recordType}' })
  })

  it('is the version this build migrates to: CURRENT_SCHEMA_VERSION is at least ${to}', () => {
    expect(CURRENT_SCHEMA_VERSION).toBeGreaterThanOrEqual(${to})
  })

  it('turns a sample v${from} record into one the v${to} schema accepts, with schema_version ${to}', () => {
    const output = ${ids.migration}.migrateItem(KEY, ${ids.fromFixture}())
    expect(${ids.toSchema}.safeParse(output).error).toBeUndefined()
    expect(output.schema_version).toBe(${to})
  })

  it('keeps every other field, unknown extra fields included', () => {
    const input = ${ids.fromFixture}({ x_custom: { kept: [1, 2] } })
    const output = ${ids.migration}.migrateItem(KEY, input)
    for (const [field, value] of Object.entries(input)) if (!CHANGED_FIELDS.has(field)) expect(output[field], field).toEqual(value)
  })

  it('does not mutate its input', () => {
    const input = ${ids.fromFixture}()
    const copy = structuredClone(input)
    ${ids.migration}.migrateItem(KEY, input)
    expect(input).toEqual(copy)
  })

  // ${todo(plan)}: test what ${plan.names.fieldHint} holds after the step, for each case that matters (absent, null, edge values).
})
`
}
