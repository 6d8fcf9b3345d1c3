import type { ApiOutput, CallContext } from '../../shared/api.contract.ts'
import { MeridianError } from '../../shared/errors.ts'
import {
  loadMigrationRegistry,
  type Logger,
  type MeridianStore,
  type MigrationManager,
  type MigrationRegistry,
  type OperationOptions,
  silentLogger,
  type StoreCounts
} from '../engine/index.ts'
import { ApiEventHub } from './api-events.ts'
import { BackgroundArchive } from './background-archive.ts'
import { BackgroundCount } from './background-count.ts'
import { type ActivityListener, LongCalls } from './long-calls.ts'
import { type Migrations, type OpenStore, openStore } from './open-store.ts'
import { resolveTypedStorePath } from './typed-store-path.ts'

export type StoreInfo = ApiOutput<'store.info'>

/** What `busyWith` answers while only the background archive runs. */
export const BACKGROUND_ARCHIVE = 'background-archive'

/** The stores a person opened before, most recent first. */
export interface RecentStores {
  list(): readonly string[]
  remember(dataDir: string): Promise<void>
}

/**
 * What a host offers for choosing stores: the desktop app and the web host open, switch and close stores, and
 * remember them; only the desktop has a native folder picker (in the browser, a path is typed). A session without
 * it (a test's, an embedding host's) serves the one store it was opened on.
 */
export interface StoreChoice {
  readonly recent: RecentStores
  /** Shows the native folder picker; null when the person cancels it. Desktop only. */
  chooseDirectory?(): Promise<string | null>
}

export interface StoreSessionOptions {
  dataDir: string
  /** Where backups of the first store go; default beside it. A store opened later uses its own default. */
  backupDir?: string
  /** The version stores are brought to: default the newest the migrations reach (tests lower it to simulate an older build). */
  targetVersion?: number
  /** A migration set added to the built-in one (`--migrations DIR`), loaded once when the session opens. */
  migrationsDir?: string
  /** The migrations themselves, when the host loaded them already (wins over `migrationsDir`). */
  registry?: MigrationRegistry
  choice?: StoreChoice
  /** The engine's log lines of a migration (stderr for a host, silent in tests). */
  logger?: Logger
}

/**
 * The store a host serves: the store and its MigrationManager (none once the person closed it), the long calls
 * running on it (each with its AbortController, which `operation.cancel` aborts), and the ApiEvents they produce.
 * Shared by the IPC and HTTP transports; knows nothing of either.
 */
export class StoreSession {
  readonly events = new ApiEventHub()
  private closed = false
  private readonly count = new BackgroundCount(this.events)
  private readonly archives = new BackgroundArchive(this.events, () => this.logger)
  /** Every long call in flight, with the id and name its progress events carry. */
  private readonly calls = new LongCalls(this.events, {
    // A write makes the count stale, and its read would hold the write handle open: asked again once it ends.
    beforeWrite: () => this.count.stop(),
    // Browsing reads a private snapshot again once the last write is over: the app does not hold the store
    // (nor take its LOCK) while it is only looked at, and the next write checks for other holders afresh.
    afterLastWrite: async () => {
      await this.current?.store.endWrite().catch((error: unknown) => this.logger.error(`Could not go back to reading a snapshot: ${(error as Error).message}`))
    },
    logger: () => this.logger
  })

  private constructor(
    private current: OpenStore | null,
    private readonly options: StoreSessionOptions,
    private readonly migrations: Migrations
  ) {}

  /** Opens the store at `options.dataDir` (it must exist: DATA_DIR_NOT_FOUND, NOT_A_DATABASE… otherwise). */
  static async open(options: StoreSessionOptions): Promise<StoreSession> {
    // The set loads before the store opens: a broken module (MIGRATION_SET_INVALID) touches nothing.
    const migrations = { registry: options.registry ?? (await loadMigrationRegistry(options.migrationsDir)), targetVersion: options.targetVersion }
    const opened = await openStore(options.dataDir, options.backupDir, migrations)
    return new StoreSession(opened, options, migrations)
  }

