import { describe, expect, it } from 'vitest'
import { formatBytes, formatDuration, formatEta, formatNumber, formatPercent, formatRelative } from '../../../src/renderer/src/format/format-values.ts'

describe('how values read in the UI', () => {
  it('groups thousands and floors percentages (100% only when done)', () => {
    expect(formatNumber(33001)).toBe('33,001')
    expect(formatPercent(29_999, 30_000)).toBe('99%')
    expect(formatPercent(30_000, 30_000)).toBe('100%')
    expect(formatPercent(0, 0)).toBe('0%')
  })

  it('sizes, durations and ETAs', () => {
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(4_067_468)).toBe('3.9 MB')
    expect(formatDuration(649)).toBe('649 ms')
    expect(formatDuration(5162)).toBe('5.16 s')
    expect(formatDuration(125_000)).toBe('2 min 5 s')
    expect(formatEta(null)).toBe('estimating…')
    expect(formatEta(0.4)).toBe('under 1 s')
    expect(formatEta(75)).toBe('1 min 15 s')
  })

  it('relative times', () => {
    const now = Date.parse('2026-01-01T12:00:00Z')
    expect(formatRelative('2026-01-01T11:59:55Z', now)).toBe('just now')
    expect(formatRelative('2026-01-01T11:57:00Z', now)).toBe('3 min ago')
    expect(formatRelative('2025-12-29T12:00:00Z', now)).toBe('3 days ago')
  })
})
