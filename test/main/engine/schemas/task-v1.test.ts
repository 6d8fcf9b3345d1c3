import { describe, expect, it } from 'vitest'
import { taskV1Schema } from '../../../../src/main/engine/schemas/task-v1.ts'
import { taskV1 } from '../../../helpers/tasks.ts'

describe('Task v1 schema', () => {
  it('accepts a record without schema_version (Meridian’s oldest records)', () => {
    expect('schema_version' in taskV1()).toBe(false)
    expect(taskV1Schema.safeParse(taskV1()).success).toBe(true)
  })

  it('accepts schema_version 1', () => {
    expect(taskV1Schema.safeParse(taskV1({ schema_version: 1 })).success).toBe(true)
  })

  it.each([2, 3, '1', null])('rejects schema_version %j', (version) => {
    const result = taskV1Schema.safeParse(taskV1({ schema_version: version }))
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.path).toEqual(['schema_version'])
  })

  it('accepts spec_ref as an object, null or absent, and rejects an incomplete one', () => {
    expect(taskV1Schema.safeParse(taskV1({ spec_ref: null })).success).toBe(true)
    const { spec_ref: _gone, ...withoutRef } = taskV1()
    expect(taskV1Schema.safeParse(withoutRef).success).toBe(true)
    const result = taskV1Schema.safeParse(taskV1({ spec_ref: { spec_name: 'x' } }))
    expect(result.error?.issues[0]?.path).toEqual(['spec_ref', 'section'])
  })
})