  /** The open store; NO_STORE_OPEN once the person closed it (every call on the store answers that). */
  get store(): MeridianStore {
    return this.requireOpen().store
  }

  get manager(): MigrationManager {
    return this.requireOpen().manager
  }

  private requireOpen(): OpenStore {
    if (!this.current) throw new MeridianError('NO_STORE_OPEN', 'No store is open: open a data directory first')
    return this.current
  }

  get logger(): Logger {
    return this.options.logger ?? silentLogger
  }

  /** The store served and what runs on it; `context` tells whether the caller started the run (see CallContext). */
  info(context: CallContext = {}): StoreInfo {
    const choice = this.options.choice
    const call = this.firstRunning()
    return {
      dataDir: this.current?.store.dataDir ?? null,
      backupDir: this.current?.manager.backupDir ?? null,
      access: this.current?.store.access ?? null,
      runningOperation: this.current?.store.runningOperation ?? call?.name ?? null,
      operation: call
        ? {
            id: call.id,
            name: call.name,
            startedAt: call.startedAt.toISOString(),
            startedHere: call.clientId !== undefined && call.clientId === context.clientId
          }
        : null,
      canOpenOtherStores: choice !== undefined,
      canChooseFolder: choice?.chooseDirectory !== undefined,
      recentStores: choice ? [...choice.recent.list()] : this.current ? [this.current.store.dataDir] : []
    }
  }

  /** Runs one long call against the store (see LongCalls.run); refused once the session is closed. */
  run<T>(operation: string, work: (options: OperationOptions) => Promise<T>, options: { writes: boolean; context?: CallContext }): Promise<T> {
    if (this.closed) return Promise.reject(new MeridianError('INTERNAL', 'The store session is closed'))
    return this.calls.run(operation, work, options)
  }

  /** The open store's records counted (see BackgroundCount); NO_STORE_OPEN when none is open. */
  counts(): Promise<StoreCounts> {
    return this.count.of(this.manager)
  }

  /**
   * Once a migration committed: the portable archive of its safety net, written in the background (see
   * BackgroundArchive), when that is a checkpoint; nothing for an archive. Never fails the migration: a
   * problem here is logged, and the person can still archive the checkpoint from the backup list.
   */
  async archiveInBackground(backupId: string): Promise<void> {
    const current = this.current
    if (!current || this.closed) return
    try {
      const backup = (await current.manager.listBackups()).find((listed) => listed.id === backupId)
      if (backup?.kind === 'checkpoint') this.archives.start(current.manager, backupId)
    } catch (error) {
      this.logger.error(`Could not start the archive of ${backupId}: ${(error as Error).message}`)
    }
  }

  /** Stops the background archive (and those waiting); false when none ran. */
  stopArchive(): boolean {
    return this.archives.stop()
  }

  /**
   * The long call running now (its name), else `background-archive` while a migration's archive is written, or
   * null: what the desktop shell asks before it quits.
   */
  busyWith(): string | null {
    return this.firstRunning()?.name ?? (this.archives.running ? BACKGROUND_ARCHIVE : null)
  }

  private firstRunning() {
    return this.calls.first()
  }

  /**
   * Subscribes to the session's activity (the desktop shell's taskbar progress and keeping the machine awake);
   * returns the unsubscribe function.
   */
  onActivityChange(listener: ActivityListener): () => void {
    return this.calls.onActivityChange(listener)
  }

  /** Aborts every long call in flight, or only the one with `id` (see LongCalls.cancel). */
  cancel(id?: string): boolean {
    return this.calls.cancel(id)
  }

  /** The store choice; INVALID_INPUT for a session that serves only the store it was opened on. */
  private requireChoice(): StoreChoice {
    const choice = this.options.choice
    if (!choice) {
      throw new MeridianError(
        'INVALID_INPUT',
        `This host serves only ${this.current?.store.dataDir ?? 'the store it was started on'}; start it on another store instead`
      )
    }
    return choice
  }

