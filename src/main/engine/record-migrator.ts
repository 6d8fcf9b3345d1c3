import { MeridianError } from '../../shared/errors.ts'
import type { Migration } from './migration.ts'
import type { MigrationRegistry } from './registry.ts'

export type RecordOutcome =
  | { kind: 'unchanged' }
  | { kind: 'migrated'; before: Record<string, unknown>; after: Record<string, unknown>; value: Buffer; applied: readonly Migration[]; loses: string[] }

/** A record's own version: `schema_version`, or 1 when absent (the seed's doc; its code snippet got this wrong). */
export function recordVersion(key: string, record: Record<string, unknown>): number {
  const version = record.schema_version
  if (version === undefined) return 1
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new MeridianError(
      'MIGRATION_FAILED',
      `schema_version must be a whole number from 1, found ${JSON.stringify(version)} (key ${key})`
    )
  }
  return version
}

/**
 * Moves single records of one key prefix from their own version to the target, applying every step in memory
 * (a v1 record reaches v3 in one read and one write). Pure apart from a cache of chains per starting version.
 */
export class RecordMigrator {
  private readonly chains = new Map<number, readonly Migration[]>()

  constructor(
    private readonly registry: MigrationRegistry,
    readonly keyPrefix: string,
    readonly target: number,
    /** Upgrades leave records already at or above the target alone; downgrades, those at or below it. */
    private readonly direction: 1 | -1
  ) {}

  private chainFrom(version: number, key: string): readonly Migration[] {
    let chain = this.chains.get(version)
    if (!chain) {
      const steps = this.registry.findPath(version, this.target)
      chain = steps.map((step) => {
        const migration = step.migrations.find((m) => m.keyPrefix === this.keyPrefix)
        if (!migration) {
          throw new MeridianError(
            'MIGRATION_PATH_MISSING',
            `No migration for "${this.keyPrefix}" records from v${step.from} to v${step.to} (key ${key})`
          )
        }
        return migration
      })
      this.chains.set(version, chain)
    }
    return chain
  }

  migrate(key: string, raw: Buffer): RecordOutcome {
    let record: unknown
    try {
      record = JSON.parse(raw.toString('utf8'))
    } catch {
      throw new MeridianError('MIGRATION_FAILED', `Record is not valid JSON (key ${key})`)
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      throw new MeridianError('MIGRATION_FAILED', `Record is not a JSON object (key ${key})`)
    }
    const before = record as Record<string, unknown>
    const version = recordVersion(key, before)
    if ((this.direction > 0 && version >= this.target) || (this.direction < 0 && version <= this.target)) {
      return { kind: 'unchanged' }
    }
    const applied = this.chainFrom(version, key)
    let after = before
    let checkedAgainst: unknown = null
    const loses: string[] = []
    for (const migration of applied) {
      const input = after
      after = migration.migrateItem(key, input, checkedAgainst === migration.fromSchema)
      // After migrateItem, so the input has passed the from-schema that lossOf relies on.
      if (migration.lossOf) loses.push(...migration.lossOf(input))
      checkedAgainst = migration.toSchema
    }
    return { kind: 'migrated', before, after, value: Buffer.from(JSON.stringify(after), 'utf8'), applied, loses }
  }
}
