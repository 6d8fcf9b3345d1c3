import type { MeridianStore } from '../../src/main/engine/store/store.ts'
import { hexOf, putAll, type Snapshot } from './temp-store.ts'

/**
 * Keys that are not this tool's to change: other record types, Meridian's legacy in-store backups, and raw
 * binary keys and values that are not UTF-8 at all. Every operation must leave them byte-identical.
 */
export const FOREIGN_ENTRIES: ReadonlyArray<readonly [string | Buffer, string | Buffer | object]> = [
  ['episode:ep-1', { schema_version: 1, id: 'ep-1', task_id: 'task-1', agent: 'claude-code', outcome: 'success' }],
  // An episode that happens to look like a v1 task: still not ours.
  ['episode:ep-2', { id: 'ep-2', title: 'x', status: 'pending', priority: 'low', history: [], tags: [] }],
  ['session:s-1', '{"id":"s-1","note":"not JSON we know"}'],
  ['_backup_20240101_120000', { timestamp: '2024-01-01T12:00:00Z', prefix: 'task:', item_count: 1, keys: ['task:x'] }],
  // A legacy backup copy of a v1 task: it looks like a task but lives under `_backup_…`, so it stays v1.
  [
    '_backup_20240101_120000:task:x',
    { id: 'x', title: 'old', status: 'done', priority: 'low', created_at: '2024-01-01T00:00:00Z', updated_at: '2024-01-01T00:00:00Z', history: [], tags: [] }
  ],
  [Buffer.from([0xff, 0xfe, 0x00, 0x80]), Buffer.from([0x00, 0xc3, 0x28, 0xff, 0xfe, 0x0a])],
  [Buffer.concat([Buffer.from('episode:'), Buffer.from([0xc3, 0x28, 0xa0, 0xa1])]), Buffer.from([0xe2, 0x28, 0xa1, 0x00])],
  [Buffer.from([0x01]), Buffer.alloc(0)]
]

export async function writeForeignEntries(store: MeridianStore): Promise<void> {
  await putAll(store.db, FOREIGN_ENTRIES)
}

/** The foreign entries as they must appear in every later snapshot. */
export function foreignSnapshot(): Snapshot {
  const expected: Snapshot = {}
  for (const [key, value] of FOREIGN_ENTRIES) {
    const bytes = Buffer.isBuffer(value) ? value : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8')
    expected[hexOf(key)] = bytes.toString('hex')
  }
  return expected
}

/** The part of `snapshot` holding the foreign keys (missing ones are absent, so a comparison shows them). */
export function foreignPart(snapshot: Snapshot): Snapshot {
  const part: Snapshot = {}
  for (const [key] of FOREIGN_ENTRIES) {
    const hex = hexOf(key)
    if (hex in snapshot) part[hex] = snapshot[hex] as string
  }
  return part
}
