import { afterEach, describe, expect, it } from 'vitest'
import { formatBytes, formatDateTime, formatDuration, formatEta } from '../../src/shared/format.ts'

describe('durations, ETAs and sizes', () => {
  it('choose the unit after rounding, so no value reads as a whole unit of the smaller one', () => {
    expect(formatDuration(999.6)).toBe('1.00 s')
    expect(formatDuration(9_999)).toBe('10.0 s')
    expect(formatDuration(59_960)).toBe('1 min 0 s')
    expect(formatDuration(119_700)).toBe('2 min 0 s')
    expect(formatDuration(3_599_600)).toBe('1 h 0 min')
    expect(formatEta(59.5)).toBe('1 min 0 s')
    expect(formatEta(119.2)).toBe('2 min 0 s')
    expect(formatBytes(1023)).toBe('1023 B')
    expect(formatBytes(1_048_575)).toBe('1.0 MB')
    expect(formatBytes(1024 * 1024 * 1024 - 1)).toBe('1.0 GB')
    expect(formatBytes(10_230)).toBe('10 KB')
  })
})

describe('a moment shown to a person', () => {
  const zone = process.env.TZ
  afterEach(() => {
    if (zone === undefined) delete process.env.TZ
    else process.env.TZ = zone
  })

  it('reads in local time labelled with its zone, the same in the CLI and the app', () => {
    process.env.TZ = 'UTC'
    expect(formatDateTime('2026-11-27T11:05:00Z')).toBe('2026-11-27 11:05:00 UTC')
    process.env.TZ = 'Asia/Singapore'
    expect(formatDateTime('2026-11-27T11:05:00Z')).toBe('2026-11-27 19:05:00 UTC+08:00')
    process.env.TZ = 'America/St_Johns'
    expect(formatDateTime('2026-11-27T11:05:00Z')).toBe('2026-11-27 07:35:00 UTC-03:30')
    expect(formatDateTime('not a time')).toBe('not a time')
  })
})
