import { describe, expect, it } from 'vitest'
import { taskV1ToV2 } from '../../../../src/main/engine/migrations/task-v1-to-v2.ts'
import { taskV2Schema } from '../../../../src/main/engine/schemas/task-v2.ts'
import { taskV1 } from '../../../helpers/tasks.ts'
import { thrownBy } from '../../../helpers/temp-store.ts'

const KEY = 'task:task-1'

const failureOf = (value: unknown): Error & { code?: string } => thrownBy(() => taskV1ToV2.migrateItem(KEY, value))

describe('Task v1 → v2', () => {
  it('declares the step v1 → v2 for task: records', () => {
    expect(taskV1ToV2).toMatchObject({ from: 1, to: 2, keyPrefix: 'task:', recordType: 'Task' })
    expect(taskV1ToV2.name).toContain('depends_on and related_tasks')
  })

  it('adds depends_on [], related_tasks [], started_at null, last_activity = updated_at, timeout_hours null and sets schema_version 2', () => {
    const input = taskV1()
    const output = taskV1ToV2.migrateItem(KEY, input)
    expect(output).toEqual({
      ...input,
      schema_version: 2,
      depends_on: [],
      related_tasks: [],
      started_at: null,
      last_activity: '2024-03-02T10:30:00.123456789Z',
      timeout_hours: null
    })
    expect(taskV2Schema.safeParse(output).success).toBe(true)
  })

  it('migrates a record with schema_version 1 exactly like one without it', () => {
    const withVersion = taskV1ToV2.migrateItem(KEY, { schema_version: 1, ...taskV1() })
    const withoutVersion = taskV1ToV2.migrateItem(KEY, taskV1())
    expect(withVersion).toEqual(withoutVersion)
    expect(withVersion.schema_version).toBe(2)
  })

  it('takes last_activity from each record’s own updated_at', () => {
    const output = taskV1ToV2.migrateItem(KEY, taskV1({ updated_at: '2025-06-30T23:59:59+02:00' }))
    expect(output.last_activity).toBe('2025-06-30T23:59:59+02:00')
  })

  it('keeps the spec_ref and every other v1 field unchanged', () => {
    const input = taskV1({ completed_at: '2024-04-01T00:00:00Z', status: 'done', commit_hash: 'abc123', actual_hours: 3.5 })
    const output = taskV1ToV2.migrateItem(KEY, input)
    for (const [field, value] of Object.entries(input)) expect(output[field], field).toEqual(value)
  })

  it('keeps unknown extra fields, at the top level and inside history entries and spec_ref', () => {
    const input = taskV1({
      future_field: { nested: [1, 2, 3] },
      spec_ref: { spec_name: 'storage-engine', section: '2.1', anchor: '#keys' },
      history: [{ timestamp: '2024-03-01T09:00:00Z', to: 'pending', actor: 'agent-7' }]
    })
    const output = taskV1ToV2.migrateItem(KEY, input)
    expect(output.future_field).toEqual({ nested: [1, 2, 3] })
    expect(output.spec_ref).toEqual({ spec_name: 'storage-engine', section: '2.1', anchor: '#keys' })
    expect(output.history).toEqual([{ timestamp: '2024-03-01T09:00:00Z', to: 'pending', actor: 'agent-7' }])
  })

  it('does not mutate its input', () => {
    const input = taskV1()
    const copy = structuredClone(input)
    taskV1ToV2.migrateItem(KEY, input)
    expect(input).toEqual(copy)
  })

  it('rejects an invalid status with MIGRATION_FAILED naming the key, the version and the field path', () => {
    const error = failureOf(taskV1({ status: 'finished' }))
    expect(error.code).toBe('MIGRATION_FAILED')
    expect(error.message).toContain('task:task-1')
    expect(error.message).toContain('v1')
    expect(error.message).toMatch(/\bstatus\b/)
  })

  it('names a nested field path such as history[1].timestamp', () => {
    const input = taskV1()
    ;(input.history as Array<Record<string, unknown>>)[1]!.timestamp = 'yesterday'
    const error = failureOf(input)
    expect(error.code).toBe('MIGRATION_FAILED')
    expect(error.message).toContain('history[1].timestamp')
    expect(error.message).toContain('(key task:task-1)')
  })

  it('rejects a record missing a required field (title), naming it', () => {
    const { title: _title, ...input } = taskV1()
    const error = failureOf(input)
    expect(error.code).toBe('MIGRATION_FAILED')
    expect(error.message).toMatch(/Task v1: title/)
  })

  it('rejects a record that claims schema_version 2 as v1 input', () => {
    const error = failureOf(taskV1({ schema_version: 2 }))
    expect(error.code).toBe('MIGRATION_FAILED')
    expect(error.message).toContain('schema_version')
  })
})
