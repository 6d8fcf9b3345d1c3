import { execFileSync } from 'node:child_process'
import { taskV1 } from './tasks.ts'

/** Runs RocksDB's own `ldb` (Debian's rocksdb-tools, RocksDB 7.8) on `dataDir`; returns its stdout. */
export function ldb(dataDir: string, ...args: string[]): string {
  return execFileSync('ldb', [`--db=${dataDir}`, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
}

/** What a Meridian RocksDB store written by `writeLdbStore` holds: v1 tasks and untouched `episode:` records. */
export function meridianRecords(tasks: number): Array<[string, string]> {
  const records: Array<[string, string]> = []
  for (let i = 0; i < tasks; i++) {
    const id = `task-${String(i).padStart(4, '0')}`
    records.push([`task:${id}`, JSON.stringify(taskV1({ id, title: `Task ${i}` }))])
  }
  records.push(['episode:ep-1', JSON.stringify({ id: 'ep-1', summary: 'An episode Meridian recorded', tasks: ['task-0000'] })])
  records.push(['episode:ep-2', JSON.stringify({ id: 'ep-2', summary: 'Ünïcode and "quotes" survive' })])
  return records
}

/**
 * A RocksDB store written by `ldb` with default options in the default column family: Snappy compression as
 * Meridian's own stores, or ZSTD (the compression the binding can read).
 */
export function writeLdbStore(dataDir: string, records: ReadonlyArray<readonly [string, string]>, compression: 'snappy' | 'zstd'): void {
  const [first, ...rest] = records
  if (!first) throw new Error('no records to write')
  const options = [`--compression_type=${compression}`]
  ldb(dataDir, ...options, '--create_if_missing', 'put', first[0], first[1])
  if (rest.length > 0) ldb(dataDir, ...options, 'batchput', ...rest.flat())
}
