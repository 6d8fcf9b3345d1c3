/** Pull-style reading over a stream of batches, one entry at a time: what a merge of two sorted streams needs. */
export class BatchCursor<T> {
  private batch: T[] = []
  private index = 0
  private done = false

  constructor(private readonly source: AsyncIterator<T[]>) {}

  static of<T>(iterable: AsyncIterable<T[]>): BatchCursor<T> {
    return new BatchCursor(iterable[Symbol.asyncIterator]())
  }

  /** The next entry without consuming it; undefined at the end. */
  async peek(): Promise<T | undefined> {
    while (this.index >= this.batch.length) {
      if (this.done) return undefined
      const next = await this.source.next()
      if (next.done) {
        this.done = true
        return undefined
      }
      this.batch = next.value
      this.index = 0
    }
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
