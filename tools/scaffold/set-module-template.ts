import type { MigrationNames } from './migration-names.ts'

/** One step being written into a migration set: the record type it extends, from which version, and names. */
export interface SetStepPlan {
  names: MigrationNames
  /** `task` */
  prefix: string
  /** `task:` */
  keyPrefix: string
  /** `Task`, as the migration that reaches v`from` declares it. */
  recordType: string
  from: number
  to: number
  /** `task-v3-to-v4.ts` */
  file: string
  /** How the module imports the kit's type from where it is written (erased at run time). */
  kitTypeImport: string
}

const todo = (plan: SetStepPlan): string => `TODO(${plan.names.slug})`
export const setStepLabel = (plan: SetStepPlan): string => `${plan.recordType} v${plan.from} → v${plan.to}`
export const setStepTitle = (plan: SetStepPlan): string => `${setStepLabel(plan)}: ${plan.names.title}`

/**
 * A set module in the style of examples/migrations/spec-refs/task-v2-to-v3.ts: it needs nothing but the kit. The
 * new schema extends the one the set (or the built-in set) reaches v`from` with, through `kit.schemaFor`; the
 * transform throws until it is written, so a half-done step fails loudly (MIGRATION_FAILED, rolled back) instead
 * of writing records unchanged.
 */
export function setModuleSource(plan: SetStepPlan): string {
  const { prefix, keyPrefix, recordType, from, to, names } = plan
  const fromSchema = `${prefix}V${from}Schema`
  const toSchema = `${prefix}V${to}Schema`
  return `// A migration set's module, written by \`meridian-admin new-migration\`. It imports nothing at run time (the type
// import below is erased), so the folder works wherever it is on disk: everything comes from the kit the loader
// passes in. The import only gives editors and tsc the kit's types; fix its path if the folder moves.
import type { MigrationKit } from '${plan.kitTypeImport}'

/** ${recordType} v${from}, as the module (or built-in step) that reaches it declares it: what this step starts from. */
export function ${fromSchema}(kit: MigrationKit) {
  const schema = kit.schemaFor('${keyPrefix}', ${from})
  if (!(schema instanceof kit.z.ZodObject)) throw new Error('${recordType} v${from} is not an object schema: write ${recordType} v${to} by hand')
  return schema
}

/** ${recordType} v${to}: ${names.title}. ${todo(plan)}: say what changed and why. */
export function ${toSchema}(kit: MigrationKit) {
  const { z } = kit
  return ${fromSchema}(kit).extend({
    schema_version: z.literal(${to}),
    // ${todo(plan)}: declare the new field here, e.g. \`${names.fieldHint}: z.number().nullable(),\`
  })
}

/** ${setStepTitle(plan)}. ${todo(plan)}: say in a line why records change. */
export default function ${prefix}V${from}ToV${to}(kit: MigrationKit) {
  const { defineMigration } = kit
  const up = defineMigration({
    from: ${from},
    to: ${to},
    name: '${setStepTitle(plan)}',
    keyPrefix: '${keyPrefix}',
    recordType: '${recordType}',
    fromSchema: ${fromSchema}(kit),
    toSchema: ${toSchema}(kit),
    // ${todo(plan)}: return the v${to} record built from the v${from} one, without mutating it, e.g.
    //   transform: (record) => kit.withFields(record, { schema_version: ${to} as const, ${names.fieldHint}: null })
    // (withFields rather than a spread or Object.assign: its objects keep one fast V8 shape).
    transform: (_record) => {
      throw new Error('${setStepLabel(plan)} is not implemented yet: write its transform in ${plan.file}')
    }
  })
  return [up]
}
`
}
