import { MeridianError } from '../../../shared/errors.ts'
import type { RecoveryReport } from '../../../shared/store-status.ts'
import type { BackupService } from '../backup/backup-service.ts'
import type { Logger } from '../support/logger.ts'
import type { MeridianStore } from '../store/store.ts'
import { readOperationRecord } from './operation-record.ts'
import { recoverInterruptedOperation } from './recovery.ts'

export interface GateOptions {
  /** Where the recovery, if one runs now, says what it did. */
  logger?: Logger
  /** The directory itself is taken before the recovery (a restore, which writes whatever the recovery finds). */
  beginWrite?: boolean
  /**
   * A store that cannot recover by itself (CORRUPT_DATABASE) still reaches the work: a restore is how it gets
   * fixed, and its commit clears the interrupted operation's note.
   */
  evenIfUnrecoverable?: boolean
}

/**
 * The way in to a store, for every call a host makes: an operation a killed process left unfinished is recovered
 * before anything else reads or writes the store. Once, on open (the CLI and API sessions call recoverFirst; for
 * checkAndMigrate its first call is the open), and again whenever an operation's note is still there while none runs: a run of this very
 * process that could not put the store back (a full disk), or of another process the host's fresh snapshot now
 * shows, is put back by the next call, not only by the next process.
 */
export class OperationGate {
  /** What the recovery found and did; null when there was nothing to recover. */
  private recovery: Promise<RecoveryReport | null> | null = null

  constructor(
    private readonly store: MeridianStore,
    private readonly backups: BackupService
  ) {}

  /** A read, after the store is recovered, on a handle kept open until it ends (see reading); `work` is told what that recovery did. */
  async read<T>(work: (recovery: RecoveryReport | null) => Promise<T>): Promise<T> {
    const recovery = await this.recovered()
    return this.store.reading(() => work(recovery))
  }

  /** The store's only operation (BUSY while another runs), after the store is recovered. */
  operation<T>(name: string, work: () => Promise<T>, options: GateOptions = {}): Promise<T> {
    return this.store.exclusive(name, async () => {
      if (options.beginWrite) await this.store.beginWrite()
      // The operation running is this one, not started yet: a note in the store now is one left behind.
      await this.recover(options.logger, true).catch((error: unknown) => {
        if (!(options.evenIfUnrecoverable && error instanceof MeridianError && error.code === 'CORRUPT_DATABASE')) throw error
      })
      return work()
    })
  }

  /** Recovers the store unless that is done and no note has appeared since; what the latest recovery did. */
  recovered(logger?: Logger): Promise<RecoveryReport | null> {
    return this.recover(logger, false)
  }

  /**
   * Outside an operation, a note seen while one runs is that operation's own, not one left behind. A handle that
   * saw a write error is reopened first (while no other operation runs: one running puts its store back itself),
   * so nothing runs on it, and what the disk holds then decides whether there is a note to recover from.
   */
  private async recover(logger: Logger | undefined, insideOperation: boolean): Promise<RecoveryReport | null> {
    const examined = this.recovery
    const idle = insideOperation || this.store.runningOperation === null
    if (idle && (await this.store.reopenAfterWriteError())) {
      logger?.warn(`The store was closed and opened again after a write error, before anything else ran on it: ${this.store.dataDir}`)
    }
    if (examined !== null && idle && (await this.noteLeftBehind(examined))) {
      if (this.recovery === examined) this.recovery = null // unless a concurrent call has already started it again
    }
    this.recovery ??= recoverInterruptedOperation(this.store, this.backups, { logger }).then(async (report) => {
      // No temporary a killed backup left survives the store's next open, not only its next backup.
      await this.backups.removeLeftovers()
      await this.store.readVersion() // the version must be readable before anything is served
      return report
    })
    try {
      return await this.recovery
    } catch (error) {
      this.recovery = null
      throw error
    }
  }

  /** Whether an operation's note is in the store after the recovery already run. */
  private async noteLeftBehind(recovery: Promise<RecoveryReport | null>): Promise<boolean> {
    await recovery.catch(() => null)
    return (await readOperationRecord(this.store).catch(() => null)) !== null
  }
}
