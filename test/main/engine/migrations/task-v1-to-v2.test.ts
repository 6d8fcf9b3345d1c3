import { describe, expect, it } from 'vitest'
import { taskV1ToV2, taskV1ToV2Loss, taskV2FieldFate } from '../../../../src/main/engine/migrations/task-v1-to-v2.ts'
import { taskV2Schema } from '../../../../src/main/engine/schemas/task-v2.ts'
import { taskV2WrittenSchema } from '../../../../src/main/engine/schemas/task-v2-written.ts'
import type { TaskV1 } from '../../../../src/main/engine/schemas/task-v1.ts'
import { taskV1 as taskV1Json, type Json } from '../../../helpers/tasks.ts'
import { thrownBy } from '../../../helpers/temp-store.ts'

const KEY = 'task:task-1'

/** A v1 task fixture, typed as the step's input (the fixtures are valid v1 records). */
const taskV1 = (overrides: Json = {}): TaskV1 => taskV1Json(overrides) as TaskV1

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
    expect(taskV2WrittenSchema.safeParse(output).success).toBe(true)
  })

  it('writes every v2 field explicitly, null for an Option the v1 record left out, as Meridian’s serde would', () => {
    const input = taskV1()
    for (const field of [
      'description',
      'spec_ref',
      'session_id',
      'active_session_id',
      'completed_at',
      'estimated_hours',
      'actual_hours',
      'commit_hash',
      'episode_id'
    ]) {
      delete input[field]
    }
    const output = taskV1ToV2.migrateItem(KEY, input)
    for (const field of Object.keys(taskV2WrittenSchema.shape)) expect(output, field).toHaveProperty(field)
    expect(output).toMatchObject({ description: null, spec_ref: null, commit_hash: null, estimated_hours: null, episode_id: null })
  })

  it('keeps the v2 values a pre-versioning task already holds (first release: related_tasks)', () => {
    const input = taskV1({ related_tasks: ['task-7', 'task-9'] })
    const output = taskV1ToV2.migrateItem(KEY, input)
    expect(output.related_tasks).toEqual(['task-7', 'task-9'])
    expect(output.depends_on).toEqual([])
    expect(taskV1ToV2Loss(input)).toEqual([])
  })

  it('keeps started_at, last_activity, timeout_hours and related_tasks of a later pre-versioning task', () => {
    const held = { started_at: '2024-03-01T09:30:00Z', last_activity: '2024-03-05T08:00:00.5+01:00', timeout_hours: 48, related_tasks: ['task-2'] }
    const output = taskV1ToV2.migrateItem(KEY, taskV1(held))
    expect(output).toMatchObject({ ...held, depends_on: [], schema_version: 2 })
  })

  it('loses nothing of an unversioned record that already holds every v2 field', () => {
    const held = { depends_on: ['task-0'], related_tasks: ['task-3'], started_at: null, last_activity: '2024-03-02T11:00:00Z', timeout_hours: 0 }
    const input = taskV1(held)
    const output = taskV1ToV2.migrateItem(KEY, input)
    for (const [field, value] of Object.entries(input)) expect(output[field], field).toEqual(value)
    expect(taskV1ToV2Loss(input)).toEqual([])
  })

  it.each([
    ['timeout_hours', 4.5, null],
    ['timeout_hours', -1, null],
    ['timeout_hours', 4294967296, null],
    ['started_at', 'last tuesday', null],
    ['last_activity', null, '2024-03-02T10:30:00.123456789Z'],
    ['related_tasks', 'task-2', []],
    ['depends_on', [1, 2], []]
  ])('replaces %s = %j, which v2 cannot hold, by the default and reports it as lost', (field, value, replacement) => {
    const input = taskV1({ [field]: value })
    expect(taskV2FieldFate(input, field)).toBe('lost')
    expect(taskV1ToV2.migrateItem(KEY, input)[field]).toEqual(replacement)
    const loses = taskV1ToV2Loss(input)
    expect(loses).toHaveLength(1)
    expect(loses[0]).toContain(`${field}: ${JSON.stringify(value)}`)
  })

  it('tells kept from defaulted from lost, field by field', () => {
    const input = taskV1({ related_tasks: ['a'], timeout_hours: 4.5 })
    expect(taskV2FieldFate(input, 'related_tasks')).toBe('kept')
    expect(taskV2FieldFate(input, 'depends_on')).toBe('defaulted')
    expect(taskV2FieldFate(input, 'timeout_hours')).toBe('lost')
  })

  it('accepts an empty id and the date forms chrono reads', () => {
    const output = taskV1ToV2.migrateItem(KEY, taskV1({ id: '', created_at: '2024-03-01 09:00:00+0100', updated_at: '2024-03-01T23:59:60Z' }))
    expect(output.last_activity).toBe('2024-03-01T23:59:60Z')
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
