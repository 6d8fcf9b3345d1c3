import { describe, expect, it } from 'vitest'
import { taskV3Schema } from '../../../helpers/example-set.ts'
import { taskV2, taskV3 } from '../../../helpers/tasks.ts'

describe('Task v3 schema', () => {
  it('requires schema_version 3 and a spec_refs array', () => {
    expect(taskV3Schema.safeParse(taskV3()).success).toBe(true)
    expect(taskV3Schema.safeParse(taskV3({ spec_refs: [] })).success).toBe(true)
    expect(taskV3Schema.safeParse(taskV3({ schema_version: 2 })).success).toBe(false)
    const record = taskV3()
    delete record.spec_refs
    expect(taskV3Schema.safeParse(record).error?.issues[0]?.path).toEqual(['spec_refs'])
  })

  it('rejects a single spec_ref object where spec_refs must be an array', () => {
    const result = taskV3Schema.safeParse(taskV3({ spec_refs: { spec_name: 's', section: '1' } }))
    expect(result.error?.issues[0]?.path).toEqual(['spec_refs'])
  })

  it('rejects a v2 record', () => {
    expect(taskV3Schema.safeParse(taskV2()).success).toBe(false)
  })
})
