import path from 'node:path'
import { MeridianError } from '../../../shared/errors.ts'
import type { HistoryEntry } from '../../../shared/history.ts'
import type { FormatUpgrade, StoreKind } from '../../../shared/store-status.ts'
import { MIGRATION_HISTORY_KEY, SCHEMA_VERSION_KEY } from '../support/constants.ts'
import { faultBeforeWrite, faultPoint } from '../support/fault-injection.ts'
import { toIoError } from '../support/io-errors.ts'
import type { BatchOp, StoreDb } from './store-db.ts'
import { failStopWrites, type FailStop } from './fail-stop-writes.ts'
import { historyCommitOps, historyEntries, parseSchemaVersion, parseStoredHistory, type HistoryCommit } from './store-history.ts'
import { syncStoreFiles } from './store-durability.ts'
import { ReadLeases } from './read-leases.ts'
import { storeFingerprint } from './store-snapshot.ts'
import { formatUpgradeRefused, openStoreDb, type OpenDbOptions, type OpenedDb, type StoreAccess } from './store-opener.ts'
import { settleInterruptedSwap, swapStoreDirectory } from './directory-swap.ts'

export type Db = StoreDb
export type { BatchOp }

export interface OpenStoreOptions extends OpenDbOptions {
  /** Version a store created here starts at. */
  initialVersion?: number
}

/** The longest a swapped-out read snapshot waits for the reads that began on it (it holds no lock on the store). */
const RETIRE_SNAPSHOT_MS = 5 * 60_000
/** The longest the write handle, which holds the store's LOCK, waits for reads that began on it before it closes. */
const WRITE_HANDLE_DRAIN_MS = 15_000
/** The longest close() waits for reads still running on the open handle. */
const CLOSE_DRAIN_MS = 5_000
const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8')

export type { HistoryCommit } from './store-history.ts'

/**
 * An open Meridian store: the LevelDB or RocksDB handle (raw bytes for keys and values, so keys and records that
 * are not ours round-trip byte for byte), the version and history keys, and an in-process gate so only one long
 * operation runs on it at a time.
 */
export class MeridianStore {
  private operation: string | null = null
  private opened: OpenedDb
  /** The write handle's first failed write (see fail-stop-writes.ts); null while reading a snapshot. */
  private writes: FailStop | null = null
  /** The reads in flight on each handle, so a swapped-out handle closes only once they are done. */
  private readonly readers = new ReadLeases<OpenedDb>()

  private constructor(
    readonly dataDir: string,
    opened: OpenedDb,
    private readonly options: OpenStoreOptions,
    /** The directory's fingerprint taken before the read snapshot was (see refreshSnapshot); null when writing. */
    private fingerprint: string | null
  ) {
    this.opened = this.adopt(opened)
  }

  /** A write handle stops at its first failed write; a read snapshot refuses writes anyway. */
  private adopt(opened: OpenedDb): OpenedDb {
    if (opened.access !== 'write') {
      this.writes = null
      return opened
    }
    this.writes = failStopWrites(opened.db)
    return { ...opened, db: this.writes.db }
  }

  /**
   * Opens the store for reading (a private snapshot: no file of the directory changes) unless `access: 'write'`
   * or `createIfMissing`; a write asks for the directory itself with `beginWrite()` first.
   */
  static async open(dataDir: string, options: OpenStoreOptions = {}): Promise<MeridianStore> {
    const resolved = path.resolve(dataDir)
    // A rollback killed between its renames may have left the directory missing: finished first (see directory-swap.ts).
    const writing = options.access === 'write' || (options.access === undefined && options.createIfMissing === true)
    await settleInterruptedSwap(resolved, writing ? 'write' : 'read')
    const fingerprint = await storeFingerprint(resolved).catch(() => null)
    const opened = await openStoreDb(resolved, options)
    const store = new MeridianStore(resolved, opened, options, opened.access === 'read' ? fingerprint : null)
    if (!opened.existed && options.initialVersion !== undefined) {
      await store.db.put(utf8(SCHEMA_VERSION_KEY), utf8(JSON.stringify(options.initialVersion)), { sync: true })
    }
    return store
  }

  get db(): Db {
    // Inside `reading`, the handle that read began on, whatever has been swapped in since (see ReadLeases).
    return this.readers.current()?.db ?? this.opened.db
  }

  /** Which engine the store's files call for. */
  get kind(): StoreKind {
    return this.opened.kind
  }

  /** Set for a RocksDB store written by an older RocksDB than this tool's (see store-opener.ts). */
  get formatUpgrade(): FormatUpgrade | null {
    return this.opened.formatUpgrade
  }

