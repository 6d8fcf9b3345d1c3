import { describe, expect, it } from 'vitest'
import { meridianTaskSchema } from '../../../../src/main/engine/schemas/meridian-task.ts'
import { taskV2Schema } from '../../../../src/main/engine/schemas/task-v2.ts'
import { taskV2WrittenSchema } from '../../../../src/main/engine/schemas/task-v2-written.ts'
import { taskV1, taskV2 } from '../../../helpers/tasks.ts'

describe('Task v2 schema', () => {
  it('requires schema_version 2', () => {
    expect(taskV2Schema.safeParse(taskV2()).success).toBe(true)
    expect(taskV2Schema.safeParse(taskV2({ schema_version: 1 })).success).toBe(false)
    expect(taskV2Schema.safeParse(taskV2({ schema_version: undefined })).success).toBe(false)
  })

  it.each(['depends_on', 'related_tasks', 'started_at', 'last_activity', 'timeout_hours', 'history', 'tags', 'spec_ref'])(
    'accepts a record without %s, which Meridian defaults',
    (field) => {
      const record = taskV2()
      delete record[field]
      expect(taskV2Schema.safeParse(record).success).toBe(true)
    }
  )

  it.each([4.5, -1, 4294967296, '24', true])('rejects timeout_hours %j, which a u32 cannot hold', (value) => {
    expect(taskV2Schema.safeParse(taskV2({ timeout_hours: value })).error?.issues[0]?.path).toEqual(['timeout_hours'])
  })

  it.each([0, 4294967295, null])('accepts timeout_hours %j', (value) => {
    expect(taskV2Schema.safeParse(taskV2({ timeout_hours: value })).success).toBe(true)
  })

  it.each([
    ['depends_on', null],
    ['tags', null],
    ['history', null],
    ['last_activity', null]
  ])('rejects %s = null (not an Option)', (field, value) => {
    expect(taskV2Schema.safeParse(taskV2({ [field]: value })).error?.issues[0]?.path).toEqual([field])
  })

  it('Meridian’s Task takes any u32 schema_version, or none; our v2 schema pins it to 2', () => {
    const record = taskV2()
    delete record.schema_version
    expect(meridianTaskSchema.safeParse(record).success).toBe(true)
    expect(meridianTaskSchema.safeParse(taskV2({ schema_version: 7 })).success).toBe(true)
    expect(meridianTaskSchema.safeParse(taskV2({ schema_version: -1 })).success).toBe(false)
    expect(taskV2Schema.safeParse(taskV2({ schema_version: 7 })).success).toBe(false)
  })

  it('the written form needs every field explicit, null for None', () => {
    expect(taskV2WrittenSchema.safeParse(taskV2({ actual_hours: null, commit_hash: null })).success).toBe(true)
    const record = taskV2()
    delete record.commit_hash
    expect(taskV2WrittenSchema.safeParse(record).error?.issues[0]?.path).toEqual(['commit_hash'])
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
