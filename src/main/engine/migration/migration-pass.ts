import type { HistoryStep } from '../../../shared/history.ts'
import type { DataLossReport, DryRunFailure, DryRunReport, FieldReport } from '../../../shared/migration-result.ts'
import type { ProgressListener } from '../../../shared/progress.ts'
import { MeridianError } from '../../../shared/errors.ts'
import { BatchWriter } from '../store/batch-writer.ts'
import type { KeyTally } from '../store/key-tally.ts'
import { ProgressTracker } from '../support/progress-tracker.ts'
import { migrationKey, type BatchOutcome } from './pass-outcome.ts'
import type { FieldTallies } from './record-migrator.ts'
import { createTransformer, type TransformSettings } from './record-transformer.ts'
import type { MigrationRegistry, MigrationStep } from './registry.ts'
import { prefixRange } from '../store/store-keys.ts'
import { type Db } from '../store/store.ts'
import { countKeys, scanBatches, throwIfAborted } from '../store/store-scan.ts'

/** A dry run lists failures up to this many and counts the rest, so a broken store cannot exhaust memory. */
export const FAILURE_LIST_LIMIT = 500
/** How many records a downgrade's loss report names. */
export const LOSS_SAMPLE_LIMIT = 10

export interface MigrationPassOptions {
  db: Db
  registry: MigrationRegistry
  /** The store-level chain; its migrations name the key prefixes to visit. */
  steps: readonly MigrationStep[]
  target: number
  /** false: a dry run, which reads and transforms every record but writes nothing and collects failures. */
  write: boolean
  signal?: AbortSignal
  onProgress?: ProgressListener
  /** Key counts per prefix already known (the backup before a migration tallies them); others are counted. */
  tally?: KeyTally
  /**
   * Writing only: the first record that would lose data, or that fails, stops the writes; the pass then reads and
   * transforms on to the end without writing, so the caller can refuse the run with every loss counted (and roll
   * back what was written before it). Without it a failure throws at once.
   */
  refuseLoss?: boolean
  /** Where the records are transformed; default by the record count. */
  transform?: TransformSettings
}

export interface MigrationPassResult {
  itemsScanned: number
  itemsMigrated: number
  steps: HistoryStep[]
  failures: DryRunFailure[]
  failuresOmitted: number
  sample: DryRunReport['sample']
  /** Records that would lose data (steps with a lossOf report it), with a sample of what. */
  losses: DataLossReport
  /** Per field of the steps with a field report: kept, defaulted, lost (records that failed not counted). */
  fields: FieldReport[]
  /** With refuseLoss: the first record that failed, which stopped the writes (the pass read on past it). */
  firstFailure: MeridianError | null
  /** With refuseLoss: whether a loss or a failure stopped the writes (the store then holds a partial pass). */
  stoppedWriting: boolean
}

/** Whether any step of the chain may lose data (every downgrade; an upgrade that replaces values). */
export function chainMayLoseData(steps: readonly MigrationStep[]): boolean {
  return steps.some((step) => step.migrations.some((migration) => migration.lossOf !== undefined))
}

/** The pass's summed tallies as one report row per step and field, in the chain's order. */
function fieldReports(steps: readonly MigrationStep[], totals: Map<string, number[]>): FieldReport[] {
  const rows: FieldReport[] = []
  for (const step of steps) {
    for (const migration of step.migrations) {
      const report = migration.fieldReport
      if (!report) continue
      const counts = totals.get(migrationKey(migration)) ?? []
      report.fields.forEach((field, f) => {
        rows.push({ step: step.name, field, kept: counts[f * 3] ?? 0, defaulted: counts[f * 3 + 1] ?? 0, lost: counts[f * 3 + 2] ?? 0 })
      })
    }
  }
  return rows
}

/** The key prefixes a chain's pass visits, in key order. */
export function passPrefixes(steps: readonly MigrationStep[]): string[] {
  return [...new Set(steps.flatMap((step) => step.migrations.map((m) => m.keyPrefix)))].sort()
}

/**
 * One streamed pass over every record the chain touches: read in key order, run each record through its whole
 * chain in memory, write the changed ones in bounded batches. Writing stops at the first failure (the caller
 * rolls back); a dry run carries on and reports every failure instead, and so does a write pass with refuseLoss
 * once a loss or a failure has stopped its writes.
 */