  /** FORMAT_UPGRADE_REFUSED when writing would upgrade the store's format and that was not allowed at open. */
  requireWritable(): void {
    const upgrade = this.opened.formatUpgrade
    if (upgrade && !upgrade.allowed) throw formatUpgradeRefused(this.dataDir, upgrade)
  }

  /** 'read' while the store is read through its private snapshot; 'write' once the directory itself is open. */
  get access(): StoreAccess {
    return this.opened.access
  }

  /**
   * Trades the read snapshot for the directory itself, once per write operation, before its first write:
   * FORMAT_UPGRADE_REFUSED as `requireWritable`, STORE_IN_USE when another process has files of the store open
   * (checked here, once, not per batch), DATABASE_LOCKED when it holds the lock. On a refusal the snapshot stays.
   */
  async beginWrite(): Promise<void> {
    if (this.opened.access === 'write') return
    this.requireWritable()
    // A swap a killed process left is finished first (a read open leaves it, changing nothing): writing to the old
    // directory while its journal names the new one would be lost when the next open rolls it forward.
    await settleInterruptedSwap(this.dataDir, 'write')
    const writing = await openStoreDb(this.dataDir, { ...this.options, createIfMissing: false, access: 'write' })
    const reading = this.opened
    this.opened = this.adopt(writing)
    this.fingerprint = null
    await reading.db.close().catch(() => undefined)
    await reading.release()
  }

  /**
   * Back to a fresh read snapshot once a write operation is over (the app, between the person's writes), so the
   * store is not held open, nor its LOCK taken, while it is only browsed.
   */
  async endWrite(): Promise<void> {
    if (this.opened.access === 'read') return
    await this.reopenForReading()
  }

  /**
   * A read snapshot is the store as it was when taken: when another process (Meridian, the CLI) has written the
   * store since, a fresh one replaces it. Not while an operation runs on this one; a no-op when writing.
   */
  async refreshSnapshot(): Promise<boolean> {
    if (this.opened.access !== 'read' || this.operation !== null) return false
    const now = await storeFingerprint(this.dataDir).catch(() => null)
    if (now !== null && now === this.fingerprint) return false
    await this.reopenForReading()
    return true
  }

  /** The directory's fingerprint taken just before the read snapshot (see storeFingerprint); null when writing. */
  get snapshotFingerprint(): string | null {
    return this.fingerprint
  }

  /** Whether another process has written the store since this read snapshot was taken (false when writing). */
  async changedSinceRead(): Promise<boolean> {
    if (this.opened.access !== 'read') return false
    return (await storeFingerprint(this.dataDir).catch(() => null)) !== this.fingerprint
  }

  /**
   * Runs a read that a host may start while the handle is swapped (status, browsing, checks: see ReadLeases): the
   * handle it starts on stays open until it ends.
   */
  reading<T>(work: () => Promise<T>): Promise<T> {
    // A read nested in another stays on the handle the outer one holds.
    return this.readers.hold(this.readers.current() ?? this.opened, () => work())
  }

  /** A fresh snapshot first, while the old handle is still open: a read that starts meanwhile finds an open store. */
  private async reopenForReading(): Promise<void> {
    const fingerprint = await storeFingerprint(this.dataDir).catch(() => null)
    const reading = await openStoreDb(this.dataDir, { ...this.options, createIfMissing: false, access: 'read' })
    const previous = this.opened
    this.opened = this.adopt(reading)
    this.fingerprint = fingerprint
    if (previous.access === 'read') {
      // An older snapshot holds no lock on the store: it closes when the reads that began on it are done, or at close().
      this.retiring.add(previous)
      void this.readers
        .drained(previous, RETIRE_SNAPSHOT_MS)
        .then(() => this.retire(previous))
        .catch(() => undefined)
      return
    }
    // The write handle holds the LOCK: it waits for its reads only so long (a second window's status, for one).
    await this.readers.drained(previous, WRITE_HANDLE_DRAIN_MS)
    await previous.db.close().catch(() => undefined)
    await previous.release()
  }

  /** Snapshots swapped out by reopenForReading, closed once the reads that began on them are done. */
  private readonly retiring = new Set<OpenedDb>()

  private async retire(opened: OpenedDb): Promise<void> {
    if (!this.retiring.delete(opened)) return
    await opened.db.close().catch(() => undefined)
    await opened.release()
  }

  /** Whether a write on this handle failed, so no operation may use it before `reopenAfterWriteError`. */
  get writeFailed(): boolean {
    return this.writes?.failure() != null
  }

