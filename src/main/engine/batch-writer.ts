import { faultBeforeWrite, faultPoint } from './fault-injection.ts'
import type { BatchOp, Db } from './store.ts'

/** Bounded write batches: atomic per batch, and small enough that memory stays flat on any store size. */
export const WRITE_BATCH_OPS = 1000
export const WRITE_BATCH_BYTES = 4 * 1024 * 1024

/** Collects operations and writes them as LevelDB batches of bounded size. */
export class BatchWriter {
  private ops: BatchOp[] = []
  private bytes = 0

  constructor(
    private readonly db: Db,
    /** Called after each batch is written, with the number of operations in it. */
    private readonly onFlush?: (count: number) => void
  ) {}

  async put(key: Buffer, value: Buffer): Promise<void> {
    this.ops.push({ type: 'put', key, value })
    this.bytes += key.length + value.length
    if (this.ops.length >= WRITE_BATCH_OPS || this.bytes >= WRITE_BATCH_BYTES) await this.flush()
  }

  async del(key: Buffer): Promise<void> {
    this.ops.push({ type: 'del', key })
    this.bytes += key.length
    if (this.ops.length >= WRITE_BATCH_OPS) await this.flush()
  }

  async flush(): Promise<void> {
    if (this.ops.length === 0) return
    const ops = this.ops
    this.ops = []
    this.bytes = 0
    faultPoint('batch.before')
    faultBeforeWrite('store batch')
    await this.db.batch(ops)
    faultPoint('batch.after')
    this.onFlush?.(ops.length)
  }
}
