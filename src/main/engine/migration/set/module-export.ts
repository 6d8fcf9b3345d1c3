import { z } from 'zod'
import type { Migration } from '../migration.ts'
import type { MigrationKit } from './migration-kit.ts'

const isFunction = (value: unknown): boolean => typeof value === 'function'

/** What a migration module's default export must be: a function of the kit. */
export const migrationFactorySchema = z.custom<(kit: MigrationKit) => unknown>(isFunction, {
  message: 'the default export must be a function (kit) => [migrations]'
})

/** The module as `import()` returns it. */
export const migrationModuleSchema = z.object({ default: migrationFactorySchema })

/**
 * One migration as `kit.defineMigration` returns it. Checked here as data, so a module that hand-writes an object
 * or forgets a field is named with the field, before the registry sees it.
 */
const migrationSchema = z.object({
  from: z.number().int().min(1),
  to: z.number().int().min(1),
  name: z.string().min(1),
  keyPrefix: z.string().min(1),
  recordType: z.string().min(1),
  migrateItem: z.custom<Migration['migrateItem']>(isFunction, { message: 'migrateItem must be a function: make migrations with kit.defineMigration' }),
  fromSchema: z.custom<z.ZodType>((value) => value instanceof z.ZodType, { message: 'fromSchema must be a zod schema built with kit.z' }),
  toSchema: z.custom<z.ZodType>((value) => value instanceof z.ZodType, { message: 'toSchema must be a zod schema built with kit.z' }),
  lossOf: z.custom<NonNullable<Migration['lossOf']>>(isFunction, { message: 'lossOf must be a function' }).optional()
})

/** What the factory returns: at least one migration. */
export const migrationListSchema = z.array(migrationSchema, { error: 'the default export must return an array of migrations' }).min(1, {
  message: 'the default export returned no migrations'
})

/** Where the first issue of a failed parse is and what it says, e.g. `[1].toSchema: toSchema must be …`. */
export function describeExportIssue(error: z.ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'invalid export'
  const where = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('')
  return where ? `${where.replace(/^\./, '')}: ${issue.message}` : issue.message
}
