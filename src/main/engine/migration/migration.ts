import type { z } from 'zod'
import { MeridianError } from '../../../shared/errors.ts'
import { compileSchemaPredicate } from './predicate/schema-predicate.ts'

/**
 * One step of a record type's evolution, as the seed's `Migration` trait: from, to, name, key prefix and a
 * per-item transform. `migrateItem` takes the parsed record and returns the new one; it validates its input
 * against the from-schema and its output against the to-schema, and throws a MIGRATION_FAILED error naming the
 * key, the version and the field path when either does not hold.
 */
export interface Migration {
  readonly from: number
  readonly to: number
  readonly name: string
  /** Records under this key prefix (e.g. `task:`) are this migration's to transform. */
  readonly keyPrefix: string
  /** What the record type is called in messages ("Task"). */
  readonly recordType: string
  /**
   * `inputChecked`: the caller vouches that `value` already passed this migration's from-schema (it is the
   * output of a step whose to-schema is the same object), so a fused chain checks each shape once.
   */
  migrateItem(key: string, value: unknown, inputChecked?: boolean): Record<string, unknown>
  /** The schemas it checks against, by identity, so a chain can tell when one step's output is the next's input. */
  readonly fromSchema: unknown
  readonly toSchema: unknown
  /**
   * What a record (valid against the from-schema) loses in this step, one phrase per field, e.g. "depends_on:
   * 3 ids" going down or "timeout_hours: 4.5 (not a u32)" going up; empty when nothing but defaults would go.
   * Pure. A chain with any step that has one refuses a loss (DATA_LOSS_REFUSED): a downgrade before it writes, an
   * upgrade from within its pass (see checkDataLoss).
   */
  readonly lossOf?: (record: Record<string, unknown>) => string[]
  /** Steps that fill fields in: per field, whether a record kept its value, got the default or lost one. */
  readonly fieldReport?: FieldReport<Record<string, unknown>>
}

/**
 * What became of one field a step writes: the record's own value `kept`, the default `defaulted` in (the field
 * was absent), or a value the new version cannot hold replaced by the default: `lost`.
 */
export type FieldFate = 'kept' | 'defaulted' | 'lost'

export interface FieldReport<R> {
  /** The fields reported on, in the order reports list them. */
  readonly fields: readonly string[]
  /** Pure and allocation-free: it runs for every field of every record. */
  fateOf(record: R, field: string): FieldFate
}

export interface MigrationDefinition<From extends z.ZodType, To extends z.ZodType> {
  from: number
  to: number
  name: string
  keyPrefix: string
  recordType: string
  fromSchema: From
  toSchema: To
  /** Pure: must not mutate its input. */
  transform: (record: z.infer<From>, key: string) => z.input<To>
  /** What `record` loses (see Migration.lossOf): every downgrade has one, and an upgrade that may replace values. */
  lossOf?: (record: z.infer<From>) => string[]
  fieldReport?: FieldReport<z.infer<From>>
}

/** Formats the first issue of a failed parse as `field.path: message`, the way a person reads it. */
export function describeSchemaIssue(error: z.ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'invalid value'
  const path = issue.path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`)).join('')
  return `${path || '(record)'}: ${issue.message}`
}

export function defineMigration<From extends z.ZodType, To extends z.ZodType>(definition: MigrationDefinition<From, To>): Migration {
  const { from, to, recordType, fromSchema, toSchema, transform } = definition
  // A compiled check answers for valid records; zod still decides (and words the message) for any it rejects.
  const fromHolds = compileSchemaPredicate(fromSchema) ?? (() => false)
  const toHolds = compileSchemaPredicate(toSchema) ?? (() => false)
  // A transform that throws something other than our error (a set module's `throw new Error(…)`, a TypeError) is
  // this record failing this step: MIGRATION_FAILED naming both, not INTERNAL, nor IO_ERROR once a pass wraps it.
  const runTransform = (value: z.infer<From>, key: string): z.input<To> => {
    try {
      return transform(value, key)
    } catch (error) {
      if (error instanceof MeridianError) throw error
      const message = error instanceof Error ? error.message : String(error)
      throw new MeridianError('MIGRATION_FAILED', `${definition.name}: its transform threw: ${message} (key ${key})`, { cause: error })
    }
  }
  return {
    from,
    to,
    name: definition.name,
    keyPrefix: definition.keyPrefix,
    recordType,
    fromSchema,
    toSchema,
    ...(definition.lossOf ? { lossOf: definition.lossOf as (record: Record<string, unknown>) => string[] } : {}),
    ...(definition.fieldReport ? { fieldReport: definition.fieldReport as FieldReport<Record<string, unknown>> } : {}),
    migrateItem(key, value, inputChecked = false) {
      const input = inputChecked || fromHolds(value) ? null : fromSchema.safeParse(value)
      if (input && !input.success) {
        throw new MeridianError('MIGRATION_FAILED', `Failed to deserialize ${recordType} v${from}: ${describeSchemaIssue(input.error)} (key ${key})`)
      }
      // Schemas here only validate (no transforms or defaults), so the transform's own object is passed on rather
      // than zod's copy of it.
      const migrated = runTransform(value as z.infer<From>, key)
      const output = toHolds(migrated) ? null : toSchema.safeParse(migrated)
      if (output && !output.success) {
        throw new MeridianError('MIGRATION_FAILED', `Migration produced an invalid ${recordType} v${to}: ${describeSchemaIssue(output.error)} (key ${key})`)
      }
      return migrated as Record<string, unknown>
    }
  }
}
