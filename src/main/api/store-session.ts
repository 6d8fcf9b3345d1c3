import { randomUUID } from 'node:crypto'
import path from 'node:path'
import type { ApiOutput, CallContext } from '../../shared/api.contract.ts'
import { MeridianError } from '../../shared/errors.ts'
import {
  loadMigrationRegistry,
  type Logger,
  MeridianStore,
  MigrationManager,
  type MigrationRegistry,
  type OperationOptions,
  silentLogger
} from '../engine/index.ts'
import { ApiEventHub } from './api-events.ts'

export type StoreInfo = ApiOutput<'store.info'>

/** Told the long call now running when the first starts, and null once the last has ended and put the store back. */
export type ActivityListener = (busyWith: string | null) => void

/** The stores a desktop user opened before, most recent first. */
export interface RecentStores {
  list(): readonly string[]
  remember(dataDir: string): Promise<void>
}

/** What only the desktop app can do: pick and switch stores. The web host serves the one it was started on. */
export interface DesktopCapabilities {
  /** Shows the native folder picker; null when the person cancels it. */
  chooseDirectory(): Promise<string | null>
  readonly recent: RecentStores
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
  desktop?: DesktopCapabilities
  /** The engine's log lines of a migration (stderr for a host, silent in tests). */
  logger?: Logger
}

/** A long call in flight: its id (given here), its name, who started it and when. */
interface RunningCall {
  id: string
  name: string
  clientId: string | undefined
  startedAt: Date
}

interface OpenStore {
  store: MeridianStore
  manager: MigrationManager
}

/** What every store a session opens shares: the migrations and the target. */
interface Migrations {
  registry: MigrationRegistry
  targetVersion: number | undefined
}

async function openStore(dataDir: string, backupDir: string | undefined, migrations: Migrations, allowFormatUpgrade = false): Promise<OpenStore> {
  // Never create: a host opens an existing store; demo stores are created before, on purpose.
  const store = await MeridianStore.open(dataDir, { allowFormatUpgrade })
  try {
    const manager = new MigrationManager(store, { backupDir, ...migrations })
    // Recovered once, here, on open (status reports what was done). A store that cannot recover by itself still
    // opens: its calls then answer why, and a restore, which the gate lets through, is how it gets fixed.
    await manager.recoverFirst().catch(() => undefined)
    return { store, manager }
  } catch (error) {
    await store.close().catch(() => undefined)
    throw error
  }
}

/**
 * One open store as a host serves it: the store and its MigrationManager, the long calls running on it (each
 * with its AbortController, which `operation.cancel` aborts), and the ApiEvents they produce. Shared by the IPC
 * and HTTP transports; knows nothing of either.
 */
export class StoreSession {
  readonly events = new ApiEventHub()
  /** Every long call in flight, with the id and name its progress events carry. */
  private readonly running = new Map<AbortController, RunningCall>()
  private readonly inFlight = new Set<Promise<unknown>>()
  private readonly activityListeners = new Set<ActivityListener>()
  private closed = false

