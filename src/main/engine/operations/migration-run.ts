import type { BackupInfo, BackupKind } from '../../../shared/backup.ts'
import { MeridianError } from '../../../shared/errors.ts'
import type { HistoryEntry } from '../../../shared/history.ts'
import type { MigrateResult } from '../../../shared/migration-result.ts'
import type { BackupService, OperationOptions } from '../backup/backup-service.ts'
import { toIoError } from '../support/io-errors.ts'
import type { Logger } from '../support/logger.ts'
import { passPrefixes, runMigrationPass } from '../migration/migration-pass.ts'
import { KeyTally } from '../store/key-tally.ts'
import { describeDataLoss } from '../migration/data-loss-check.ts'
import type { OperationRecord } from './operation-record.ts'
import { historyEntry, startOperation, type HistoryFacts, type OperationStart } from './history-entry.ts'
import { runJournaled, type JournalRevert } from './journaled-operation.ts'
import type { TransformSettings } from '../migration/record-transformer.ts'
import type { MigrationRegistry, RunnablePlan } from '../migration/registry.ts'
import type { MeridianStore } from '../store/store.ts'
import { throwIfAborted } from '../store/store-scan.ts'

export interface MigrationRunContext extends OperationOptions {
  store: MeridianStore
  registry: MigrationRegistry
  backups: BackupService
  plan: RunnablePlan
  log: Logger
  /**
   * The chain may lose data and that is not allowed: the pass itself watches for a loss, stops writing at the
   * first, counts the rest, and the run is put back and refused (DATA_LOSS_REFUSED) instead of committed.
   */
  refuseLoss?: boolean
  transform?: TransformSettings
  /** A backup holding exactly what the store holds (see standing-safety-net.ts): the safety net, instead of a new one. */
  safetyNet?: string
  /** Which safety net to take (default: a checkpoint where the store can be swapped, see BackupService.safetyNetKind). */
  safetyNetKind?: BackupKind
  /** Told the backup the store was put back from, once a failed or cancelled run has put it back and recorded it. */
  onPutBack?: (backupId: string) => void
}

