/**
 * Pull-style reading over a stream of batches, one entry at a time: what a merge of two sorted streams needs.
 * `peek` is synchronous; only `fill`, called when the current batch is used up, waits for the next one, so a
 * merge awaits once per batch rather than once per entry.
 */
export class BatchCursor<T> {
  private batch: T[] = []
  private index = 0
  private done = false

  constructor(private readonly source: AsyncIterator<T[]>) {}

  static of<T>(iterable: AsyncIterable<T[]>): BatchCursor<T> {
    return new BatchCursor(iterable[Symbol.asyncIterator]())
  }

  /** True when `peek` cannot answer without `fill` first. */
  get needsFill(): boolean {
    return this.index >= this.batch.length && !this.done
  }

  /** Loads the next non-empty batch, or marks the end. */
  async fill(): Promise<void> {
    while (this.needsFill) {
      const next = await this.source.next()
      if (next.done) this.done = true
      else {
        this.batch = next.value
        this.index = 0
      }
    }
  }

  /** The current entry without consuming it; undefined at the end (call `fill` first when `needsFill`). */
  peek(): T | undefined {
    return this.batch[this.index]
  }

  advance(): void {
    this.index++
  }

  /** Stops the underlying stream early (closes its iterator). */
  async close(): Promise<void> {
    if (!this.done) await this.source.return?.()
    this.done = true
  }
}
