import path from 'node:path'
import type { StoreKind } from '../../shared/store-status.ts'
import { openStoreDb } from '../engine/index.ts'
import { chronoTimestamp } from './chrono-time.ts'
import { Random } from './random.ts'

/** Where Meridian keeps its second store, inside the data directory. */
export const METRICS_DIR = 'metrics'
const SNAPSHOTS = 96
const HOUR = 3_600_000

/**
 * A stand-in for Meridian's metrics store at `<dataDir>/metrics`: a second store of the same kind, with hourly
 * counter snapshots. Its content is ours to invent (the sheet says only that it exists and is not ours); what
 * matters is that it is there, so tests prove that no command reads, changes or backs it up. Meridian's own is a
 * RocksDB with universal compaction and LZ4; this one has the engine's default options.
 */
export async function writeMetricsStore(dataDir: string, kind: StoreKind, seed: number): Promise<number> {
  const opened = await openStoreDb(path.join(dataDir, METRICS_DIR), { createIfMissing: true, createKind: kind })
  try {
    const rng = new Random(seed ^ 0x6d657472)
    const start = Date.UTC(2025, 5, 1)
    const ops = Array.from({ length: SNAPSHOTS }, (_, i) => ({
      type: 'put' as const,
      key: Buffer.from(`snapshot:${chronoTimestamp(start + i * HOUR)}`, 'utf8'),
      value: Buffer.from(JSON.stringify({ tool_calls: rng.int(0, 400), tasks_saved: rng.int(0, 60), p95_ms: rng.int(2, 90) }), 'utf8')
    }))
    await opened.db.batch(ops)
    return SNAPSHOTS
  } finally {
    await opened.db.close()
    await opened.release()
  }
}
