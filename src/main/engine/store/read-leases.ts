import { AsyncLocalStorage } from 'node:async_hooks'

/**
 * The reads in flight on each handle a store has had. A handle is swapped out while reads that began on it still
 * run (a second window asks for status while the first one's migration ends, and the write handle is closed as the
 * store goes back to a snapshot): closing it under them answered those reads "database is not open". So a handle
 * is closed once its reads have finished, and a read runs on one handle from start to end (current()).
 */
export class ReadLeases<Handle extends object> {
  private readonly counts = new Map<Handle, number>()
  private readonly waiters = new Map<Handle, Array<() => void>>()
  /** The handle the read running in this async context holds, so every step of it uses that one. */
  private readonly context = new AsyncLocalStorage<Handle>()

  /** The handle held by the read this code runs in; undefined outside one. */
  current(): Handle | undefined {
    return this.context.getStore()
  }

  /** Runs `work` on `handle`, which stays open until `work` settles and is `current()` throughout it. */
  async hold<T>(handle: Handle, work: (handle: Handle) => Promise<T>): Promise<T> {
    this.counts.set(handle, (this.counts.get(handle) ?? 0) + 1)
    try {
      return await this.context.run(handle, () => work(handle))
    } finally {
      const left = (this.counts.get(handle) ?? 1) - 1
      if (left > 0) this.counts.set(handle, left)
      else {
        this.counts.delete(handle)
        for (const wake of this.waiters.get(handle) ?? []) wake()
        this.waiters.delete(handle)
      }
    }
  }

  /** How many reads run on `handle` now. */
  inFlight(handle: Handle): number {
    return this.counts.get(handle) ?? 0
  }

  /**
   * Resolves once no read runs on `handle`, or after `maxMs` (true when they finished): a read that never ends
   * must not keep a write handle, and the store's LOCK with it, open for good.
   */
  drained(handle: Handle, maxMs: number): Promise<boolean> {
    if (this.inFlight(handle) === 0) return Promise.resolve(true)
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), maxMs)
      timer.unref()
      const wake = (): void => {
        clearTimeout(timer)
        resolve(true)
      }
      this.waiters.set(handle, [...(this.waiters.get(handle) ?? []), wake])
    })
  }
}
