import { MeridianError } from '../../../shared/errors.ts'
import type { MigrationPlan } from '../../../shared/migration-plan.ts'
import type { Migration } from './migration.ts'

/** One store-wide version step: every migration (one per key prefix) that moves records from `from` to `to`. */
export interface MigrationStep {
  readonly from: number
  readonly to: number
  readonly name: string
  readonly migrations: readonly Migration[]
}

/** A plan as the engine runs it: the shared MigrationPlan, each step with its migrations. */
export interface RunnablePlan extends Omit<MigrationPlan, 'steps'> {
  steps: MigrationStep[]
}

const stepKey = (from: number, to: number): string => `${from}->${to}`

/**
 * Holds the migrations and finds chains through them (the seed's `MigrationRegistry`). Each migration moves
 * exactly one version, up or down, so a chain is unique and validation is simple: registering rejects
 * duplicates, self-loops and gaps in the upgrade chain before any store is touched.
 */
export class MigrationRegistry {
  private readonly steps = new Map<string, Migration[]>()
  /**
   * True when this is what `createDefaultRegistry()` builds, so a worker thread can build its own copy (migrations
   * are code, not data, and cannot be sent to a thread); false once anything is registered after.
   */
  private isDefault = false

  constructor(migrations: readonly Migration[] = []) {
    for (const migration of migrations) this.add(this.steps, migration)
    validateChain(this.steps)
  }

  /** Adds one migration if the chain stays valid; on error the registry is left as it was. */
  register(migration: Migration): this {
    const candidate = new Map([...this.steps].map(([key, list]) => [key, [...list]]))
    this.add(candidate, migration)
    validateChain(candidate)
    this.steps.clear()
    for (const [key, list] of candidate) this.steps.set(key, list)
    this.isDefault = false
    return this
  }

  /** Marks this registry as the one `createDefaultRegistry()` returns (see `isDefault`). */
  markDefault(): this {
    this.isDefault = true
    return this
  }

  /** Whether a worker thread can rebuild this registry (the default one, not one built or extended by hand). */
  get rebuildableInWorker(): boolean {
    return this.isDefault
  }

  private add(steps: Map<string, Migration[]>, migration: Migration): void {
    const { from, to, keyPrefix, name } = migration
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 1 || to < 1) {
      throw new MeridianError('INVALID_INPUT', `Migration "${name}" has versions v${from} → v${to}: versions are whole numbers from 1`)
    }
    if (from === to) {
      throw new MeridianError('INVALID_INPUT', `Migration "${name}" goes from v${from} to itself: that is a cycle`)
    }
    if (Math.abs(to - from) !== 1) {
      throw new MeridianError('INVALID_INPUT', `Migration "${name}" skips versions (v${from} → v${to}): register one migration per version step`)
    }
    if (keyPrefix.length === 0 || keyPrefix.startsWith('_')) {
      throw new MeridianError('INVALID_INPUT', `Migration "${name}" has key prefix "${keyPrefix}": it must name a record type, such as "task:"`)
    }
    const key = stepKey(from, to)
    const existing = steps.get(key) ?? []
    const clash = existing.find((m) => m.keyPrefix === keyPrefix)
    if (clash) {
      throw new MeridianError('INVALID_INPUT', `Duplicate migration v${from} → v${to} for "${keyPrefix}": "${clash.name}" and "${name}"`)
    }
    steps.set(key, [...existing, migration])
  }

  /** The newest version any registered migration reaches (1 when there are none). */
  get latestVersion(): number {
    let latest = 1
    for (const migrations of this.steps.values()) for (const m of migrations) latest = Math.max(latest, m.to)
    return latest
  }

  /** The ordered steps from `from` to `to` (empty when equal); MIGRATION_PATH_MISSING when a step is absent. */
  findPath(from: number, to: number): MigrationStep[] {
    const path: MigrationStep[] = []
    const direction = to > from ? 1 : -1
    for (let v = from; v !== to; v += direction) {
      const migrations = this.steps.get(stepKey(v, v + direction))
      if (!migrations) {
        const what = direction > 0 ? 'upgrade' : 'downgrade'
        throw new MeridianError('MIGRATION_PATH_MISSING', `No migration path from v${from} to v${to}: no ${what} from v${v} to v${v + direction} is registered`)
      }
      path.push({ from: v, to: v + direction, name: migrations.map((m) => m.name).join('; '), migrations })
    }
    return path
  }

  /**
   * The schema records under `keyPrefix` at `version` are held to: the from-schema of a step leaving that version,
   * or the to-schema of one reaching it; undefined when no migration of that prefix knows the version.
   */
  schemaFor(keyPrefix: string, version: number): unknown {
    for (const migrations of this.steps.values()) {
      for (const m of migrations) {
        if (m.keyPrefix !== keyPrefix) continue
        if (m.from === version) return m.fromSchema
        if (m.to === version) return m.toSchema
      }
    }
    return undefined
  }

  /** Every key prefix some migration touches, e.g. `["task:"]`. */
  get keyPrefixes(): string[] {
    return [...new Set([...this.steps.values()].flat().map((m) => m.keyPrefix))].sort()
  }
}

/** Upgrade steps must cover every version from the lowest to the highest without a hole. */
function validateChain(steps: ReadonlyMap<string, readonly Migration[]>): void {
  const ups = [...steps.values()].flat().filter((m) => m.to > m.from)
  if (ups.length === 0) return
  const lowest = Math.min(...ups.map((m) => m.from))
  const highest = Math.max(...ups.map((m) => m.to))
  for (let v = lowest; v < highest; v++) {
    if (!steps.has(stepKey(v, v + 1))) {
      throw new MeridianError('MIGRATION_PATH_MISSING', `Migration chain has a gap: no migration from v${v} to v${v + 1}`)
    }
  }
}
