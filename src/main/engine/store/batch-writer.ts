import { faultBeforeWrite, faultPoint } from '../support/fault-injection.ts'
import type { BatchOp, Db } from './store.ts'

/** Bounded write batches: atomic per batch, and small enough that memory stays flat on any store size. */
export const WRITE_BATCH_OPS = 1000
export const WRITE_BATCH_BYTES = 4 * 1024 * 1024

/**
 * Collects operations and writes them as LevelDB batches of bounded size, in order. One batch may be in flight
 * while the caller prepares the next (the write runs on libuv's pool, the caller's CPU work on the main thread),
 * so `put` only waits when a second batch is full. Whoever uses a writer must call `flush` on success and
 * `settle` on failure: nothing may touch the store (a rollback above all) while a batch is still being written.
 */
export class BatchWriter {
  private ops: BatchOp[] = []
  private bytes = 0
  private inFlight: Promise<void> | null = null

  constructor(private readonly db: Db) {}

  async put(key: Buffer, value: Buffer): Promise<void> {
    this.ops.push({ type: 'put', key, value })
    this.bytes += key.length + value.length
    if (this.ops.length >= WRITE_BATCH_OPS || this.bytes >= WRITE_BATCH_BYTES) await this.send()
  }

  async del(key: Buffer): Promise<void> {
    this.ops.push({ type: 'del', key })
    this.bytes += key.length
    if (this.ops.length >= WRITE_BATCH_OPS) await this.send()
  }

  /** Writes what is pending and waits until every batch is on disk; throws the first write error. */
  async flush(): Promise<void> {
    await this.send()
    await this.wait()
  }

  /** Waits for the batch in flight, ignoring its error: for cleanup paths that already have an error to report. */
  async settle(): Promise<void> {
    await this.inFlight?.catch(() => undefined)
    this.inFlight = null
  }

  /** Starts writing the pending operations once the previous batch is done. */
  private async send(): Promise<void> {
    await this.wait()
    if (this.ops.length === 0) return
    const ops = this.ops
    this.ops = []
    this.bytes = 0
    faultPoint('batch.before')
    faultBeforeWrite('store batch')
    this.inFlight = this.db.batch(ops).then(() => faultPoint('batch.after'))
    // Seen by `wait` on the next call; marked handled now so a failure is not reported as unhandled meanwhile.
    this.inFlight.catch(() => undefined)
  }

  private async wait(): Promise<void> {
    const inFlight = this.inFlight
    if (!inFlight) return
    this.inFlight = null
    await inFlight
  }
}
