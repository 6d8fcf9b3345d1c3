import { prefixRange } from './store-keys.ts'

/**
 * Counts the keys under some prefixes while another scan streams past them, so a later pass over those prefixes
 * knows its progress total without a counting scan of its own (on 1M records a keys-only count takes ~4 s).
 */
export class KeyTally {
  private readonly ranges: Array<{ prefix: string; gte: Buffer; lt: Buffer }>
  private readonly tallies = new Map<string, number>()

  constructor(prefixes: readonly string[]) {
    this.ranges = prefixes.map((prefix) => ({ prefix, ...prefixRange(prefix) }))
    for (const prefix of prefixes) this.tallies.set(prefix, 0)
  }

  observe(batch: ReadonlyArray<readonly [Buffer, Buffer]>): void {
    for (const range of this.ranges) {
      let count = 0
      for (const [key] of batch) if (Buffer.compare(key, range.gte) >= 0 && Buffer.compare(key, range.lt) < 0) count++
      if (count > 0) this.tallies.set(range.prefix, (this.tallies.get(range.prefix) ?? 0) + count)
    }
  }

  /** Keys seen under `prefix`; undefined for a prefix this tally was not asked to count. */
  countOf(prefix: string): number | undefined {
    return this.tallies.get(prefix)
  }
}
