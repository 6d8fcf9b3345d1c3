import { describe, expect, it } from 'vitest'
import type { HistoryEntry } from '../../../src/shared/history.ts'
import { newestFirst } from '../../../src/renderer/src/stores/history.store.ts'
import { statusOf } from '../../../src/renderer/src/components/HistoryPanel.tsx'

const entry = (started_at: string, extra: Partial<HistoryEntry> = {}): HistoryEntry => ({
  from_version: 1,
  to_version: 3,
  started_at,
  items_migrated: 0,
  success: true,
  ...extra
})

describe('the history timeline', () => {
  it('lists newest first; for equal start times the later-recorded entry first', () => {
    const a = entry('2026-01-01T10:00:00.000Z', { name: 'a' })
    const b = entry('2026-01-02T10:00:00.000Z', { name: 'b' })
    const c = entry('2026-01-02T10:00:00.000Z', { name: 'c' })
    expect(newestFirst([a, b, c]).map((e) => e.name)).toEqual(['c', 'b', 'a'])
  })

  it('derives a status for Meridian’s own entries, which have none', () => {
    expect(statusOf(entry('x', { success: true }))).toBe('success')
    expect(statusOf(entry('x', { success: false }))).toBe('failed')
    expect(statusOf(entry('x', { success: true, status: 'restored' }))).toBe('restored')
  })
})
