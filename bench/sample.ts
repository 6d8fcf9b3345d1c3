import { ClassicLevel } from 'classic-level'

/** The first `limit` entries of a store in key order (key and value bytes), read directly with classic-level. */
export async function readSample(dataDir: string, limit: number, range: { gte?: Buffer; lt?: Buffer } = {}): Promise<Array<[Buffer, Buffer]>> {
  const db = new ClassicLevel<Buffer, Buffer>(dataDir, { keyEncoding: 'buffer', valueEncoding: 'buffer', createIfMissing: false })
  await db.open()
  try {
    return (await db.iterator({ ...range, limit }).all()) as Array<[Buffer, Buffer]>
  } finally {
    await db.close()
  }
}

/** Best (shortest) of `runs` timings of a synchronous function, in seconds: less noise on a shared machine. */
export function bestOf(runs: number, work: () => void): number {
  let best = Infinity
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    work()
    best = Math.min(best, performance.now() - started)
  }
  return best / 1000
}