/** What a run's entry says beyond the plan's versions, its name and when it began. */
type RunFacts = Omit<HistoryFacts, 'from' | 'to' | 'started' | 'name'>

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)}s`

/**
 * One migration run, as the seed's logs describe it: backup, then a synced note of the operation, then the
 * streamed pass, then the version, the history entry and the clearing of the note in one synced batch — the
 * commit point. Before it, any failure, cancel or crash is undone from the backup.
 */
export async function runMigration(context: MigrationRunContext): Promise<MigrateResult> {
  const { store, backups, log, plan } = context
  const { from, to, steps } = plan
  const started = startOperation()
  log.warn(`Schema migration required: v${from} -> v${to}`)
  log.info('Starting automatic migration...')
  for (const step of steps) log.info(`Running migration: ${step.name}`)
  const name = steps.map((s) => s.name).join(' · ')
  const entry = (facts: RunFacts): HistoryEntry => historyEntry({ from, to, started, name, ...facts })

  // An archive reads every key anyway: it counts the pass's records too, so the pass needs no count of its own.
  const netKind = context.safetyNet ? null : (context.safetyNetKind ?? backups.safetyNetKind())
  const tally = netKind === 'archive' ? new KeyTally(passPrefixes(steps)) : undefined
  let backup: Pick<BackupInfo, 'id'>
  let hashing: Promise<void> = Promise.resolve()
  if (context.safetyNet) {
    backup = { id: context.safetyNet }
    log.info(`Backup reused: ${backup.id} (the store has not changed since a failed run put it back from it)`)
  } else {
    try {
      backup = await backups.createSafetyNet('pre-migration', { kind: netKind ?? undefined, signal: context.signal, onProgress: context.onProgress, tally })
      // A checkpoint's files are hashed beside the pass (its tables never change, whatever the pass writes), in
      // worker threads; the run waits for it at its end.
      if (netKind === 'checkpoint') hashing = backups.hashInBackground(backup.id, log)
    } catch (error) {
      const cancelled = error instanceof MeridianError && error.code === 'CANCELLED'
      await store.commitHistory({ entry: entry({ success: false, status: cancelled ? 'cancelled' : 'failed', error: (error as Error).message }) })
      throw error
    }
    log.info(`Backup created: ${backup.id}`)
  }
  try {
    return await runAndPutBackOnFailure(context, { backup, name, entry, tally, started })
  } finally {
    await hashing
  }
}

/** The journaled part of a run: the note naming the safety net, the pass, and the commit or the put-back. */
async function runAndPutBackOnFailure(
  context: MigrationRunContext,
  run: { backup: Pick<BackupInfo, 'id'>; name: string; entry: (facts: RunFacts) => HistoryEntry; tally: KeyTally | undefined; started: OperationStart }
): Promise<MigrateResult> {
  const { store, backups, log, plan } = context
  const { from, to, steps } = plan
  const { backup, name, entry, tally, started } = run
  const note: OperationRecord = {
    kind: 'migrate',
    phase: 'applying',
    startedAt: started.at,
    name,
    fromVersion: from,
    toVersion: to,
    revertTo: backups.refOf(backup.id),
    source: null
  }

  let announced = false
  const pass = await runJournaled({
    store,
    backups,
    note,
    onProgress: context.onProgress,
    onCommitted: context.onCommitted,
    apply: async () => {
      const pass = await runMigrationPass({
        db: store.db,
        registry: context.registry,
        steps,
        target: to,
        write: true,
        signal: context.signal,
        tally,
        refuseLoss: context.refuseLoss,
        transform: context.transform,
        onProgress: (event) => {
          if (!announced) log.info(`Found ${event.total} items to migrate`)
          announced = true
          context.onProgress?.(event)
        }
      })
      // A cancel that arrived after the last batch still wins: nothing is committed yet.
      throwIfAborted(context.signal, 'The migration')
      // The same refusal the check before the run gave: every loss counted, a sample named; a loss outranks a failure.
      if (context.refuseLoss && pass.losses.records > 0) {
        throw new MeridianError('DATA_LOSS_REFUSED', describeDataLoss(from, to, pass.losses, pass.itemsScanned))
      }
      if (pass.firstFailure) throw pass.firstFailure
      return { ...pass, durationMs: Math.round(performance.now() - started.ms) }
    },
    commit: (pass) => ({
      entry: entry({
        success: true,
        status: 'success',
        itemsMigrated: pass.itemsMigrated,
        itemsTotal: pass.itemsScanned,
        backupKey: backup.id,
        steps: pass.steps,
        durationMs: pass.durationMs
      }),
      version: to
    }),
    revert: rollBack(context, note, entry)
  })
  log.info('✓ Migration completed successfully')
  log.info(`  - v${from} -> v${to}: ${pass.itemsMigrated} items migrated in ${seconds(pass.durationMs)}`)
  log.info(`    Backup created: ${backup.id}`)
  return {
    status: 'migrated',
    from,
    to,
    itemsMigrated: pass.itemsMigrated,
    backupId: backup.id,
    durationMs: pass.durationMs,
    steps: pass.steps,
    ...(pass.fields.length > 0 ? { fields: pass.fields } : {})
  }
}

/** Failures of the store rather than of a record: the run is put back, and the error keeps its code. */
const KEEPS_ITS_CODE: ReadonlySet<string> = new Set(['CORRUPT_DATABASE', 'IO_ERROR', 'READ_ONLY'])

const isCode = (error: unknown, code: string): error is MeridianError => error instanceof MeridianError && error.code === code
const reasonOf = (error: unknown): string => (error instanceof MeridianError ? error.message : toIoError(error, 'migrate').message)

/** How a failed or cancelled run is put back: recorded as failed/cancelled, or, refused for data loss, forgotten. */
function rollBack(context: MigrationRunContext, note: OperationRecord, entry: (facts: RunFacts) => HistoryEntry): JournalRevert {
  const { log } = context
  return {
    record: (error) => {
      if (isCode(error, 'DATA_LOSS_REFUSED')) return null
      const cancelled = isCode(error, 'CANCELLED')
      return {
        entry: entry({
          success: false,
          status: cancelled ? 'cancelled' : 'failed',
          error: cancelled ? 'Cancelled by the user' : reasonOf(error),
          backupKey: note.revertTo.id
        })
      }
    },
    failed: async (error) => {
      if (isCode(error, 'DATA_LOSS_REFUSED')) return forgetRefusedRun(context, note, error)
      context.onPutBack?.(note.revertTo.id)
      const reason = reasonOf(error)
      if (isCode(error, 'CANCELLED')) {
        log.warn('Migration cancelled; database has been rolled back to previous state')
        return new MeridianError('CANCELLED', 'Migration cancelled; the store is as it was before the run')
      }
      log.error(`✗ Migration failed: ${reason}`)
      log.error('Database has been rolled back to previous state')
      // A record that would not migrate is MIGRATION_FAILED; a disk that would not take the writes, or a table the
      // pass could not read (a checkpoint does not read the store first, as an archive did), keeps its own code.
      const code = error instanceof MeridianError ? (KEEPS_ITS_CODE.has(error.code) ? error.code : 'MIGRATION_FAILED') : toIoError(error, 'migrate').code
      return new MeridianError(code, `Migration failed: ${reason}`, { cause: error, keys: error instanceof MeridianError ? error.keys : [] })
    },
    putBackFailed: (error, rollbackError) => {
      // The operation note is still in the store: the next open finishes putting the store back.
      const reason = reasonOf(error)
      const coded = toIoError(rollbackError, 'put the store back')
      log.error(`✗ Migration failed: ${reason}`)
      log.error(
        `✗ Putting the store back failed too: ${coded.message}. It will be put back before anything else runs on the store (its next use, in this process or another).`
      )
      return new MeridianError(
        coded.code,
        `Migration failed: ${reason}; putting the store back failed too (${coded.message}). It will be put back from ${note.revertTo.id} before anything else runs on the store (its next use, in this process or another).`,
        { cause: rollbackError }
      )
    }
  }
}

/**
 * After a refused upgrade is put back and its note cleared without a history entry: deletes the pre-migration
 * backup, so the store, its history and the backup folder are as the check before the run left them. The note
 * went first: a crash before the backup is deleted only leaves a spare backup behind.
 */
async function forgetRefusedRun(context: MigrationRunContext, note: OperationRecord, refusal: MeridianError): Promise<MeridianError> {
  try {
    await context.backups.delete(note.revertTo.id)
  } catch (error) {
    context.log.warn(`The backup taken before the refused upgrade could not be deleted (${(error as Error).message}): ${note.revertTo.id}`)
  }
  context.log.warn('Upgrade refused: it would lose data; the store has been put back as it was')
  return refusal
}