export async function runMigrationPass(options: MigrationPassOptions): Promise<MigrationPassResult> {
  const { db, steps, target, write, signal } = options
  const readOn = write && options.refuseLoss === true
  const from = steps[0]?.from ?? target
  const direction = target >= from ? 1 : -1
  const prefixes = passPrefixes(steps)
  const stepCounts = new Map(steps.map((step) => [step.name, { from: step.from, to: step.to, name: step.name, items: 0 }]))
  const stepOfMigration = new Map(steps.flatMap((step) => step.migrations.map((m) => [migrationKey(m), step.name] as const)))

  let total = 0
  for (const prefix of prefixes) total += options.tally?.countOf(prefix) ?? (await countKeys(db, prefixRange(prefix), signal))
  const progress = new ProgressTracker(write ? 'migrate' : 'dry-run', total, options.onProgress, steps.map((s) => s.name).join(' · '))

  const result: MigrationPassResult = {
    itemsScanned: 0,
    itemsMigrated: 0,
    steps: [],
    failures: [],
    failuresOmitted: 0,
    sample: null,
    losses: { records: 0, sample: [] },
    fields: [],
    firstFailure: null,
    stoppedWriting: false
  }
  const fieldTotals = new Map<string, number[]>()
  const addTallies = (tallies: FieldTallies): void => {
    for (const [key, counts] of Object.entries(tallies)) {
      const total = fieldTotals.get(key)
      if (!total) fieldTotals.set(key, counts.slice())
      else for (let i = 0; i < counts.length; i++) total[i] = (total[i] ?? 0) + (counts[i] as number)
    }
  }
  const writer = write ? new BatchWriter(db) : null
  const transformer = createTransformer({ registry: options.registry, target, direction, records: total, transform: options.transform })

  /** Takes one batch's outcomes: counts, samples, failures, and the writes. */
  const take = async (batch: Array<[Buffer, Buffer]>, { outcomes, fields }: BatchOutcome): Promise<void> => {
    addTallies(fields)
    for (let i = 0; i < batch.length; i++) {
      const outcome = outcomes[i] as BatchOutcome['outcomes'][number]
      const keyBytes = (batch[i] as [Buffer, Buffer])[0]
      if (outcome.kind === 'unchanged') continue
      if (outcome.kind === 'failed') {
        const keys = [keyBytes.toString('utf8')]
        if (write && !readOn) throw new MeridianError(outcome.code, outcome.message, { keys })
        if (readOn) {
          result.firstFailure ??= new MeridianError(outcome.code, outcome.message, { keys })
          result.stoppedWriting = true
        }
        if (result.failures.length < FAILURE_LIST_LIMIT) result.failures.push({ key: keyBytes.toString('utf8'), reason: outcome.message })
        else result.failuresOmitted++
        continue
      }
      result.itemsMigrated++
      for (const applied of outcome.applied) {
        const counter = stepCounts.get(stepOfMigration.get(applied) ?? '')
        if (counter) counter.items++
      }
      if (outcome.sample) result.sample ??= { key: keyBytes.toString('utf8'), ...outcome.sample }
      if (outcome.loses.length > 0) {
        result.losses.records++
        if (result.losses.sample.length < LOSS_SAMPLE_LIMIT) result.losses.sample.push({ key: keyBytes.toString('utf8'), loses: outcome.loses })
        if (readOn) result.stoppedWriting = true
      }
      if (writer && !result.stoppedWriting) await writer.put(keyBytes, outcome.value as Buffer)
    }
    result.itemsScanned += batch.length
    progress.advance(batch.length)
    throwIfAborted(signal, 'The migration')
  }

  // Pipelined: while batch n is taken and written, the next ones are transformed (on worker threads, when there
  // are any) and read; at most `parallelism` batches wait, so memory stays bounded.
  const inFlight: Array<{ batch: Array<[Buffer, Buffer]>; outcomes: Promise<BatchOutcome> }> = []
  const takeOldest = async (): Promise<void> => {
    const oldest = inFlight.shift()
    if (oldest) await take(oldest.batch, await oldest.outcomes)
  }
  try {
    for (const prefix of prefixes) {
      for await (const batch of scanBatches(db, { ...prefixRange(prefix), signal })) {
        const outcomes = transformer.transform(prefix, batch)
        outcomes.catch(() => undefined) // awaited in order below; a failure meanwhile is not unhandled
        inFlight.push({ batch, outcomes })
        if (inFlight.length > transformer.parallelism) await takeOldest()
      }
      while (inFlight.length > 0) await takeOldest()
    }
    // A pass that stopped writing leaves its last batch unwritten: the caller rolls back anyway.
    if (!result.stoppedWriting) await writer?.flush()
  } finally {
    // The caller rolls back on failure: no batch may still be landing by then.
    await writer?.settle()
    await transformer.close()
  }
  progress.finish()
  result.steps = [...stepCounts.values()]
  result.fields = fieldReports(steps, fieldTotals)
  return result
}
