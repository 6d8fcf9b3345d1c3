import { describe, expect, it } from 'vitest'
import { taskV2Schema } from '../../../../src/main/engine/schemas/task-v2.ts'
import { taskV1, taskV2 } from '../../../helpers/tasks.ts'

describe('Task v2 schema', () => {
  it('requires schema_version 2', () => {
    expect(taskV2Schema.safeParse(taskV2()).success).toBe(true)
    expect(taskV2Schema.safeParse(taskV2({ schema_version: 1 })).success).toBe(false)
    expect(taskV2Schema.safeParse(taskV2({ schema_version: undefined })).success).toBe(false)
  })

  it.each(['depends_on', 'related_tasks', 'started_at', 'last_activity', 'timeout_hours'])('requires %s', (field) => {
    const record = taskV2()
    delete record[field]
    const result = taskV2Schema.safeParse(record)
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.path).toEqual([field])
  })

  it('accepts started_at and timeout_hours as null', () => {
    expect(taskV2Schema.safeParse(taskV2({ started_at: null, timeout_hours: null })).success).toBe(true)
  })

  it('rejects depends_on holding something other than task ids', () => {
    const result = taskV2Schema.safeParse(taskV2({ depends_on: [42] }))
    expect(result.error?.issues[0]?.path).toEqual(['depends_on', 0])
  })

  it('rejects a plain v1 record', () => {
    expect(taskV2Schema.safeParse(taskV1()).success).toBe(false)
  })
})
