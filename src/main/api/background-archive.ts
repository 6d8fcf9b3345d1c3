import type { ApiEvent } from '../../shared/api.contract.ts'
import { toErrorShape } from '../../shared/errors.ts'
import type { Logger, MigrationManager } from '../engine/index.ts'
import type { ApiEventHub } from './api-events.ts'

type ArchiveProgressEvent = Extract<ApiEvent, { type: 'archive-progress' }>

interface Queued {
  manager: MigrationManager
  checkpointId: string
}

/**
 * The portable archives a session writes after migrations commit (`migration.run` with `archive`), one at a time
 * in the order asked, each reported as `archive-progress` events. Not a long call of the session's `run`: it reads
 * the checkpoint's own files, so it neither waits for an operation on the store nor holds one up, and
 * `operation.cancel` leaves it alone; `stop` (the person's Stop, a store switch or close) ends it, and what it had
 * written is removed by the archive writer, the checkpoint kept.
 */
export class BackgroundArchive {
  private readonly queue: Queued[] = []
  private current: { checkpointId: string; controller: AbortController } | null = null
  private draining: Promise<void> | null = null

  constructor(
    private readonly events: ApiEventHub,
    /** The session's logger, asked each time (the session sets its own after its fields). */
    private readonly logger: () => Logger
  ) {}

  /** Archives checkpoint `checkpointId` of `manager`'s store once those asked before are done. */
  start(manager: MigrationManager, checkpointId: string): void {
    this.queue.push({ manager, checkpointId })
    this.draining ??= this.drain().finally(() => {
      this.draining = null
    })
  }

  /** Stops the archive being written and drops those waiting; false when none was. */
  stop(): boolean {
    const dropped = this.queue.splice(0)
    for (const { checkpointId } of dropped) this.emit(checkpointId, { state: 'stopped' })
    if (this.current && !this.current.controller.signal.aborted) {
      this.current.controller.abort()
      return true
    }
    return dropped.length > 0
  }

  /** The checkpoint being archived now, or null. */
  get running(): string | null {
    return this.current?.checkpointId ?? null
  }

  /** Resolves once nothing is being archived (what the session waits for before it closes the store). */
  async idle(): Promise<void> {
    await this.draining
  }

  private async drain(): Promise<void> {
    for (let next = this.queue.shift(); next; next = this.queue.shift()) await this.archive(next)
  }

  private async archive({ manager, checkpointId }: Queued): Promise<void> {
    const controller = new AbortController()
    this.current = { checkpointId, controller }
    this.emit(checkpointId, { state: 'running' })
    try {
      const archive = await manager.archiveCheckpoint(checkpointId, {
        signal: controller.signal,
        onProgress: (progress) => this.emit(checkpointId, { state: 'running', progress })
      })
      this.logger().info(`Archive ${archive.id} written from checkpoint ${checkpointId}`)
      this.emit(checkpointId, { state: 'done', archiveId: archive.id })
    } catch (error) {
      if (controller.signal.aborted) {
        this.logger().info(`The archive of checkpoint ${checkpointId} was stopped; the checkpoint is kept`)
        this.emit(checkpointId, { state: 'stopped' })
      } else {
        this.logger().error(`The archive of checkpoint ${checkpointId} failed: ${(error as Error).message}`)
        this.emit(checkpointId, { state: 'failed', error: toErrorShape(error) })
      }
    } finally {
      this.current = null
    }
  }

  private emit(checkpointId: string, event: Partial<ArchiveProgressEvent> & Pick<ArchiveProgressEvent, 'state'>): void {
    this.events.emit({ type: 'archive-progress', checkpointId, progress: null, archiveId: null, error: null, ...event })
  }
}
