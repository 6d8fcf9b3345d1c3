import { describe, expect, it } from 'vitest'
import { inStoreRestoreQuestion, restoreQuestion } from '../../../src/main/cli/format-backups.ts'
import type { BackupInfo } from '../../../src/shared/backup.ts'
import type { InStoreBackupInfo } from '../../../src/shared/in-store-backup.ts'

const now = {
  version: 2,
  counts: { keys: 7_969, prefixes: [{ prefix: 'task:', records: 3_000, versions: { '2': 3_000 } }] }
}

describe("the restore command's question", () => {
  it('shows the store now and the backup it returns to, version and keys, before asking', () => {
    const backup = { id: 'backup_20240101_120000', schemaVersion: 1, records: 7_968, createdAt: '2024-01-01T12:00:00Z', reason: 'pre-migration' } as BackupInfo
    expect(restoreQuestion('/data/store', now, backup)).toBe(
      [
        'Restore /data/store to backup backup_20240101_120000?',
        '  now:    v2, 7,969 keys',
        '  backup: v1, 7,968 keys, taken 2024-01-01 12:00:00 UTC (pre-migration)',
        'The whole content is replaced; the current content is backed up first.'
      ].join('\n')
    )
  })

  it("for an in-store backup, counts the prefix's records now and in the backup, and how many at least go", () => {
    const backup = { id: '_backup_20240101_120000', prefix: 'task:', records: 5, createdAt: '2024-01-01T12:00:00Z' } as InStoreBackupInfo
    const question = inStoreRestoreQuestion('/data/store', now, backup)
    expect(question).toContain('  now:    3,000 records under task:\n  backup: 5 records, taken 2024-01-01 12:00:00 UTC')
    expect(question).toContain('(at least 2,995 of them)')
  })
})
