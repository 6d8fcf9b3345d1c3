import { describe, expect, it } from 'vitest'
import type { RestoreResult } from '../../src/shared/backup.ts'
import { describeRestoreMethod } from '../../src/shared/restore-method.ts'

const base: RestoreResult = { backupId: 'b', preRestoreBackupId: 'p', fromVersion: 2, toVersion: 1, keysWritten: 4000102, keysDeleted: 3, durationMs: 1 }
const count = (value: number): string => value.toLocaleString('en-US')

describe('the sentence that says how a restore put its backup in place', () => {
  it('names the swap of a checkpoint, with no key rewritten', () => {
    expect(describeRestoreMethod({ ...base, method: 'swap' }, '0.2 s', count)).toBe(
      "The store's directory was swapped for the checkpoint's in 0.2 s (no key rewritten)"
    )
  })

  it('names a store written from the archive beside the live one, with the keys written', () => {
    expect(describeRestoreMethod({ ...base, method: 'rebuild' }, '22.8 s', count)).toBe(
      'A new store was written from the archive (4,000,102 keys) beside this one and swapped in, in 22.8 s'
    )
  })

  it('says why a restore merged into the store itself when the disk lacked the room', () => {
    const merged = describeRestoreMethod({ ...base, method: 'merge', mergedBecause: '20 MB free beside the store' }, '3 s', count)
    expect(merged).toBe('4,000,102 keys written, 3 deleted in 3 s, in the store itself (20 MB free beside the store)')
  })
})