  private constructor(
    private current: OpenStore,
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

  get store(): MeridianStore {
    return this.current.store
  }

  get manager(): MigrationManager {
    return this.current.manager
  }

  get logger(): Logger {
    return this.options.logger ?? silentLogger
  }

  get desktop(): DesktopCapabilities | undefined {
    return this.options.desktop
  }

  /** The store served and what runs on it; `context` tells whether the caller started the run (see CallContext). */
  info(context: CallContext = {}): StoreInfo {
    const { store, manager } = this.current
    const desktop = this.options.desktop
    const call = this.firstRunning()
    return {
      dataDir: store.dataDir,
      backupDir: manager.backupDir,
      runningOperation: store.runningOperation ?? call?.name ?? null,
      operation: call
        ? {
            id: call.id,
            name: call.name,
            startedAt: call.startedAt.toISOString(),
            startedHere: call.clientId !== undefined && call.clientId === context.clientId
          }
        : null,
      canOpenOtherStores: desktop !== undefined,
      recentStores: desktop ? [...desktop.recent.list()] : [store.dataDir]
    }
  }

  /**
   * Runs one call against the store: long calls get a signal `operation.cancel` aborts and forward their
   * progress as `progress` events named `operation`; calls that may write announce `store-changed` when they end
   * (whatever the outcome: a failed migration still adds to the history), except when refused as BUSY.
   */
  run<T>(operation: string, work: (options: OperationOptions) => Promise<T>, { writes, context = {} }: { writes: boolean; context?: CallContext }): Promise<T> {
    if (this.closed) return Promise.reject(new MeridianError('INTERNAL', 'The store session is closed'))
    const controller = new AbortController()
    const operationId = `op-${randomUUID()}`
    this.running.set(controller, { id: operationId, name: operation, clientId: context.clientId, startedAt: new Date() })
    if (this.running.size === 1) this.tellActivity(operation)
    const promise = (async () => {
      let refused = false
      try {
        return await work({
          signal: controller.signal,
          onProgress: (event) => this.events.emit({ type: 'progress', operation, operationId, event })
        })
      } catch (error) {
        refused = error instanceof MeridianError && error.code === 'BUSY'
        throw error
      } finally {
        this.running.delete(controller)
        // Browsing reads a private snapshot again once the last write is over: the app does not hold the store
        // (nor take its LOCK) while it is only looked at, and the next write checks for other holders afresh.
        if (writes && this.running.size === 0) {
          await this.current.store
            .endWrite()
            .catch((error: unknown) => this.logger.error(`Could not go back to reading a snapshot: ${(error as Error).message}`))
        }
        if (writes && !refused) this.events.emit({ type: 'store-changed' })
        if (this.running.size === 0) this.tellActivity(null)
      }
    })()
    this.inFlight.add(promise)
    const forget = (): void => {
      this.inFlight.delete(promise)
    }
    promise.then(forget, forget)
    return promise
  }

  /** The long call running now (its name), or null: what the desktop shell asks before it quits. */
  busyWith(): string | null {
    return this.firstRunning()?.name ?? null
  }

  private firstRunning(): RunningCall | undefined {
    return this.running.values().next().value
  }

  /**
   * Subscribes to the session's activity (the desktop shell's taskbar progress and keeping the machine awake);
   * returns the unsubscribe function.
   */
  onActivityChange(listener: ActivityListener): () => void {
    this.activityListeners.add(listener)
    return () => {
      this.activityListeners.delete(listener)
    }
  }

  private tellActivity(busyWith: string | null): void {
    for (const listener of [...this.activityListeners]) {
      try {
        listener(busyWith)
      } catch (error) {
        this.logger.error(`An activity listener failed: ${(error as Error).message}`)
      }
    }
  }

  /** Aborts every long call in flight, or only the one with `id`; false when nothing (or nothing by that id) was running. */
  cancel(id?: string): boolean {
    let cancelled = false
    for (const [controller, call] of this.running) {
      if (id !== undefined && call.id !== id) continue
      if (!controller.signal.aborted) {
        controller.abort()
        cancelled = true
      }
    }
    return cancelled
  }

  /** The desktop's powers; INVALID_INPUT on the web host, which serves only the store it was started on. */
  requireDesktop(): DesktopCapabilities {
    const desktop = this.options.desktop
    if (!desktop) {
      throw new MeridianError(
        'INVALID_INPUT',
        `This host serves only ${this.store.dataDir}; to administer another store, start it with --data-dir pointing there`
      )
    }
    return desktop
  }

  /** Desktop only: closes this store and serves the one at `dataDir` instead. BUSY while an operation runs. */
  async switchTo(dataDir: string): Promise<StoreInfo> {
    const desktop = this.requireDesktop()
    const resolved = path.resolve(dataDir)
    const busyWith = this.store.runningOperation ?? this.firstRunning()?.name
    if (busyWith) throw new MeridianError('BUSY', `Cannot open another store: a ${busyWith} is running on ${this.store.dataDir}`)
    if (resolved !== this.store.dataDir) {
      const previous = this.current
      await previous.store.exclusive('store switch', async () => {
        this.current = await openStore(resolved, undefined, this.migrations)
        await previous.store.close().catch((error: unknown) => console.error('Could not close the previous store:', error))
      })
      this.events.emit({ type: 'store-changed' })
    }
    await desktop.recent.remember(resolved)
    return this.info()
  }

  /**
   * The person confirmed upgrading an older RocksDB store's format: reopen the store itself instead of its
   * read-only snapshot (see store-opener.ts), keeping the backup folder. Nothing to do for any other store.
   */
  async allowFormatUpgrade(): Promise<void> {
    const previous = this.current
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

  /** Cancels what runs, waits for it to put the store back, and closes the store. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.cancel()
    await Promise.allSettled([...this.inFlight])
    await this.store.close()
  }
}
