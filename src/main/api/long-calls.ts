import { randomUUID } from 'node:crypto'
import type { CallContext } from '../../shared/api.contract.ts'
import { MeridianError } from '../../shared/errors.ts'
import type { Logger, OperationOptions } from '../engine/index.ts'
import type { ApiEventHub } from './api-events.ts'

/** Told the long call now running when the first starts, and null once the last has ended and put the store back. */
export type ActivityListener = (busyWith: string | null) => void

/** A long call in flight: its id (given here), its name, who started it and when. */
export interface RunningCall {
  id: string
  name: string
  clientId: string | undefined
  startedAt: Date
  /** Its commit is durable: a cancel would change nothing, so `cancel` leaves it alone. */
  committed?: boolean
}

/** What a session does around a long call: before one that writes starts, and once the last that wrote has ended. */
export interface LongCallHooks {
  beforeWrite(): void
  afterLastWrite(): Promise<void>
  logger(): Logger
}

/**
 * The long calls running on a session's store: each with its AbortController (which `cancel` aborts), its id
 * and name for the progress and `committed` events it sends, and who started it (a reloaded page finds its own).
 * Also tells activity listeners (the desktop's taskbar progress) when the store becomes busy and idle again.
 */
export class LongCalls {
  private readonly running = new Map<AbortController, RunningCall>()
  private readonly inFlight = new Set<Promise<unknown>>()
  private readonly activityListeners = new Set<ActivityListener>()

  constructor(
    private readonly events: ApiEventHub,
    private readonly hooks: LongCallHooks
  ) {}

  /**
   * Runs one call: it gets a signal `cancel` aborts and forwards its progress as `progress` events named
   * `operation`; calls that may write announce `store-changed` when they end (whatever the outcome: a failed
   * migration still adds to the history), except when refused as BUSY.
   */
  run<T>(operation: string, work: (options: OperationOptions) => Promise<T>, { writes, context = {} }: { writes: boolean; context?: CallContext }): Promise<T> {
    if (writes) this.hooks.beforeWrite()
    const controller = new AbortController()
    const operationId = `op-${randomUUID()}`
    const call: RunningCall = { id: operationId, name: operation, clientId: context.clientId, startedAt: new Date() }
    this.running.set(controller, call)
    if (this.running.size === 1) this.tellActivity(operation)
    const promise = (async () => {
      let refused = false
      try {
        return await work({
          signal: controller.signal,
          onProgress: (event) => this.events.emit({ type: 'progress', operation, operationId, event }),
          onCommitted: () => {
            call.committed = true
            this.events.emit({ type: 'committed', operation, operationId })
          }
        })
      } catch (error) {
        refused = error instanceof MeridianError && error.code === 'BUSY'
        throw error
      } finally {
        this.running.delete(controller)
        if (writes && this.running.size === 0) await this.hooks.afterLastWrite()
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

  /** The first long call in flight, if any. */
  first(): RunningCall | undefined {
    return this.running.values().next().value
  }

  /**
   * Aborts every long call in flight, or only the one with `id`; false when nothing (or nothing by that id) was
   * running, or only a call whose commit is durable (nothing is left to undo).
   */
  cancel(id?: string): boolean {
    let cancelled = false
    for (const [controller, call] of this.running) {
      if (id !== undefined && call.id !== id) continue
      if (!controller.signal.aborted && !call.committed) {
        controller.abort()
        cancelled = true
      }
    }
    return cancelled
  }

  /** Resolves once every call in flight has ended, however it ended. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.inFlight])
  }

  /** Subscribes to the activity (busy with what, or idle); returns the unsubscribe function. */
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
        this.hooks.logger().error(`An activity listener failed: ${(error as Error).message}`)
      }
    }
  }
}
