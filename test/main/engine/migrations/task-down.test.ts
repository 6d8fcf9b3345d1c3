import { describe, expect, it } from 'vitest'
import { taskV1ToV2 } from '../../../../src/main/engine/migrations/task-v1-to-v2.ts'
import { taskV2ToV1, taskV2ToV1Loss } from '../../../../src/main/engine/migrations/task-v2-to-v1.ts'
import { taskV1Schema } from '../../../../src/main/engine/schemas/task-v1.ts'
import { taskV2Schema, type TaskV2 } from '../../../../src/main/engine/schemas/task-v2.ts'
import { taskV1, taskV2 } from '../../../helpers/tasks.ts'

const KEY = 'task:task-1'

/** A v2 task holding nothing v1 lacks: what v1 → v2 itself produces. */
const losslessV2 = (): Record<string, unknown> => taskV1ToV2.migrateItem(KEY, taskV1())

describe('Task v2 → v1', () => {
  it('declares the down step v2 → v1 for task: records, with a loss report', () => {
    expect(taskV2ToV1).toMatchObject({ from: 2, to: 1, keyPrefix: 'task:', recordType: 'Task' })
  })

  it('drops the v2 fields and sets schema_version 1, keeping everything else', () => {
    const input = taskV2({ extra_field: 'kept' })
    const output = taskV2ToV1.migrateItem(KEY, input)
    for (const field of ['depends_on', 'related_tasks', 'started_at', 'last_activity', 'timeout_hours']) expect(field in output).toBe(false)
    expect(output).toMatchObject({ schema_version: 1, spec_ref: input.spec_ref, extra_field: 'kept', title: input.title })
    expect(taskV1Schema.safeParse(output).success).toBe(true)
  })

  it('reports each non-default v2 value as lost', () => {
    const task = taskV2Schema.parse(
      taskV2({
        depends_on: ['a', 'b', 'c'],
        related_tasks: ['d'],
        started_at: '2024-03-02T10:30:00Z',
        last_activity: '2024-04-01T00:00:00Z',
        timeout_hours: 24
      })
    )
    expect(taskV2ToV1Loss(task)).toEqual([
      'depends_on: 3 ids',
      'related_tasks: 1 id',
      'started_at: 2024-03-02T10:30:00Z',
      'last_activity: 2024-04-01T00:00:00Z',
      'timeout_hours: 24'
    ])
  })

  it('reports nothing for a task that holds only what v1 → v2 puts back', () => {
    expect(taskV2ToV1Loss(losslessV2() as TaskV2)).toEqual([])
  })

  it('round-trips a lossless task through v1 → v2', () => {
    const input = losslessV2()
    expect(taskV1ToV2.migrateItem(KEY, taskV2ToV1.migrateItem(KEY, input))).toEqual(input)
  })

  it('fails a record that breaks the v2 schema with the key and the field path', () => {
    expect(() => taskV2ToV1.migrateItem(KEY, taskV2({ depends_on: 'a' }))).toThrow(/Task v2: depends_on: .*\(key task:task-1\)/)
  })
})
