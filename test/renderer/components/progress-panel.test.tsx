import { describe, expect, it } from 'vitest'
import { cancelStateText, overallFigures, progressFigures } from '../../../src/renderer/src/components/ProgressPanel.tsx'
import type { ProgressEvent } from '../../../src/shared/progress.ts'

const backup = (patch: Partial<ProgressEvent>): ProgressEvent => ({
  phase: 'backup',
  done: 12_108,
  total: 708_960,
  itemsPerSecond: 24_000,
  etaSeconds: null,
  step: null,
  ...patch
})

describe('what the progress panel says', () => {
  it('"about" before an estimated total, to screen readers too, and "estimating…" for a young ETA', () => {
    const figures = progressFigures(backup({ totalIsEstimate: true }))
    expect(figures.about).toBe('about ')
    expect(figures.valueText).toBe('Backing up: 12,108 of about 708,960 (1%)')
    expect(figures.eta).toBe('estimating…')
  })

  it('a counted total as it is, with the ETA at the current rate', () => {
    const figures = progressFigures(backup({ total: 880_000, done: 440_000, etaSeconds: 18 }))
    expect(figures.about).toBe('')
    expect(figures.valueText).toBe('Backing up: 440,000 of 880,000 (50%)')
    expect(figures.eta).toBe('18 s')
  })

  it('the whole operation as a phase of how many and a percent, only when it has more than one phase', () => {
    const migrating = backup({ phase: 'migrate', done: 500, total: 1000, overall: { done: 1500, total: 2000, phase: 2, phases: 2 } })
    expect(overallFigures(migrating)).toMatchObject({ text: 'Phase 2 of 2 · 75% overall', fraction: 0.75 })
    expect(overallFigures(backup({ overall: { done: 5, total: 10, phase: 1, phases: 1 } }))).toBeNull()
    expect(overallFigures(backup({}))).toBeNull()
    expect(overallFigures(null)).toBeNull()
  })

  it('what a cancel came to: asked for, withdrawn at the commit, or too late for it', () => {
    expect(cancelStateText(false, false)).toBe('')
    expect(cancelStateText(false, true)).toMatch(/^Cancelling: the store is being put back/)
    expect(cancelStateText(true, false)).toMatch(/^Committed: .*can no longer be cancelled/)
    expect(cancelStateText(true, true)).toMatch(/^Too late to cancel: .*already been committed/)
  })
})
