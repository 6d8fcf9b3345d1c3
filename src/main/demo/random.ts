/** mulberry32: a tiny, fast, seedable PRNG; plenty for demo data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The demo's one source of randomness: every choice goes through it, so a seed fixes every byte. */
export class Random {
  private readonly next: () => number
  constructor(seed: number) {
    this.next = mulberry32(seed)
  }
  float(): number {
    return this.next()
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }
  chance(probability: number): boolean {
    return this.next() < probability
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T
  }
  /** Up to `max` distinct items, in the list's order. */
  some<T>(items: readonly T[], max: number): T[] {
    const pool = [...items]
    const chosen = new Set<T>()
    for (let left = this.int(0, Math.min(max, items.length)); left > 0; left--) {
      chosen.add(pool.splice(this.int(0, pool.length - 1), 1)[0] as T)
    }
    return items.filter((item) => chosen.has(item))
  }
  hex(length: number): string {
    let text = ''
    while (text.length < length)
      text += Math.floor(this.next() * 0x100000000)
        .toString(16)
        .padStart(8, '0')
    return text.slice(0, length)
  }
}

/** A stable 8-hex-digit suffix for record `index`, so any record's id can be derived without storing ids. */
function idSuffix(seed: number, kind: number, index: number): string {
  const mixed = Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b) ^ Math.imul(kind, 0xc2b2ae35)
  return Math.floor(mulberry32(mixed)() * 0x100000000)
    .toString(16)
    .padStart(8, '0')
}
export const demoTaskId = (seed: number, index: number): string => `task-${String(index + 1).padStart(6, '0')}-${idSuffix(seed, 1, index)}`
export const demoEpisodeId = (seed: number, index: number): string => `episode-${String(index + 1).padStart(6, '0')}-${idSuffix(seed, 2, index)}`
