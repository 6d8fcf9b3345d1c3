import { ClassicLevel } from 'classic-level'
import { expect } from 'vitest'

/** `prefix1`…`prefixN` in key order: the keys of a small store a test tells apart from another by its prefix. */
export const keys = (prefix: string, count: number): string[] => Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`).sort()

/** A closed LevelDB store of `key → value of key`, opened a second time so its log became a table (something to link). */
export async function makeStore(dir: string, names: readonly string[]): Promise<void> {
  const db = new ClassicLevel<string, string>(dir)
  await db.open()
  await db.batch(names.map((key) => ({ type: 'put' as const, key, value: `value of ${key}` })))
  await db.close()
  const again = new ClassicLevel<string, string>(dir, { createIfMissing: false })
  await again.open()
  await again.close()
}

/** The keys of a store made by makeStore, each value checked to be its own. */
export async function keysOf(dir: string): Promise<string[]> {
  const db = new ClassicLevel<string, string>(dir, { createIfMissing: false })
  await db.open()
  try {
    const found: string[] = []
    for await (const [key, value] of db.iterator()) {
      expect(value).toBe(`value of ${key}`)
      found.push(key)
    }
    return found
  } finally {
    await db.close()
  }
}
