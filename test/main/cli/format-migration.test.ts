import { describe, expect, it } from 'vitest'
import { fieldLines, formatDryRun } from '../../../src/main/cli/format-migration.ts'
import type { DryRunReport } from '../../../src/shared/migration-result.ts'

const STEP = 'Task v1 → v2: Add depends_on and related_tasks fields'

function report(overrides: Partial<DryRunReport> = {}): DryRunReport {
  return {
    from: 1,
    to: 2,
    steps: [{ from: 1, to: 2, name: STEP, items: 3 }],
    itemsToMigrate: 3,
    itemsScanned: 3,
    failures: [],
    failuresOmitted: 0,
    sample: null,
    fields: [
      { step: STEP, field: 'related_tasks', kept: 1, defaulted: 2, lost: 0 },
      { step: STEP, field: 'timeout_hours', kept: 0, defaulted: 2, lost: 1 }
    ],
    losses: { records: 1, sample: [{ key: 'task:c', loses: ['timeout_hours: 4.5 (not a u32, a whole number 0…4294967295)'] }] },
    ...overrides
  }
}

describe('formatting per-field counts', () => {
  it('gives one heading per step and one aligned line per field, naming losses only where there are some', () => {
    expect(fieldLines(report().fields)).toEqual([
      `  Fields (${STEP}):`,
      '    related_tasks  1 kept, 2 defaulted',
      '    timeout_hours  0 kept, 2 defaulted, 1 lost a value (replaced by the default)'
    ])
    expect(fieldLines(undefined)).toEqual([])
  })

  it('a dry run that would replace a value does not say every record migrates cleanly', () => {
    const text = formatDryRun(report())
    expect(text).not.toContain('Every record migrates cleanly')
    expect(text).toContain('✓ No record would fail')
    expect(text).toContain('⚠ 1 record would lose data (migrate needs --allow-data-loss):')
  })

  it('a dry run with nothing to lose still does', () => {
    expect(formatDryRun(report({ losses: { records: 0, sample: [] } }))).toContain('✓ Every record migrates cleanly')
  })
})
