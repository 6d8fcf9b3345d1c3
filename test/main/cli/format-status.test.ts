import { describe, expect, it } from 'vitest'
import { formatHistory, formatStatus } from '../../../src/main/cli/format-status.ts'
import type { HistoryEntry } from '../../../src/shared/history.ts'
import type { StoreCounts, StoreStatus } from '../../../src/shared/store-status.ts'

const upToDate: StoreStatus = {
  dataDir: '/data/meridian',
  kind: 'leveldb',
  identity: 'meridian',
  formatUpgrade: null,
  currentVersion: 2,
  targetVersion: 2,
  upToDate: true,
  tooNew: false,
  pending: [],
  recovery: null,
  inUseBy: [],
  prefixes: ['_schema_version', 'task:'],
  prefixesTruncated: false,
  versionedPrefixes: ['task:']
}
const counts: StoreCounts = { keys: 1236, prefixes: [{ prefix: 'task:', records: 1234, versions: { '2': 1234 } }] }

/** The seed's own history entry, as Meridian writes it (no fields of ours). */
const meridianEntry: HistoryEntry = {
  from_version: 1,
  to_version: 2,
  started_at: '2024-01-01T12:00:00Z',
  completed_at: '2024-01-01T12:00:02.340Z',
  items_migrated: 1234,
  backup_key: '_backup_20240101_120000',
  success: true,
  error: null
}

describe('status output', () => {
  it("reproduces the seed's Schema Version Status layout for an up-to-date store", () => {
    const text = formatStatus(upToDate, counts, [meridianEntry])
    expect(text).toBe(
      [
        'Schema Version Status',
        '====================',
        'Current version: v2',
        'Target version:  v2',
        '',
        '✓ Schema is up to date',
        '',
        'Store kind: LevelDB',
        '',
        'Records:',
        '  task:            1,234  (v2: 1,234)',
        '  Total keys       1,236',
        '',
        'Migration History:',
        '------------------',
        '1. v1 -> v2 at 2024-01-01 12:00:00 UTC',
        '   Status: ✓ Success',
        '   Items migrated: 1,234',
        '   Duration: 2.34s',
        '   Backup: _backup_20240101_120000'
      ].join('\n')
    )
  })

  it('lists the pending steps when the store is behind', () => {
    const text = formatStatus(
      {
        ...upToDate,
        currentVersion: 1,
        targetVersion: 3,
        upToDate: false,
        pending: [
          { from: 1, to: 2, name: 'A' },
          { from: 2, to: 3, name: 'B' }
        ]
      },
      counts,
      []
    )
    expect(text).toContain('⚠ Schema migration required: v1 -> v3\n  - v1 -> v2: A\n  - v2 -> v3: B\n')
    expect(text).toContain('Migration History:\n------------------\nNo migrations recorded')
  })

  it('says a too-new store is newer than supported, and that it is this tool that is too old', () => {
    const text = formatStatus({ ...upToDate, currentVersion: 4, targetVersion: 3, upToDate: false, tooNew: true }, counts, [])
    expect(text).toContain('✗ Schema version is newer than supported')
    expect(text).toContain('this Meridian Admin supports up to v3; the store is at v4')
    expect(text).toContain('use a newer Meridian Admin, or load the migration set')
  })

  it('names a RocksDB store and warns when its format is older than this tool reads without upgrading', () => {
    const formatUpgrade = { storeRocksdbVersion: '7.8.3', engineRocksdbVersion: '9.7.4', allowed: false }
    const text = formatStatus({ ...upToDate, kind: 'rocksdb', formatUpgrade }, counts, [])
    expect(text).toContain('Store kind: RocksDB\n⚠ Format upgrade: This store was written by RocksDB 7.8.3; this tool runs RocksDB 9.7.4.')
    expect(text).toContain('--allow-format-upgrade')
  })

  it('says a Snappy store is read through a copy ldb recompressed, and that a write recompresses the store itself', () => {
    const formatUpgrade = { storeRocksdbVersion: '7.8.3', engineRocksdbVersion: '9.7.4', allowed: false, recompressed: true }
    const reading = formatStatus({ ...upToDate, kind: 'rocksdb', formatUpgrade }, counts, [])
    expect(reading).toContain(
      "Its tables are Snappy-compressed, which this tool's RocksDB cannot read: it is read through a private snapshot recompressed to ZSTD by RocksDB's ldb"
    )
    expect(reading).toContain('migrating or restoring would recompress the store itself')
    const writing = formatStatus({ ...upToDate, kind: 'rocksdb', formatUpgrade: { ...formatUpgrade, allowed: true } }, counts, [])
    expect(writing).toContain("RocksDB's ldb has recompressed them to ZSTD")
  })

  it('lists the key prefixes, marked not counted, where the counts would be when the records are not counted (--no-counts)', () => {
    const text = formatStatus({ ...upToDate, prefixesTruncated: true }, null, [])
    expect(text).toContain(
      'Store kind: LevelDB\n\nKey prefixes (not counted):\n  _schema_version\n  task:\n  … and more (counting lists them all)\n\nMigration History:'
    )
    expect(text).not.toContain('Records:')
  })

  it('shows failed, cancelled and restored entries with their status, error and duration', () => {
    const text = formatHistory([
      { ...meridianEntry, success: false, status: 'failed', error: 'Failed to deserialize Task v1 (key task:x)', duration_ms: 1500, name: 'Task v1 → v2' },
      { ...meridianEntry, success: false, status: 'cancelled', error: 'Cancelled by the user', duration_ms: 10 },
      { ...meridianEntry, from_version: 3, to_version: 1, status: 'restored', name: 'Restore backup_20240101_120000', duration_ms: 80 }
    ])
    expect(text).toContain('1. v1 -> v2 at 2024-01-01 12:00:00 UTC\n   Status: ✗ Failed\n')
    expect(text).toContain('   Error: Failed to deserialize Task v1 (key task:x)')
    expect(text).toContain('   Duration: 1.50s')
    expect(text).toContain('2. v1 -> v2 at 2024-01-01 12:00:00 UTC\n   Status: ⊘ Cancelled')
    expect(text).toContain('3. v3 -> v1 at 2024-01-01 12:00:00 UTC\n   Status: ↺ Restored\n   Operation: Restore backup_20240101_120000')
  })
})
