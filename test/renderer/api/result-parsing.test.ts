import { describe, expect, it } from 'vitest'
import { parseEvent, parseResult } from '../../../src/renderer/src/api/result-parsing.ts'

describe('parseResult: host answers are checked against the contract', () => {
  it('passes a well-formed success through, typed', () => {
    const result = parseResult('operation.cancel', { ok: true, value: { cancelled: true } })
    expect(result).toEqual({ ok: true, value: { cancelled: true } })
  })

  it('passes a coded error through', () => {
    const result = parseResult('migration.run', { ok: false, error: { code: 'BUSY', message: 'A migration is running' } })
    expect(result).toEqual({ ok: false, error: { code: 'BUSY', message: 'A migration is running' } })
  })

  it('turns a value of the wrong shape into INTERNAL naming the call and the field', () => {
    const result = parseResult('backups.list', { ok: true, value: [{ id: 'backup_20240101_120000', records: 'many' }] })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe('INTERNAL')
    expect(result.error.message).toContain('backups.list')
    expect(result.error.message).toMatch(/value\.0\./)
  })

  it('turns an unknown error code or a non-object into INTERNAL', () => {
    expect(parseResult('store.info', { ok: false, error: { code: 'NOPE', message: 'x' } })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(parseResult('store.info', 'Bad Gateway')).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
  })
})

describe('parseEvent', () => {
  it('accepts progress and store-changed events', () => {
    const progress = {
      type: 'progress',
      operation: 'migration.run',
      event: { phase: 'migrate', done: 5, total: 10, itemsPerSecond: 100, etaSeconds: 0.05, step: null }
    }
    expect(parseEvent(progress)).toEqual(progress)
    expect(parseEvent({ type: 'store-changed' })).toEqual({ type: 'store-changed' })
  })

  it('ignores anything else (null), without throwing', () => {
    const warn = console.warn
    console.warn = () => undefined
    try {
      expect(parseEvent({ type: 'progress', event: { done: -1 } })).toBeNull()
      expect(parseEvent(null)).toBeNull()
    } finally {
      console.warn = warn
    }
  })
})
