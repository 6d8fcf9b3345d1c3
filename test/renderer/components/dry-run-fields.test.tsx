import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import type { DryRunReport as Report } from '../../../src/shared/migration-result.ts'
import { DryRunReport } from '../../../src/renderer/src/components/DryRunReport.tsx'
import { FieldReportTable } from '../../../src/renderer/src/components/FieldReportTable.tsx'

const STEP = 'Task v1 → v2: Add depends_on and related_tasks fields'

function report(overrides: Partial<Report> = {}): Report {
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
    losses: { records: 1, sample: [{ key: 'task:c', loses: ['timeout_hours: 4.5 (not a u32)'] }] },
    ...overrides
  }
}

/** The text a person reads, cell by cell. */
const text = (html: string): string => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')

describe('the app’s dry run report', () => {
  it('shows per field what records keep, get by default and lose', () => {
    const shown = text(renderToStaticMarkup(<FieldReportTable fields={report().fields} />))
    expect(shown).toContain('related_tasks 1 2 0')
    expect(shown).toContain('timeout_hours 0 2 1')
    expect(renderToStaticMarkup(<FieldReportTable fields={[]} />)).toBe('')
  })

  it('warns that values would be replaced, with the records, when an upgrade would lose data', () => {
    const shown = text(renderToStaticMarkup(<DryRunReport report={report()} />))
    expect(shown).toContain('1 would lose data')
    expect(shown).toContain('1 of 3 records would lose data')
    expect(shown).toContain('v2 cannot hold these values; they would be replaced by the default')
    expect(shown).toContain('task:c timeout_hours: 4.5 (not a u32)')
  })

  it('shows no loss warning when nothing would be lost', () => {
    const shown = text(renderToStaticMarkup(<DryRunReport report={report({ losses: { records: 0, sample: [] } })} />))
    expect(shown).toContain('no failures')
    expect(shown).not.toContain('would lose data')
  })
})
