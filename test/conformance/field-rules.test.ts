import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { meridianMigrationHistorySchema, meridianMigrationResultSchema, meridianSchemaVersionSchema } from '../../src/main/engine/schemas/migration-result.ts'
import { taskEpisodeSchema } from '../../src/main/engine/schemas/task-episode.ts'
import { taskV1Schema } from '../../src/main/engine/schemas/task-v1.ts'
import { meridianTaskSchema } from '../../src/main/engine/schemas/meridian-task.ts'
import { compileSchemaPredicate } from '../../src/main/engine/migration/predicate/schema-predicate.ts'
import { buildMeridianRules, CASES_FILE, meridianRulesUnavailable, runMeridianRules, type CasesReport } from './meridian-rules.ts'

/** cases.json: one valid base record per type, and cases that each change one field of it. */
const caseSchema = z.object({
  type: z.enum(['task', 'task_v1', 'episode', 'migration_result', 'migration_history', 'schema_version']),
  path: z.array(z.union([z.string(), z.number().int().nonnegative()])),
  value: z.unknown().optional(),
  absent: z.boolean().optional(),
  accepts: z.boolean(),
  rule: z.string()
})
const casesFileSchema = z.object({ bases: z.record(z.string(), z.unknown()), cases: z.array(caseSchema) })
type Case = z.infer<typeof caseSchema>

const file = casesFileSchema.parse(JSON.parse(readFileSync(CASES_FILE, 'utf8')))

/** Our schema for each of Meridian's record types. */
const ours: Record<Case['type'], z.ZodType> = {
  task: meridianTaskSchema,
  task_v1: taskV1Schema,
  episode: taskEpisodeSchema,
  migration_result: meridianMigrationResultSchema,
  migration_history: meridianMigrationHistorySchema,
  schema_version: meridianSchemaVersionSchema
}

/** The base record with the case applied, as meridian-rules/src/cases.rs builds it. */
function build(testCase: Case): unknown {
  if (testCase.path.length === 0) return testCase.value
  const record = structuredClone(file.bases[testCase.type]) as Record<string | number, unknown>
  let at: Record<string | number, unknown> = record
  for (const step of testCase.path.slice(0, -1)) at = at[step] as Record<string | number, unknown>
  const field = testCase.path.at(-1) as string
  if (testCase.absent) delete at[field]
  else at[field] = testCase.value ?? null
  return record
}

const describeCase = (c: Case): string => `${c.type}.${c.path.join('.') || '(value)'} = ${c.absent ? '(absent)' : JSON.stringify(c.value ?? null)}`

describe('the field rules of Meridian’s serde (cases.json)', () => {
  it('cover every record type, both answers, and absent fields', () => {
    expect(file.cases.length).toBeGreaterThan(300)
    for (const type of Object.keys(ours)) {
      const ofType = file.cases.filter((c) => c.type === type)
      expect(
        ofType.some((c) => c.accepts),
        type
      ).toBe(true)
      expect(
        ofType.some((c) => !c.accepts),
        type
      ).toBe(true)
    }
    expect(file.cases.filter((c) => c.absent).length).toBeGreaterThan(50)
  })

  it('our zod schemas accept exactly the cases Meridian accepts and reject the rest', () => {
    const disagreements = file.cases
      .filter((c) => ours[c.type].safeParse(build(c)).success !== c.accepts)
      .map((c) => `${describeCase(c)}: Meridian ${c.accepts ? 'accepts' : 'rejects'} (${c.rule})`)
    expect(disagreements).toEqual([])
  })

  it('the compiled predicates give the same answers (the migration hot path does not fall back to zod)', () => {
    for (const type of ['task', 'task_v1', 'episode', 'migration_result'] as const) {
      const holds = compileSchemaPredicate(ours[type])
      expect(holds, type).not.toBeNull()
      for (const c of file.cases.filter((x) => x.type === type)) expect(holds!(build(c)), describeCase(c)).toBe(c.accepts)
    }
  })

  describe.skipIf(meridianRulesUnavailable !== null)(
    `through Meridian’s own serde types (meridian-rules)${meridianRulesUnavailable ? ` (skipped: ${meridianRulesUnavailable})` : ''}`,
    () => {
      it('Rust accepts exactly the cases cases.json says it accepts', async () => {
        await buildMeridianRules()
        const { code, report } = await runMeridianRules<CasesReport>('cases', CASES_FILE)
        expect(report.disagreements).toEqual([])
        expect(report.cases).toBe(file.cases.length)
        expect(code).toBe(0)
      }, 600_000)
    }
  )
})
