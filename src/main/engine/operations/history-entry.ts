import type { HistoryEntry, HistoryStatus, HistoryStep } from '../../../shared/history.ts'

/** When an operation began: the wall-clock time its entry names, and the monotonic one its duration counts from. */
export interface OperationStart {
  at: string
  ms: number
}

export function startOperation(): OperationStart {
  return { at: new Date().toISOString(), ms: performance.now() }
}

/** What an operation says of one run; what is left out takes Meridian's empty values (0 items, no backup, no error). */
export interface HistoryFacts {
  from: number
  to: number
  started: OperationStart
  name: string
  status: HistoryStatus
  /** Meridian reads it as "this run took the store to to_version". */
  success: boolean
  itemsMigrated?: number
  itemsTotal?: number
  backupKey?: string | null
  error?: string | null
  steps?: HistoryStep[]
  /** The duration the operation reports itself, when it measured it already; default: from `started` until now. */
  durationMs?: number
}

/**
 * The one shape of a `_migration_history` entry, for migrate, restore and recovery alike: Meridian's own fields
 * first, always written (a Meridian server reads them), then ours.
 */
export function historyEntry(facts: HistoryFacts): HistoryEntry {
  return {
    from_version: facts.from,
    to_version: facts.to,
    started_at: facts.started.at,
    completed_at: new Date().toISOString(),
    items_migrated: facts.itemsMigrated ?? 0,
    backup_key: facts.backupKey ?? null,
    success: facts.success,
    error: facts.error ?? null,
    name: facts.name,
    status: facts.status,
    duration_ms: facts.durationMs ?? Math.round(performance.now() - facts.started.ms),
    ...(facts.itemsTotal !== undefined ? { items_total: facts.itemsTotal } : {}),
    ...(facts.steps !== undefined ? { steps: facts.steps } : {})
  }
}
