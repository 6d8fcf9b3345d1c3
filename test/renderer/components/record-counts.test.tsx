import { describe, expect, it } from 'vitest'
import { versionedRecordsText } from '../../../src/renderer/src/components/MigrateConfirmDialog.tsx'
import { countingText } from '../../../src/renderer/src/components/RecordCounts.tsx'
import { countsSoFar, knownCounts, type CountsState } from '../../../src/renderer/src/stores/status.store.ts'
import type { ProgressEvent } from '../../../src/shared/progress.ts'
import type { StoreCounts, StoreStatus } from '../../../src/shared/store-status.ts'

const counts: StoreCounts = {
  keys: 4_000_102,
  prefixes: [
    { prefix: 'idx_status:', records: 1_000_000, versions: null },
    { prefix: 'task:', records: 1_000_000, versions: { '1': 999_000, invalid: 1_000 } }
  ]
}
const counting = (progress: Partial<ProgressEvent> | null): ProgressEvent | null =>
  progress && { phase: 'count', done: 0, total: 0, itemsPerSecond: 0, etaSeconds: null, step: null, ...progress }

describe('the record counts, which fill in after the status', () => {
  it('says how far the count is, naming no estimated total (only the share read, as "about"), before any figure "Counting records…"', () => {
    expect(countingText(null)).toBe('Counting records…')
    expect(countingText(counting({ done: 1_200_000, total: 4_000_000, totalIsEstimate: true }))).toBe('Counting records: 1,200,000 keys so far (about 30%)')
    expect(countingText(counting({ done: 4_000_102, total: 4_000_102 }))).toBe('Counting records: 4,000,102 of 4,000,102 keys (100%)')
  })

  it('quotes counts in dialogs only once the count is done; the table shows the counts so far while it runs', () => {
    const states: CountsState[] = [
      { state: 'idle' },
      { state: 'counting', progress: null, partial: { keys: 1, prefixes: [] } },
      { state: 'done', counts },
      { state: 'stopped', message: 'stopped' }
    ]
    expect(states.map(knownCounts)).toEqual([null, null, counts, null])
    expect(states.map(countsSoFar)).toEqual([null, { keys: 1, prefixes: [] }, counts, null])
  })

  it('names the versioned records a migration runs through: their number once counted, their prefixes before', () => {
    const status = { versionedPrefixes: ['task:'] } as Pick<StoreStatus, 'versionedPrefixes'> as StoreStatus
    expect(versionedRecordsText(status, counts)).toBe('1,000,000 versioned records go')
    expect(versionedRecordsText(status, null)).toBe('the records under task: go')
  })
})