  /** The desktop's native folder picker: the folder chosen, or null when cancelled; INVALID_INPUT in the browser. */
  chooseDirectory(): Promise<string | null> {
    const choice = this.requireChoice()
    if (!choice.chooseDirectory) throw new MeridianError('INVALID_INPUT', "The web app has no folder picker: type the data directory's path instead")
    return choice.chooseDirectory()
  }

  /** The folder picker, then as `switchTo`; null when cancelled. */
  async chooseAndSwitch(): Promise<StoreInfo | null> {
    const chosen = await this.chooseDirectory()
    return chosen === null ? null : this.switchTo(chosen)
  }

  /** BUSY while a long call (or the engine's own work) holds the store: opening or closing would pull it away. */
  private refuseWhileBusy(doing: string): void {
    const busyWith = this.current?.store.runningOperation ?? this.firstRunning()?.name
    if (busyWith) throw new MeridianError('BUSY', `Cannot ${doing}: a ${busyWith} is running on ${this.current?.store.dataDir ?? 'the store'}`)
  }

  /**
   * Serves the store at `dataDir` (an absolute path, or from `~`) instead of the one open, if any, and remembers
   * it. The new store opens before the old one closes, so a refusal (DATA_DIR_NOT_FOUND, NOT_A_DATABASE…) leaves
   * the open store served. BUSY while an operation runs.
   */
  async switchTo(dataDir: string): Promise<StoreInfo> {
    const choice = this.requireChoice()
    const resolved = resolveTypedStorePath(dataDir)
    this.refuseWhileBusy('open another store')
    this.count.stop()
    await this.stopArchives()
    const previous = this.current
    if (!previous) {
      this.current = await openStore(resolved, undefined, this.migrations)
      this.events.emit({ type: 'store-changed' })
    } else if (resolved !== previous.store.dataDir) {
      await previous.store.exclusive('store switch', async () => {
        this.current = await openStore(resolved, undefined, this.migrations)
        await previous.store.close().catch((error: unknown) => this.logger.error(`Could not close the previous store: ${(error as Error).message}`))
      })
      this.events.emit({ type: 'store-changed' })
    }
    await choice.recent.remember(resolved)
    return this.info()
  }

  /**
   * Closes the store served, so that nothing of this app holds its files (Meridian, the CLI or a script may then
   * take it); the session stays, serving no store, until one is opened. BUSY while an operation runs.
   */
  async closeStore(): Promise<StoreInfo> {
    this.requireChoice()
    this.refuseWhileBusy('close the store')
    this.count.stop()
    await this.stopArchives()
    const previous = this.current
    if (previous) {
      await previous.store.exclusive('store close', async () => {
        this.current = null
        await previous.store.close()
      })
      this.events.emit({ type: 'store-changed' })
    }
    return this.info()
  }

  /**
   * The person confirmed upgrading an older RocksDB store's format: reopen the store itself instead of its
   * read-only snapshot (see store-opener.ts), keeping the backup folder. Nothing to do for any other store.
   */
  async allowFormatUpgrade(): Promise<void> {
    const previous = this.requireOpen()
    if (!previous.store.formatUpgrade || previous.store.formatUpgrade.allowed) return
    await previous.store.exclusive('format upgrade', async () => {
      await previous.store.close()
      try {
        this.current = await openStore(previous.store.dataDir, previous.manager.backupDir, this.migrations, true)
      } catch (error) {
        this.current = await openStore(previous.store.dataDir, previous.manager.backupDir, this.migrations)
        throw error
      }
    })
  }

  /** The store is about to go: its archive in the background stops, and has removed what it wrote, first. */
  private async stopArchives(): Promise<void> {
    this.archives.stop()
    await this.archives.idle()
  }

  /** Cancels what runs, waits for it to put the store back, and closes the store. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.cancel()
    this.count.stop()
    await this.stopArchives()
    await this.calls.settled()
    // A checkpoint still being hashed finishes first (seconds at most): its manifest is written whole or not at all.
    await this.current?.manager.idle()
    await this.current?.store.close()
  }
}
