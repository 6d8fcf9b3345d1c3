import { describe, expect, it } from 'vitest'
import { withFields } from '../../../../src/main/engine/migrations/record-fields.ts'

describe('withFields', () => {
  it('keeps the record’s fields in order, appends new ones, and leaves the record itself alone', () => {
    const record = { id: 't1', title: 'x', extra: { nested: true } }
    const frozen = structuredClone(record)
    const out = withFields(record, { schema_version: 2 as const, depends_on: [] as string[] })
    expect(Object.keys(out)).toEqual(['id', 'title', 'extra', 'schema_version', 'depends_on'])
    expect(out).toEqual({ ...record, schema_version: 2, depends_on: [] })
    expect(record).toEqual(frozen)
  })

  it('gives a field the record already has its new value in its old place', () => {
    const out = withFields({ schema_version: 1, id: 't1' }, { schema_version: 2 })
    expect(Object.keys(out)).toEqual(['schema_version', 'id'])
    expect(out.schema_version).toBe(2)
  })

  it('drops the omitted fields only', () => {
    const out = withFields({ id: 't1', spec_ref: { spec_name: 'a', section: '1' }, tags: [] }, { spec_refs: [] }, ['spec_ref'])
    expect(out).toEqual({ id: 't1', tags: [], spec_refs: [] })
  })

  it('keeps a "__proto__" field from JSON as a field, not as the prototype', () => {
    const record = JSON.parse('{"id":"t1","__proto__":{"polluted":true}}') as Record<string, unknown>
    const out = withFields(record, { schema_version: 2 }) as Record<string, unknown>
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
    expect(out.polluted).toBeUndefined()
    expect(JSON.stringify(out)).toBe('{"id":"t1","__proto__":{"polluted":true},"schema_version":2}')
  })
})
