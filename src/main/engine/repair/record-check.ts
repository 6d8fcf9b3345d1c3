import { z } from 'zod'
import { MeridianError } from '../../../shared/errors.ts'
import { recordVersion } from '../../../shared/record-version.ts'
import type { RecordCheck, RecordProblem } from '../../../shared/repair.ts'
import { RecordMigrator } from '../migration/record-migrator.ts'
import type { MigrationRegistry } from '../migration/registry.ts'

/**
 * The two things a record is held to: its version's schema, and the chain to `target`, the version a migration
 * would bring it to (a record that would fail on the way is invalid too). One migrator per key prefix is kept, so
 * a scan of the whole store finds each chain once.
 */
export class RecordChecker {
  private readonly migrators = new Map<string, RecordMigrator>()

  constructor(
    readonly registry: MigrationRegistry,
    readonly target: number
  ) {}

  check(key: string, raw: Buffer): RecordCheck {
    return checkRecord(this, key, raw)
  }

  migratorFor(prefix: string): RecordMigrator {
    let migrator = this.migrators.get(prefix)
    if (!migrator) {
      migrator = new RecordMigrator(this.registry, prefix, this.target, 1)
      this.migrators.set(prefix, migrator)
    }
    return migrator
  }
}

const whole = (message: string): RecordProblem[] => [{ path: [], message }]

/** The key prefix of the migrations that cover `key`, if any. */
export function prefixOf(registry: MigrationRegistry, key: string): string | undefined {
  return registry.keyPrefixes.find((prefix) => key.startsWith(prefix))
}

/**
 * Checks one record as a migration would meet it, without writing: parsed as JSON, an object, a version, every
 * zod issue of its version's schema (path and message, not only the first), then the steps to `target`.
 * Pure apart from the registry's caches.
 */
function checkRecord(rules: RecordChecker, key: string, raw: Buffer): RecordCheck {
  const prefix = prefixOf(rules.registry, key)
  let value: unknown
  try {
    value = JSON.parse(raw.toString('utf8'))
  } catch {
    return prefix === undefined ? unchecked(key, null) : invalid(key, null, whole('not valid JSON'))
  }
  const object = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as { schema_version?: unknown }) : null
  const version = object ? recordVersion(object) : null
  if (prefix === undefined) return unchecked(key, version)
  if (!object) return invalid(key, null, whole('not a JSON object'))
  if (version === null) {
    const found = object.schema_version
    return invalid(key, null, [{ path: ['schema_version'], message: `must be a whole number from 1, found ${JSON.stringify(found)}` }])
  }
  const schema = rules.registry.schemaFor(prefix, version)
  if (!(schema instanceof z.ZodType)) return unchecked(key, version)
  const parsed = schema.safeParse(value)
  if (!parsed.success) {
    return invalid(
      key,
      version,
      parsed.error.issues.map((issue) => ({ path: issue.path.map((part) => (typeof part === 'number' ? part : String(part))), message: issue.message }))
    )
  }
  if (version < rules.target) {
    try {
      rules.migratorFor(prefix).migrate(key, raw)
    } catch (error) {
      if (!(error instanceof MeridianError)) throw error
      return invalid(key, version, whole(`would not migrate to v${rules.target}: ${error.message}`))
    }
  }
  return { key, status: 'valid', version, problems: [] }
}

function invalid(key: string, version: number | null, problems: RecordProblem[]): RecordCheck {
  return { key, status: 'invalid', version, problems }
}

function unchecked(key: string, version: number | null): RecordCheck {
  return { key, status: 'unchecked', version, problems: [] }
}
