import { z } from 'zod'
import { MeridianError } from '../../src/shared/errors.ts'

/**
 * What `--name` becomes. The title goes into the migration's `name` and the schema's doc comment; the slug tags
 * every TODO the scaffold leaves (`TODO(add-estimate-confidence)`), so one grep finds them all; the field is only
 * a hint in those TODOs (`estimate_confidence`).
 */
export interface MigrationNames {
  title: string
  slug: string
  fieldHint: string
}

/**
 * Letters, digits, spaces and a little punctuation: the title lands inside a single-quoted TypeScript string and
 * a block comment, so quotes, backslashes, backticks and `*` are kept out rather than escaped.
 */
const titleSchema = z
  .string()
  .transform((text) => text.trim().replace(/\s+/g, ' '))
  .pipe(
    z
      .string()
      .min(3, 'at least 3 characters')
      .max(80, 'at most 80 characters')
      .regex(/^[A-Za-z][A-Za-z0-9 _\-.,()/]*$/, 'a short phrase of letters, digits, spaces and _ - . , ( ) /, starting with a letter')
      .regex(/[A-Za-z0-9]{2}/, 'a phrase with at least one word')
  )

/** Leading verbs that say what the step does rather than what it is about. */
const VERBS = new Set(['add', 'adds', 'rename', 'replace', 'remove', 'drop', 'change', 'track', 'split', 'merge', 'introduce', 'store'])

const words = (title: string): string[] => title.split(/[^A-Za-z0-9_]+/).filter((word) => word.length > 0)

/** `Add estimate_confidence` → `add-estimate-confidence`. */
export function slugOf(title: string): string {
  return words(title)
    .flatMap((word) => word.split('_'))
    .filter((word) => word.length > 0)
    .map((word) => word.toLowerCase())
    .join('-')
}

/**
 * The record field the title is most likely about: its last snake_case word (`Replace spec_ref with spec_refs` →
 * `spec_refs`), else the words after a leading verb, in snake_case (`Add priority score` → `priority_score`).
 */
export function fieldHintOf(title: string): string {
  const all = words(title)
  const snake = all.filter((word) => /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/.test(word))
  if (snake.length > 0) return snake[snake.length - 1] as string
  const rest = all.length > 1 && VERBS.has(all[0]?.toLowerCase() ?? '') ? all.slice(1) : all
  const field = rest
    .map((word) => word.toLowerCase())
    .join('_')
    .replace(/^[^a-z]+/, '')
  return field.length > 0 ? field : 'new_field'
}

/** Parses `--name`; INVALID_INPUT naming the option and what it must look like. */
export function parseMigrationName(raw: string): MigrationNames {
  const result = titleSchema.safeParse(raw)
  if (!result.success) {
    const expected = result.error.issues[0]?.message ?? 'a short phrase'
    throw new MeridianError('INVALID_INPUT', `Invalid value for --name: ${JSON.stringify(raw)} (expected ${expected})`)
  }
  const title = result.data
  return { title, slug: slugOf(title), fieldHint: fieldHintOf(title) }
}

/** A record type's file prefix: `task` (as in `schemas/task-v3.ts`). Lowercase letters and digits only. */
const prefixSchema = z
  .string()
  .trim()
  .transform((text) => text.replace(/:$/, ''))
  .pipe(z.string().regex(/^[a-z][a-z0-9]{0,30}$/, 'a record type such as task (lowercase letters and digits)'))

export function parsePrefix(raw: string): string {
  const result = prefixSchema.safeParse(raw)
  if (!result.success) {
    const expected = result.error.issues[0]?.message ?? 'a record type'
    throw new MeridianError('INVALID_INPUT', `Invalid value for --prefix: ${JSON.stringify(raw)} (expected ${expected})`)
  }
  return result.data
}

/** The identifiers and file names of one version step, in the style of the existing files. */
export interface StepNames {
  /** `task-v4.ts` */
  schemaFile: string
  /** `task-v3-to-v4.ts` */
  migrationFile: string
  /** `task-v3-to-v4.test.ts` */
  testFile: string
  /** `taskV3Schema` */
  fromSchema: string
  /** `taskV4Schema` */
  toSchema: string
  /** `TaskV4` */
  toType: string
  /** `taskV3ToV4` */
  migration: string
  /** `taskV3`: the test fixture that builds a sample record of the previous version. */
  fromFixture: string
}

export function stepNames(prefix: string, from: number, to: number): StepNames {
  const Prefix = prefix.charAt(0).toUpperCase() + prefix.slice(1)
  return {
    schemaFile: `${prefix}-v${to}.ts`,
    migrationFile: `${prefix}-v${from}-to-v${to}.ts`,
    testFile: `${prefix}-v${from}-to-v${to}.test.ts`,
    fromSchema: `${prefix}V${from}Schema`,
    toSchema: `${prefix}V${to}Schema`,
    toType: `${Prefix}V${to}`,
    migration: `${prefix}V${from}ToV${to}`,
    fromFixture: `${prefix}V${from}`
  }
}

/** The type name of version `version` (`TaskV3`), as the existing schema files export it. */
export const schemaTypeName = (prefix: string, version: number): string => `${prefix.charAt(0).toUpperCase()}${prefix.slice(1)}V${version}`
