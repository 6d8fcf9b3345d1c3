import { MeridianError } from '../../../shared/errors.ts'
import { recordVersion as versionByRule } from '../../../shared/record-version.ts'
import type { Migration } from './migration.ts'
import { migrationKey } from './migration-key.ts'
import type { MigrationRegistry } from './registry.ts'
import { readRecordText, writeRecordText } from './record-text.ts'

/**
 * Field fates counted since the last drain, per migration (by migrationKey) with a field report: for each of its
 * fields in order, three counts (kept, defaulted, lost). Plain data, so it crosses to and from a worker thread.
 */
export type FieldTallies = Record<string, number[]>

const FATE_SLOT = { kept: 0, defaulted: 1, lost: 2 } as const

export type RecordOutcome =
  | { kind: 'unchanged' }
  | { kind: 'migrated'; before: Record<string, unknown>; after: Record<string, unknown>; value: Buffer; applied: readonly Migration[]; loses: string[] }

/**
 * A record's own version by the shared rule (1 when absent: the seed's doc; its code snippet got this wrong); a
 * record with no version by that rule cannot be migrated.
 */
export function recordVersion(key: string, record: Record<string, unknown>): number {
  const version = versionByRule(record)
  if (version === null) {
    throw new MeridianError('MIGRATION_FAILED', `schema_version must be a whole number from 1, found ${JSON.stringify(record.schema_version)} (key ${key})`)
  }
  return version
}

/**
 * Moves single records of one key prefix from their own version to the target, applying every step in memory
 * (a v1 record reaches v3 in one read and one write). Pure apart from a cache of chains per starting version.
 */
export class RecordMigrator {
  private readonly chains = new Map<number, readonly Migration[]>()
  /** One counter array per reporting migration, for the batch under way (see drainFieldTallies). */
  private tallies = new Map<Migration, number[]>()
  /** Each step's input of the record under way, reused from record to record. */
  private readonly inputs: Array<Record<string, unknown>> = []

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
          throw new MeridianError('MIGRATION_PATH_MISSING', `No migration for "${this.keyPrefix}" records from v${step.from} to v${step.to} (key ${key})`)
        }
        return migration
      })
      this.chains.set(version, chain)
    }
    return chain
  }

  migrate(key: string, raw: Buffer): RecordOutcome {
    const source = readRecordText(key, raw)
    const before = source.value
    const version = recordVersion(key, before)
    if ((this.direction > 0 && version >= this.target) || (this.direction < 0 && version <= this.target)) {
      return { kind: 'unchanged' }
    }
    const applied = this.chainFrom(version, key)
    let after = before
    let checkedAgainst: unknown = null
    const loses: string[] = []
    for (let i = 0; i < applied.length; i++) {
      const migration = applied[i] as Migration
      const input = after
      after = migration.migrateItem(key, input, checkedAgainst === migration.fromSchema)
      // After migrateItem, so the input has passed the from-schema that lossOf relies on.
      if (migration.lossOf) {
        const lost = migration.lossOf(input)
        if (lost.length > 0) loses.push(...lost)
      }
      this.inputs[i] = input
      checkedAgainst = migration.toSchema
    }
    // Counted once the whole chain has succeeded, so a record that fails a later step is not counted.
    for (let i = 0; i < applied.length; i++) {
      const migration = applied[i] as Migration
      if (migration.fieldReport) this.countFields(migration, this.inputs[i] as Record<string, unknown>)
    }
    return { kind: 'migrated', before, after, value: writeRecordText(key, source, after), applied, loses }
  }

  private countFields(migration: Migration, input: Record<string, unknown>): void {
    const report = migration.fieldReport
    if (!report) return
    let counts = this.tallies.get(migration)
    if (!counts) {
      counts = new Array<number>(report.fields.length * 3).fill(0)
      this.tallies.set(migration, counts)
    }
    for (let f = 0; f < report.fields.length; f++) {
      const slot = f * 3 + FATE_SLOT[report.fateOf(input, report.fields[f] as string)]
      counts[slot] = (counts[slot] as number) + 1
    }
  }

  /** The field fates counted since the last call, and a fresh start: one call per batch. */
  drainFieldTallies(): FieldTallies {
    const drained: FieldTallies = {}
    for (const [migration, counts] of this.tallies) drained[migrationKey(migration)] = counts
    this.tallies = new Map()
    return drained
  }
}
