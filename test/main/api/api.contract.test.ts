import { describe, expect, it } from 'vitest'
import { apiContract, apiEventSchema, apiMethods, apiResultSchema } from '../../../src/shared/api.contract.ts'

describe('the API contract', () => {
  it('names every call domain.action', () => {
    for (const method of apiMethods) expect(method).toMatch(/^[a-z]+\.[a-zA-Z]+$/)
  })

  it('accepts an empty object for calls without input and refuses extra keys', () => {
    expect(apiContract['store.status'].input.safeParse({}).success).toBe(true)
    expect(apiContract['store.status'].input.safeParse({ extra: 1 }).success).toBe(false)
    expect(apiContract['backups.list'].input.safeParse(null).success).toBe(false)
  })

  it('takes an optional whole-number target version for the migration calls', () => {
    const input = apiContract['migration.run'].input
    expect(input.safeParse({}).success).toBe(true)
    expect(input.safeParse({ to: 3 }).success).toBe(true)
    expect(input.safeParse({ to: '3' }).success).toBe(false)
    expect(input.safeParse({ to: 2.5 }).success).toBe(false)
    expect(input.safeParse({ to: 0 }).success).toBe(false)
    expect(input.safeParse({ to: 3, force: true }).success).toBe(false)
  })

  it('accepts only well-formed backup ids', () => {
    const input = apiContract['backups.restore'].input
    expect(input.safeParse({ id: 'backup_20240101_120000' }).success).toBe(true)
    expect(input.safeParse({ id: 'backup_20240101_120000_2' }).success).toBe(true)
    expect(input.safeParse({ id: '../../etc/passwd' }).success).toBe(false)
    expect(input.safeParse({ id: 'backup_2024' }).success).toBe(false)
    expect(input.safeParse({}).success).toBe(false)
  })

  it('defaults the record page size and bounds it', () => {
    const input = apiContract['store.records'].input
    expect(input.parse({ prefix: 'task:' })).toEqual({ prefix: 'task:', limit: 50 })
    expect(input.safeParse({ prefix: 'task:', limit: 201 }).success).toBe(false)
    expect(input.safeParse({ prefix: 'task:', limit: 0 }).success).toBe(false)
    expect(input.safeParse({ limit: 10 }).success).toBe(false)
  })

  it('store.records takes one cursor at most, a version or "invalid", and a bounded scan limit', () => {
    const input = apiContract['store.records'].input
    expect(input.safeParse({ prefix: 'task:', from: 'task:b', version: 'invalid', keyContains: 'b' }).success).toBe(true)
    const twoCursors = input.safeParse({ prefix: 'task:', after: 'task:a', from: 'task:b' })
    expect(twoCursors.success).toBe(false)
    expect(twoCursors.error?.issues[0]?.message).toMatch(/at most one of after, from and before/)
    expect(input.safeParse({ prefix: 'task:', version: 'bad' }).success).toBe(false)
    expect(input.safeParse({ prefix: 'task:', version: 0 }).success).toBe(false)
    expect(input.safeParse({ prefix: 'task:', keyContains: '' }).success).toBe(false)
    expect(input.safeParse({ prefix: 'task:', scanLimit: 1_000_000 }).success).toBe(false)
  })

  it('refuses an empty data directory for store.open', () => {
    expect(apiContract['store.open'].input.safeParse({ dataDir: '' }).success).toBe(false)
    expect(apiContract['store.open'].input.safeParse({ dataDir: '/data/meridian' }).success).toBe(true)
  })

  it('describes results as data or a coded error', () => {
    const result = apiResultSchema('operation.cancel')
    expect(result.safeParse({ ok: true, value: { cancelled: false } }).success).toBe(true)
    expect(result.safeParse({ ok: false, error: { code: 'BUSY', message: 'busy' } }).success).toBe(true)
    expect(result.safeParse({ ok: false, error: { code: 'NOPE', message: 'x' } }).success).toBe(false)
    expect(result.safeParse({ ok: true, value: { cancelled: 'yes' } }).success).toBe(false)
  })

  it('describes progress and store-changed events', () => {
    const progress = { phase: 'migrate', done: 5, total: 10, itemsPerSecond: 100, etaSeconds: 0.05, step: 'v1 → v2' }
    expect(apiEventSchema.safeParse({ type: 'progress', operation: 'migration.run', event: progress }).success).toBe(true)
    expect(apiEventSchema.safeParse({ type: 'store-changed' }).success).toBe(true)
    expect(apiEventSchema.safeParse({ type: 'progress', operation: 'migration.run', event: { ...progress, phase: 'x' } }).success).toBe(false)
  })
})