  /**
   * After a write error (a full disk, an I/O error), closes the handle and opens the store itself again, so
   * nothing more is written through a handle whose later writes the next open would drop (see
   * fail-stop-writes.ts). The open replays the log as any next open would: it sees what the disk holds. When the
   * open fails (still no room: IO_ERROR, free space then try again) the failed handle stays closed and the next
   * call tries again. Returns whether it reopened; false when no write had failed.
   */
  async reopenAfterWriteError(): Promise<boolean> {
    if (!this.writeFailed) return false
    const failed = this.opened
    if (failed.db.status === 'open') await failed.db.close().catch(() => undefined)
    await failed.release()
    this.opened = this.adopt(await openStoreDb(this.dataDir, { ...this.options, createIfMissing: false, access: 'write' }))
    return true
  }

  /**
   * Replaces the store's directory with the one `build` makes beside it (a checkpoint's files linked, or an
   * archive written out) while the live store stays open; then closes the write handle, swaps the directories by
   * rename with a journal beside them (directory-swap.ts), and opens the new directory for writing. Once the
   * handle is closed, whatever happens, it is opened again on what the directory then holds.
   */
  async replaceDirectory(build: (incoming: string) => Promise<void>): Promise<void> {
    if (this.opened.access !== 'write')
      throw new MeridianError('INTERNAL', `The store's directory is replaced only while it is open for writing: ${this.dataDir}`)
    const previous = this.opened
    let closed = false
    // Closed once the new store is built, not before: reads of the live store go on while an archive is written out.
    const closeLive = async (): Promise<void> => {
      await this.readers.drained(previous, WRITE_HANDLE_DRAIN_MS)
      closed = true
      if (previous.db.status === 'open') await previous.db.close()
      await previous.release()
    }
    try {
      await swapStoreDirectory(this.dataDir, build, { beforeSwap: closeLive })
    } finally {
      if (closed) this.opened = this.adopt(await openStoreDb(this.dataDir, { ...this.options, createIfMissing: false, access: 'write' }))
    }
  }

  /**
   * Flushes every file of the store to disk (see syncStoreFiles): the barrier before a note or a commit. A failed
   * fsync leaves the handle as unsure of the disk as a failed write, so it stops the handle as one does.
   */
  async syncToDisk(): Promise<void> {
    try {
      await syncStoreFiles(this.db.location)
    } catch (error) {
      this.writes?.fail(error)
      throw error
    }
  }

  async close(): Promise<void> {
    // Reads still running (a page's status as the host stops) finish first, for a few seconds at most.
    await this.readers.drained(this.opened, CLOSE_DRAIN_MS)
    for (const opened of [...this.retiring]) await this.retire(opened)
    if (this.db.status === 'open') await this.db.close()
    await this.opened.release()
  }

  async getText(key: string): Promise<string | undefined> {
    let value
    try {
      value = await this.db.get(utf8(key))
    } catch (error) {
      throw toIoError(error, `read ${key} from ${this.dataDir}`)
    }
    return value === undefined ? undefined : value.toString('utf8')
  }

  /** `_schema_version`; a store without it is v1 (Meridian's oldest stores never wrote it). */
  async readVersion(): Promise<number> {
    return parseSchemaVersion(await this.getText(SCHEMA_VERSION_KEY))
  }

  /** `_migration_history`; CORRUPT_DATABASE when it cannot be read, so no operation starts on top of it. */
  async readHistory(): Promise<HistoryEntry[]> {
    return historyEntries(parseStoredHistory(await this.getText(MIGRATION_HISTORY_KEY)))
  }

  /**
   * Appends the entry to the history (and sets the version) in one synced batch: the commit point of an operation
   * (see historyCommitOps). Every earlier write is flushed to disk first (see syncToDisk), so a power cut cannot
   * keep the commit and lose what it commits.
   */
  async commitHistory(commit: HistoryCommit): Promise<void> {
    const ops = historyCommitOps(parseStoredHistory(await this.getText(MIGRATION_HISTORY_KEY)), commit)
    faultPoint('commit.before')
    faultBeforeWrite('commit')
    await this.syncToDisk()
    await this.db.batch(ops, { sync: true })
    faultPoint('commit.after')
  }

  /**
   * Runs `work` as this store's only operation; a second one started meanwhile fails at once with BUSY rather
   * than queueing behind a migration that may take minutes.
   */
  async exclusive<T>(name: string, work: () => Promise<T>): Promise<T> {
    if (this.operation) {
      throw new MeridianError('BUSY', `Cannot ${name}: a ${this.operation} is already running on ${this.dataDir}`)
    }
    this.operation = name
    try {
      return await work()
    } finally {
      this.operation = null
    }
  }

  get runningOperation(): string | null {
    return this.operation
  }
}
