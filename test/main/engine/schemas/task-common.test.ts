import { describe, expect, it } from 'vitest'
import { rfc3339, taskPrioritySchema, taskStatusSchema } from '../../../../src/main/engine/schemas/task-common.ts'
import { taskV1Schema } from '../../../../src/main/engine/schemas/task-v1.ts'
import { taskV2Schema } from '../../../../src/main/engine/schemas/task-v2.ts'
import { taskV3Schema } from '../../../helpers/example-set.ts'
import { taskV1, taskV2, taskV3 } from '../../../helpers/tasks.ts'

const versions = [
  ['v1', taskV1Schema, taskV1],
  ['v2', taskV2Schema, taskV2],
  ['v3', taskV3Schema, taskV3]
] as const

describe('RFC 3339 timestamps', () => {
  it.each(['2024-01-01T12:00:00Z', '2024-01-01T12:00:00.123456789Z', '2024-01-01T12:00:00+02:00', '2024-01-01T12:00:00.5-05:30'])(
    'accepts %s as Meridian’s chrono writes it',
    (value) => {
      expect(rfc3339.safeParse(value).success).toBe(true)
    }
  )

  it.each(['2024-01-01 12:00:00Z', '2024-01-01T12:00:00+0100', '2024-01-01T12:34:60Z', '2024-02-29T00:00:00Z', '2024-01-01T00:00:00.1234567891Z'])(
    'accepts %s, as chrono also reads it',
    (value) => {
      expect(rfc3339.safeParse(value).success).toBe(true)
    }
  )

  it.each([
    '2024-01-01',
    '2024-01-01T12:00:00',
    '2024-13-01T12:00:00Z',
    '2023-02-29T00:00:00Z',
    '2024-01-01T12:34:61Z',
    '2024-01-01T12:00:00+24:00',
    '2024-01-01T12:00:00.Z',
    'yesterday',
    ''
  ])('rejects %j', (value) => {
    expect(rfc3339.safeParse(value).success).toBe(false)
  })
})

describe('Task v1 schema (Meridian’s migration reads history and tags as required)', () => {
  it.each(['history', 'tags'])('rejects a v1 record without %s', (field) => {
    const record = taskV1()
    delete record[field]
    expect(taskV1Schema.safeParse(record).error?.issues[0]?.path).toEqual([field])
  })
})

describe('Task status and priority', () => {
  it('knows exactly Meridian’s five statuses and four priorities', () => {
    expect(taskStatusSchema.options).toEqual(['pending', 'in_progress', 'blocked', 'done', 'cancelled'])
    expect(taskPrioritySchema.options).toEqual(['low', 'medium', 'high', 'critical'])
  })
})

describe.each(versions)('Task %s schema (shared fields)', (_version, schema, sample) => {
  it('accepts the sample record', () => {
    const result = schema.safeParse(sample())
    expect(result.error?.issues).toBeUndefined()
    expect(result.success).toBe(true)
  })

  it('accepts Rust Options written as null or left out', () => {
    const record = sample({ description: null, session_id: null, completed_at: null, estimated_hours: null, episode_id: null })
    delete record.commit_hash
    delete record.actual_hours
    delete record.active_session_id
    expect(schema.safeParse(record).success).toBe(true)
  })

  it('keeps unknown fields (loose objects)', () => {
    const parsed = schema.parse(sample({ added_by_newer_meridian: { a: 1 } }))
    expect(parsed.added_by_newer_meridian).toEqual({ a: 1 })
  })

  it('accepts an empty id (a Rust String)', () => {
    expect(schema.safeParse(sample({ id: '' })).success).toBe(true)
  })

  it.each([
    ['status', 'finished'],
    ['priority', 'urgent'],
    ['created_at', '2024-03-01'],
    ['updated_at', 12345],
    ['tags', 'backend'],
    ['id', 7]
  ])('rejects %s = %j, naming the field', (field, value) => {
    const result = schema.safeParse(sample({ [field]: value }))
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.path).toEqual([field])
  })

  it.each(['id', 'title', 'status', 'priority', 'created_at', 'updated_at'])('rejects a record without %s', (field) => {
    const record = sample()
    delete record[field]
    const result = schema.safeParse(record)
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.path).toEqual([field])
  })

  it('rejects a history entry with an unknown status or a bad timestamp', () => {
    expect(schema.safeParse(sample({ history: [{ timestamp: '2024-01-01T00:00:00Z', to: 'archived' }] })).success).toBe(false)
    expect(schema.safeParse(sample({ history: [{ timestamp: 'now', to: 'done' }] })).success).toBe(false)
    expect(schema.safeParse(sample({ history: [{ timestamp: '2024-01-01T00:00:00Z', from: null, to: 'done', note: null }] })).success).toBe(true)
  })
})
